import AsyncHTTPClient
import Foundation
import NIOCore
import XCTest
@testable import AzureEmulator

/// The slow-loris fault: the request is read and never answered, until the client gives up or the emulator stops.
final class HangFaultTests: EmulatorTestCase {
    private func publishRequest(_ server: EmulatorServer) -> HTTPClientRequest {
        var request = HTTPClientRequest(url: server.baseURL + "/replay-topic/api/events")
        request.method = .POST
        request.headers.add(name: "aeg-sas-key", value: SinkConfiguration.defaultEventGridKey)
        request.headers.add(name: "Content-Type", value: "application/cloudevents-batch+json; charset=utf-8")
        request.body = .bytes(ByteBuffer(string: "[" + SinkFixtures.cloudEvent(id: "e-1") + "]"))
        return request
    }

    private static func hangingEventGrid() -> EmulatorConfiguration {
        var configuration = EmulatorConfiguration()
        configuration.faults = [.eventGrid: FaultPlan(hangRate: 1)]
        return configuration
    }

    func testAHungRequestEndsOnlyByTheClientsDeadlineAndIsNotProcessed() async throws {
        let harness = try await startHarness(Self.hangingEventGrid())
        let server = harness.server
        do {
            _ = try await harness.http.execute(publishRequest(server), timeout: .milliseconds(300))
            XCTFail("a hung request has no answer")
        } catch let error as HTTPClientError {
            XCTAssertEqual(error, .deadlineExceeded, "the client's deadline ended it")
        }
        let received = await server.sinks.received("replay-topic")
        XCTAssertEqual(received.count, 0, "a hung request is not processed")
        let counters = await server.counters
        XCTAssertEqual(counters.faults(.hung), 1)
        XCTAssertEqual(counters.responsesByStatus, [:], "nothing was answered")

        // Other services, and the same one once the plan is quiet, answer normally.
        let health = try await harness.http.execute(HTTPClientRequest(url: server.baseURL + "/_emulator/health"), timeout: .seconds(10))
        XCTAssertEqual(health.status.code, 200)
        await server.setFaults(.none, for: .eventGrid)
        let healthy = try await harness.http.execute(publishRequest(server), timeout: .seconds(10))
        XCTAssertEqual(healthy.status.code, 200)
    }

    /// Not through the harness: the server must stop while the client still waits.
    func testStoppingTheEmulatorReleasesHungConnections() async throws {
        let server = try await EmulatorServer.start(Self.hangingEventGrid())
        let http = HTTPClient(eventLoopGroupProvider: .singleton)
        let request = publishRequest(server)
        let pending = Task { () -> Bool in
            do {
                _ = try await http.execute(request, timeout: .seconds(120))
                return true
            } catch {
                return false
            }
        }
        // Wait for the request to reach the emulator (bounded: 400 × 25 ms).
        var hung = 0
        for _ in 0..<400 where hung == 0 {
            hung = await server.counters.faults(.hung)
            if hung == 0 { try await Task.sleep(for: .milliseconds(25)) }
        }
        XCTAssertEqual(hung, 1)
        try await server.shutdown()
        let answered = await pending.value
        XCTAssertFalse(answered, "the connection closed at shutdown, without an answer")
        try await http.shutdown()
    }
}
