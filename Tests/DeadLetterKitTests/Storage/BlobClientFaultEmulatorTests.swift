import AzureEmulator
import XCTest
@testable import DeadLetterKit

/// Injected 503 (+ Retry-After), 500, 429, dropped connections and truncated bodies: retried, with no blob lost or
/// repeated; and what the caller sees when the policy gives up.
final class BlobClientFaultEmulatorTests: XCTestCase {
    private func seed(_ server: EmulatorServer, count: Int) async throws -> [String] {
        try await server.createContainer("dlq")
        let names = (0..<count).map { "ep1/2024/1/\($0 % 5 + 1)/\($0 % 24)/\($0)-\(String(repeating: "n", count: $0 % 7)).json" }
        for name in names { try await server.putBlob(container: "dlq", name: name, bytes: BlobEmulatorHarness.content(for: name)) }
        return names.sorted()
    }

    func testEveryBlobListedAndReadExactlyOnceDespiteFaults() async throws {
        var configuration = EmulatorConfiguration()
        configuration.seed = 42
        try await BlobEmulatorHarness.run(configuration) { server, httpClient in
            let names = try await seed(server, count: 120)
            await server.setFaults(FaultPlan(serverBusyRate: 0.1, internalErrorRate: 0.08, throttleRate: 0.05, dropRate: 0.07,
                                             truncateRate: 0.07, retryAfterSeconds: 0), for: .blob)
            let client = try BlobEmulatorHarness.sharedKeyClient(server, httpClient)
            for pageSize in [1, 7, 5000] {
                let (listed, _) = try await BlobEmulatorHarness.listAll(client, pageSize: pageSize)
                XCTAssertEqual(listed, names, "pageSize \(pageSize): nothing lost, nothing repeated")
            }
            for name in names {
                let bytes = try await client.downloadBlob(named: name)
                XCTAssertEqual(bytes, BlobEmulatorHarness.content(for: name), name)
            }
            let counters = await server.counters
            for outcome in [FaultDecision.Outcome.serverBusy, .droppedConnection, .truncatedBody, .throttled] {
                XCTAssertGreaterThan(counters.faults(outcome), 0, "\(outcome) was injected")
            }
            XCTAssertGreaterThan(counters.faults(.internalError) + counters.faults(.operationTimedOut), 0)
        }
    }

    func testStreamedReadsRetryBeforeTheFirstChunk() async throws {
        var configuration = EmulatorConfiguration()
        configuration.seed = 7
        try await BlobEmulatorHarness.run(configuration) { server, httpClient in
            let names = try await seed(server, count: 30)
            await server.setFaults(FaultPlan(serverBusyRate: 0.25, internalErrorRate: 0.1, dropRate: 0.1, retryAfterSeconds: 0), for: .blob)
            let client = try BlobEmulatorHarness.sharedKeyClient(server, httpClient)
            for name in names {
                var bytes: [UInt8] = []
                for try await chunk in try await client.readBlob(named: name) { bytes += chunk }
                XCTAssertEqual(bytes, BlobEmulatorHarness.content(for: name))
            }
            let counters = await server.counters
            XCTAssertGreaterThan(counters.faults(.serverBusy) + counters.faults(.droppedConnection), 0)
        }
    }

    func testAStreamCutEveryTimeGivesUpOnceTheResumesAreUsed() async throws {
        try await BlobEmulatorHarness.run { server, httpClient in
            try await server.createContainer("dlq")
            let large = [UInt8](repeating: 0x41, count: 2_000_000)
            try await server.putBlob(container: "dlq", name: "big.bin", bytes: large)
            await server.setFaults(FaultPlan(truncateRate: 1), for: .blob)
            let client = try BlobEmulatorHarness.sharedKeyClient(server, httpClient)
            var delivered = 0
            do {
                for try await chunk in try await client.readBlob(named: "big.bin") { delivered += chunk.count }
                XCTFail("a truncated stream ended normally")
            } catch let error as BlobServiceError {
                guard case .interrupted(let blob, let deliveredBytes, _, _) = error else { return XCTFail("\(error)") }
                XCTAssertEqual(blob, "big.bin")
                XCTAssertEqual(Int(deliveredBytes), delivered)
                XCTAssertGreaterThan(delivered, 0)
                XCTAssertLessThan(delivered, large.count)
            }
            let counters = await server.counters
            // Each break resumes from the next byte (BlobReadResumeFaultTests); with every answer cut, the policy's
            // 12 attempts allow the first answer and 11 resumes.
            XCTAssertEqual(counters[AzureEmulator.BlobOperation.getBlob], 12, "the first answer and 11 ranged resumes")

            // The whole-blob download retries truncations from the start, and gives up with the truncation named.
            await server.resetCounters()
            do {
                _ = try await client.downloadBlob(named: "big.bin")
                XCTFail("no error")
            } catch let error as BlobServiceError {
                guard case .retriesExhausted(let attempts, _, let last) = error else { return XCTFail("\(error)") }
                XCTAssertEqual(attempts, 12)
                XCTAssertTrue(last.description.contains("big.bin"), last.description)
            }
            let retried = await server.counters
            XCTAssertEqual(retried[AzureEmulator.BlobOperation.getBlob], 12)
        }
    }

    func testRetryAfterIsHonouredAndTheGiveUpNamesTheStatus() async throws {
        try await BlobEmulatorHarness.run { server, httpClient in
            _ = try await seed(server, count: 1)
            await server.setFaults(FaultPlan(serverBusyRate: 1, retryAfterSeconds: 1), for: .blob)
            let policy = RetryPolicy(maxAttempts: 3, maxTotalTime: .seconds(30), baseDelay: .milliseconds(1), maxDelay: .milliseconds(2))
            let client = try BlobEmulatorHarness.sharedKeyClient(server, httpClient, retry: policy)
            let started = ContinuousClock.now
            do {
                _ = try await client.listPage(prefix: "", delimiter: nil, marker: nil, maxResults: nil)
                XCTFail("no error")
            } catch let error as BlobServiceError {
                XCTAssertEqual(error.status, 503)
                XCTAssertEqual(error.errorCode, "ServerBusy")
                XCTAssertTrue(error.description.contains("[3 attempts; gave up after 3 attempts]"), error.description)
            }
            let elapsed = ContinuousClock.now - started
            XCTAssertGreaterThanOrEqual(elapsed, .seconds(2), "two waits of Retry-After: 1, not the 1 ms back-off")
            let counters = await server.counters
            XCTAssertEqual(counters[AzureEmulator.BlobOperation.listBlobs], 3)
        }
    }

    func testInternalErrorsGiveUpAfterTheCap() async throws {
        try await BlobEmulatorHarness.run { server, httpClient in
            _ = try await seed(server, count: 1)
            await server.setFaults(FaultPlan(internalErrorRate: 1), for: .blob)
            let policy = RetryPolicy(maxAttempts: 4, baseDelay: .milliseconds(1), maxDelay: .milliseconds(2))
            let client = try BlobEmulatorHarness.sharedKeyClient(server, httpClient, retry: policy)
            do {
                _ = try await client.downloadBlob(named: try await server.blobNames(container: "dlq")[0])
                XCTFail("no error")
            } catch let error as BlobServiceError {
                XCTAssertEqual(error.status, 500)
                XCTAssertTrue(["InternalError", "OperationTimedOut"].contains(error.errorCode ?? ""))
            }
            let counters = await server.counters
            XCTAssertEqual(counters[AzureEmulator.BlobOperation.getBlob], 4)
        }
    }

    func testRefusedConnectionsAreRetriedThenReported() async throws {
        // Start and stop an emulator to get a port nobody listens on.
        let server = try await EmulatorServer.start(EmulatorConfiguration())
        let endpoint = server.blobEndpoint()
        try await server.shutdown()
        let httpClient = BlobClient.makeHTTPClient(BlobClientConfiguration(connectTimeout: .seconds(2)))
        let policy = RetryPolicy(maxAttempts: 3, baseDelay: .milliseconds(1), maxDelay: .milliseconds(2))
        let client = BlobClient(location: try BlobContainerLocation(url: endpoint + "/dlq"), authorizer: AnonymousAuthorizer(),
                                httpClient: httpClient, configuration: BlobClientConfiguration(retry: policy))
        do {
            _ = try await client.listPage(prefix: "", delimiter: nil, marker: nil, maxResults: nil)
            XCTFail("no error")
        } catch let error as BlobServiceError {
            guard case .retriesExhausted(let attempts, _, let last) = error, case .transport(let reason, _) = last else {
                return XCTFail("\(error)")
            }
            XCTAssertEqual(attempts, 3)
            XCTAssertTrue(reason.hasPrefix("could not connect"), reason)
        }
        try await httpClient.shutdown()
    }
}
