import Foundation
import XCTest
@testable import DeadLetterKit

final class ReplayCancellationTests: XCTestCase {
    func testObserversHearEveryEscalationOnce() {
        let cancellation = ReplayCancellation()
        let heard = ReplayHeardStops()
        cancellation.observe { heard.append($0 ? "immediate" : "graceful") }
        XCTAssertFalse(cancellation.isStopRequested)
        cancellation.requestStop()
        cancellation.requestStop()
        cancellation.requestStop(immediately: true)
        cancellation.requestStop()
        XCTAssertEqual(heard.values, ["graceful", "immediate"])
        // A late observer learns the current state at once.
        cancellation.observe { heard.append($0 ? "late immediate" : "late graceful") }
        XCTAssertEqual(heard.values.last, "late immediate")
    }

    func testSecondSignalStopsImmediately() async throws {
        let cancellation = ReplayCancellation()
        let heard = ReplayHeardStops()
        cancellation.observe { heard.append($0 ? "immediate" : "graceful") }
        let signals = ReplayInterruptSignals(cancellation: cancellation, signals: [SIGUSR1])
        kill(getpid(), SIGUSR1)
        try await waitUntil { heard.values.count >= 1 }
        kill(getpid(), SIGUSR1)
        try await waitUntil { heard.values.count >= 2 }
        signals.cancel()
        XCTAssertEqual(heard.values, ["graceful", "immediate"])
    }

    /// Signal handlers run on a dispatch queue; on a loaded machine that can take a while, so poll (up to 5 s).
    private func waitUntil(_ condition: () -> Bool) async throws {
        for _ in 0..<500 where !condition() {
            try await Task.sleep(for: .milliseconds(10))
        }
    }
}

final class ReplayHeardStops: @unchecked Sendable {
    private let lock = NSLock()
    private var stored: [String] = []
    func append(_ value: String) { lock.withLock { stored.append(value) } }
    var values: [String] { lock.withLock { stored } }
}
