import XCTest
@testable import AzureEmulator

/// The hang rate in the plan and the decision, and the truncation effect on answers without a body.
final class FaultPlanHangTests: XCTestCase {
    func testHangsComeLastSoOlderPlansDecideAsBefore() {
        let before = FaultPlan(serverBusyRate: 0.1, internalErrorRate: 0.05, throttleRate: 0.05, dropRate: 0.05, truncateRate: 0.05)
        var with = before
        with.hangRate = 0.1
        var hangs = 0
        for n in 0..<5_000 {
            let old = FaultDecision.decide(plan: before, seed: 3, service: .eventHubs, requestNumber: UInt64(n))
            let new = FaultDecision.decide(plan: with, seed: 3, service: .eventHubs, requestNumber: UInt64(n))
            if old.outcome == .none {
                XCTAssert(new.outcome == .none || new.outcome == .hung, "request \(n): \(new.outcome)")
                if new.outcome == .hung { hangs += 1 }
            } else {
                XCTAssertEqual(new, old, "request \(n): an existing fault is unchanged by adding hangs")
            }
        }
        XCTAssertEqual(Double(hangs) / 5_000, 0.1, accuracy: 0.015)
    }

    func testHangRateIsValidatedAndDecoded() throws {
        XCTAssertThrowsError(try FaultPlan(hangRate: 1.5).validated()) { error in
            XCTAssertEqual(error as? FaultPlanError, .rateOutOfRange(field: "hangRate", value: 1.5))
        }
        XCTAssertThrowsError(try FaultPlan(dropRate: 0.6, hangRate: 0.6).validated()) { error in
            XCTAssert("\(error)".contains("hang"), "\(error)")
        }
        let decoded = try JSONDecoder().decode(FaultPlan.self, from: Data(#"{"hangRate":1}"#.utf8))
        XCTAssertEqual(decoded, FaultPlan(hangRate: 1))
        XCTAssertFalse(decoded.isQuiet)
        let encoded = String(decoding: try JSONEncoder().encode(decoded), as: UTF8.self)
        XCTAssert(encoded.contains("\"hangRate\":1"), encoded)
    }

    func testTruncationCutsOnlyAnswersThatSendABody() {
        XCTAssertEqual(InjectedTruncation.effect(on: EmulatorResponse(status: 200, body: [1, 2, 3]), method: "GET"), .cutBody)
        XCTAssertEqual(InjectedTruncation.effect(on: EmulatorResponse(status: 201), method: "POST"), .loseResponse)
        XCTAssertEqual(InjectedTruncation.effect(on: EmulatorResponse(status: 200, body: [1]), method: "HEAD"), .loseResponse)
        XCTAssertEqual(InjectedTruncation.effect(on: EmulatorResponse(status: 204, body: [1]), method: "DELETE"), .loseResponse)
        XCTAssertEqual(InjectedTruncation.effect(on: EmulatorResponse(status: 503, body: Array("<Error/>".utf8)), method: "GET"), .cutBody)
    }
}
