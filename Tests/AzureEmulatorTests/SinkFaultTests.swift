import AsyncHTTPClient
import NIOCore
import XCTest
@testable import AzureEmulator

/// The publish sinks under every fault kind the Blob service has, over real HTTP: what the client sees for each
/// request follows the seeded decision, and the sink records exactly the requests it processed — including the ones
/// whose answer was lost, which is where a publisher's duplicates come from.
final class SinkFaultTests: EmulatorTestCase {
    private let hub = "replay-hub"

    private func harness(_ plan: FaultPlan, service: EmulatorService = .eventHubs, seed: UInt64 = 5) async throws -> EmulatorHarness {
        var configuration = EmulatorConfiguration()
        configuration.faults = [service: plan]
        configuration.seed = seed
        return try await startHarness(configuration)
    }

    /// What one publish came back with: an HTTP status, or no answer at all.
    private enum Heard: Equatable {
        case status(Int)
        case noAnswer
    }

    private func publishToHub(_ harness: EmulatorHarness, body: String, timeout: TimeAmount = .seconds(10)) async -> (Heard, HTTPClientResponse?) {
        var request = HTTPClientRequest(url: harness.server.baseURL + "/\(hub)/messages?timeout=60&api-version=2014-01")
        request.method = .POST
        request.headers.add(name: "Authorization", value: "Bearer \(SinkConfiguration.defaultBearerToken)")
        request.headers.add(name: "Content-Type", value: "application/atom+xml;type=entry;charset=utf-8")
        request.body = .bytes(ByteBuffer(string: body))
        do {
            let response = try await harness.http.execute(request, timeout: timeout)
            _ = try await response.body.collect(upTo: 1 << 20)
            return (.status(Int(response.status.code)), response)
        } catch {
            return (.noAnswer, nil)
        }
    }

    func testEveryFaultKindFollowsTheDecisionAndOnlyProcessedRequestsAreRecorded() async throws {
        let plan = FaultPlan(serverBusyRate: 0.1, internalErrorRate: 0.1, throttleRate: 0.1, dropRate: 0.1, truncateRate: 0.1,
                             hangRate: 0.04, retryAfterSeconds: 2)
        let seed: UInt64 = 5
        let harness = try await harness(plan, seed: seed)
        let count = 80
        var expectedRecorded: [String] = []
        var seen: Set<FaultDecision.Outcome> = []
        for n in 0..<count {
            let body = "message-\(n)"
            let decision = FaultDecision.decide(plan: plan, seed: seed, service: .eventHubs, requestNumber: UInt64(n))
            seen.insert(decision.outcome)
            // A hung request only ends by the client's own deadline; the others answer at once.
            let (heard, response) = await publishToHub(harness, body: body, timeout: decision.outcome == .hung ? .milliseconds(300) : .seconds(10))
            switch decision.outcome {
            case .none:
                XCTAssertEqual(heard, .status(201), "request \(n)")
                expectedRecorded.append(body)
            case .serverBusy:
                XCTAssertEqual(heard, .status(503), "request \(n)")
                XCTAssertEqual(response?.headers.first(name: "Retry-After"), "2")
            case .internalError, .operationTimedOut:
                XCTAssertEqual(heard, .status(500), "request \(n)")
            case .throttled:
                XCTAssertEqual(heard, .status(429), "request \(n)")
                XCTAssertEqual(response?.headers.first(name: "Retry-After"), "2")
            case .droppedConnection, .hung:
                XCTAssertEqual(heard, .noAnswer, "request \(n): \(decision.outcome)")
            case .truncatedBody:
                // A 201 has no body to cut: the message is recorded and the answer lost.
                XCTAssertEqual(heard, .noAnswer, "request \(n)")
                expectedRecorded.append(body)
            case .responseLost:
                XCTFail("responseLost is an effect, never a decision")
            }
        }
        XCTAssertEqual(seen, [.none, .serverBusy, .internalError, .operationTimedOut, .throttled, .droppedConnection, .truncatedBody, .hung],
                       "seed \(seed) exercises every kind in \(count) requests")

        let recorded = await harness.server.sinks.received(hub).map(\.bodyText)
        XCTAssertEqual(recorded, expectedRecorded, "recorded: exactly the processed requests, in order")
        let counters = await harness.server.counters
        let decisions = (0..<count).map { FaultDecision.decide(plan: plan, seed: seed, service: .eventHubs, requestNumber: UInt64($0)).outcome }
        XCTAssertEqual(counters.faults(.responseLost), decisions.filter { $0 == .truncatedBody }.count)
        XCTAssertEqual(counters.faults(.truncatedBody), 0, "nothing had a body to cut")
        XCTAssertEqual(counters.faults(.hung), decisions.filter { $0 == .hung }.count)
        XCTAssertEqual(counters.faults(.droppedConnection), decisions.filter { $0 == .droppedConnection }.count)
        XCTAssertEqual(counters.publishes(toSink: hub), count)
    }

    func testALostAnswerThenAResendRecordsTheMessageTwice() async throws {
        let harness = try await harness(FaultPlan(truncateRate: 1), service: .eventGrid)
        var request = HTTPClientRequest(url: harness.server.baseURL + "/replay-topic/api/events")
        request.method = .POST
        request.headers.add(name: "aeg-sas-key", value: SinkConfiguration.defaultEventGridKey)
        request.headers.add(name: "Content-Type", value: "application/cloudevents-batch+json; charset=utf-8")
        request.body = .bytes(ByteBuffer(string: "[" + SinkFixtures.cloudEvent(id: "e-1") + "]"))
        do {
            _ = try await harness.http.execute(request, timeout: .seconds(10))
            XCTFail("the answer should have been lost")
        } catch {
            // expected: the connection closed after the event was recorded
        }
        await harness.server.setFaults(.none, for: .eventGrid)
        let resent = try await harness.http.execute(request, timeout: .seconds(10))
        XCTAssertEqual(resent.status.code, 200)
        let received = await harness.server.sinks.received("replay-topic")
        XCTAssertEqual(received.count, 2, "the first send took effect although its answer never came")
        let lost = await harness.server.counters.faults(.responseLost)
        XCTAssertEqual(lost, 1)
    }

    func testABodyIsStillCutWhereThereIsOne() async throws {
        let harness = try await harness(FaultPlan(truncateRate: 1), service: .blob)
        try await harness.server.createContainer("dlq")
        try await harness.server.putBlob(container: "dlq", name: "a.json", bytes: Array(repeating: 65, count: 5_000))
        do {
            _ = try await harness.send("HEAD", harness.blobPath("dlq", "a.json"))
            XCTFail("a HEAD has no body to cut, so its answer is lost")
        } catch {
            // expected
        }
        do {
            _ = try await harness.send("GET", harness.blobPath("dlq", "a.json"))
            XCTFail("a truncated body cannot be complete")
        } catch {
            // expected
        }
        let counters = await harness.server.counters
        XCTAssertEqual(counters.faults(.responseLost), 1)
        XCTAssertEqual(counters.faults(.truncatedBody), 1)
    }
}
