import AsyncHTTPClient
import XCTest
@testable import AzureEmulator

final class FaultInjectionTests: EmulatorTestCase {
    private func harness(_ plan: FaultPlan, service: EmulatorService = .blob, seed: UInt64 = 1) async throws -> EmulatorHarness {
        var configuration = EmulatorConfiguration()
        configuration.faults = [service: plan]
        configuration.seed = seed
        let harness = try await startHarness(configuration)
        try await harness.server.createContainer("dlq")
        try await harness.server.putBlob(container: "dlq", name: "a.json", bytes: Array(repeating: 65, count: 10_000))
        return harness
    }

    func testServerBusyCarriesRetryAfter() async throws {
        let harness = try await harness(FaultPlan(serverBusyRate: 1, retryAfterSeconds: 3))
        let response = try await harness.send("GET", harness.blobPath("dlq", "a.json"))
        XCTAssertEqual(response.status, 503)
        XCTAssertEqual(response.errorCode, "ServerBusy")
        XCTAssertEqual(response.header("Retry-After"), "3")
        XCTAssertNotNil(response.header("x-ms-request-id"))
        let counters = await harness.server.counters
        XCTAssertEqual(counters.faults(.serverBusy), 1)
        XCTAssertEqual(counters[.getBlob], 1)
        try await harness.shutdown()
    }

    func testInternalErrorsAndThrottling() async throws {
        let fiveHundreds = try await harness(FaultPlan(internalErrorRate: 1))
        var codes = Set<String>()
        for _ in 0..<12 {
            let response = try await fiveHundreds.send("GET", fiveHundreds.blobPath("dlq", "a.json"))
            XCTAssertEqual(response.status, 500)
            codes.insert(response.errorCode ?? "")
        }
        XCTAssertEqual(codes, ["InternalError", "OperationTimedOut"])
        try await fiveHundreds.shutdown()

        let throttled = try await harness(FaultPlan(throttleRate: 1))
        let response = try await throttled.send("GET", throttled.containerPath("dlq"), query: "restype=container&comp=list")
        XCTAssertEqual(response.status, 429)
        XCTAssertEqual(response.header("Retry-After"), "1")
        try await throttled.shutdown()
    }

    func testDroppedConnectionAnswersNothingAndChangesNothing() async throws {
        let harness = try await harness(FaultPlan(dropRate: 1))
        do {
            _ = try await harness.send("DELETE", harness.blobPath("dlq", "a.json"))
            XCTFail("a dropped connection must not produce a response")
        } catch {
            // expected: the connection closed without an answer
        }
        let remaining = try await harness.server.blobNames(container: "dlq")
        XCTAssertEqual(remaining, ["a.json"], "a dropped request is not processed")
        let drops = await harness.server.counters.faults(.droppedConnection)
        XCTAssertEqual(drops, 1)
        try await harness.shutdown()
    }

    func testTruncatedBodyStopsShortOfContentLength() async throws {
        let harness = try await harness(FaultPlan(truncateRate: 1))
        do {
            let response = try await harness.send("GET", harness.blobPath("dlq", "a.json"))
            XCTAssertLessThan(response.body.count, 10_000, "a truncated body cannot be complete")
            XCTFail("expected the client to notice the short body, got \(response.body.count) bytes")
        } catch {
            // expected: AsyncHTTPClient reports the connection closing before Content-Length bytes arrived
        }
        let truncations = await harness.server.counters.faults(.truncatedBody)
        XCTAssertEqual(truncations, 1)
        try await harness.shutdown()
    }

    func testLatencyIsAdded() async throws {
        let harness = try await harness(FaultPlan(latencyMilliseconds: 150))
        let start = Date()
        let response = try await harness.send("GET", harness.blobPath("dlq", "a.json"))
        XCTAssertEqual(response.status, 200)
        XCTAssertGreaterThanOrEqual(Date().timeIntervalSince(start), 0.15)
        let delayed = await harness.server.counters.delayedRequests
        XCTAssertEqual(delayed, 1)
        try await harness.shutdown()
    }

    func testPageSizeCapStillLeadsThroughEveryBlob() async throws {
        let harness = try await harness(FaultPlan(maxPageSize: 3))
        for i in 0..<9 { try await harness.server.putBlob(container: "dlq", name: "b\(i)", bytes: [1]) }
        let (names, pages) = try await harness.listAll("dlq", maxResults: 100)
        XCTAssertEqual(names.count, 10)
        XCTAssertEqual(pages, 4)
        let capped = await harness.server.counters.cappedPages
        XCTAssertEqual(capped, 4)
        try await harness.shutdown()
    }

    /// The same seed gives the same statuses, request by request; another seed does not.
    func testFaultSequenceIsDeterministic() async throws {
        let plan = FaultPlan(serverBusyRate: 0.25, internalErrorRate: 0.15, throttleRate: 0.1)
        func statuses(seed: UInt64) async throws -> [Int] {
            let harness = try await harness(plan, seed: seed)
            var result: [Int] = []
            for _ in 0..<40 { result.append(try await harness.send("HEAD", harness.blobPath("dlq", "a.json")).status) }
            try await harness.shutdown()
            return result
        }
        let first = try await statuses(seed: 99)
        let second = try await statuses(seed: 99)
        XCTAssertEqual(first, second)
        XCTAssert(first.contains(503) && first.contains(200), "\(first)")
        let expected = (0..<40).map { n -> Int in
            switch FaultDecision.decide(plan: plan, seed: 99, service: .blob, requestNumber: UInt64(n)).outcome {
            case .serverBusy: return 503
            case .internalError, .operationTimedOut: return 500
            case .throttled: return 429
            default: return 200
            }
        }
        XCTAssertEqual(first, expected, "the HTTP answers follow the pure decision function")
        let otherSeed = try await statuses(seed: 100)
        XCTAssertNotEqual(otherSeed, first)
    }

    func testFaultsApplyPerServiceIncludingSinks() async throws {
        let harness = try await harness(FaultPlan(serverBusyRate: 1), service: .eventGrid)
        let blob = try await harness.send("GET", harness.blobPath("dlq", "a.json"))
        XCTAssertEqual(blob.status, 200, "the Blob service is not faulted")
        let publish = try await harness.send("POST", "/replay-topic/api/events", body: Array("[]".utf8), auth: .anonymous)
        XCTAssertEqual(publish.status, 503)
        XCTAssert(publish.text.contains("\"error\""), publish.text)
        XCTAssertNotNil(publish.header("Retry-After"))
        let counters = await harness.server.counters
        XCTAssertEqual(counters.publishes(to: .eventGrid), 1)
        XCTAssertEqual(counters.publishes(toSink: "replay-topic"), 1)
        XCTAssertEqual(counters.requests(to: .eventGrid), 1)
        XCTAssertEqual(counters.faults(.serverBusy), 1)
        try await harness.shutdown()
    }

    func testFaultsChangeAtRuntimeThroughTheAdminEndpoint() async throws {
        let harness = try await harness(.none)
        let set = try await harness.send("PUT", "/_emulator/faults/blob", body: Array(#"{"serverBusyRate":1,"retryAfterSeconds":7}"#.utf8), auth: .anonymous)
        XCTAssertEqual(set.status, 200, set.text)
        let faulted = try await harness.send("GET", harness.blobPath("dlq", "a.json"))
        XCTAssertEqual(faulted.status, 503)
        XCTAssertEqual(faulted.header("Retry-After"), "7")
        let invalid = try await harness.send("PUT", "/_emulator/faults/blob", body: Array(#"{"dropRate":2}"#.utf8), auth: .anonymous)
        XCTAssertEqual(invalid.status, 400)
        XCTAssert(invalid.text.contains("dropRate"))
        await harness.server.setFaults(.none, for: .blob)
        let healthyAgain = try await harness.send("GET", harness.blobPath("dlq", "a.json")).status
        XCTAssertEqual(healthyAgain, 200)

        let counters = try await harness.send("GET", "/_emulator/counters", auth: .anonymous)
        XCTAssertEqual(counters.status, 200)
        let decoded = try JSONDecoder().decode(RequestCounters.self, from: Data(counters.body))
        XCTAssertEqual(decoded[.getBlob], 2)
        XCTAssertEqual(decoded.faults(.serverBusy), 1)
        let reset = try await harness.send("POST", "/_emulator/counters/reset", auth: .anonymous).status
        XCTAssertEqual(reset, 204)
        let cleared = await harness.server.counters
        XCTAssertEqual(cleared, RequestCounters())
        try await harness.shutdown()
    }
}
