import AzureCore
import XCTest
@testable import AzureEmulator

final class FaultDecisionTests: XCTestCase {
    func testSplitMix64MatchesReferenceOutput() {
        // Reference values of SplitMix64 seeded with 0 (Vigna's splitmix64.c).
        var random = SplitMix64(seed: 0)
        XCTAssertEqual(random.next(), 0xE220_A839_7B1D_CDAF)
        XCTAssertEqual(random.next(), 0x6E78_9E6A_A1B9_65F4)
    }

    func testSameSeedServiceAndNumberGiveTheSameDecision() {
        let plan = FaultPlan(serverBusyRate: 0.2, internalErrorRate: 0.2, throttleRate: 0.1, dropRate: 0.1, truncateRate: 0.1,
                             latencyMilliseconds: 5, latencyJitterMilliseconds: 50, latencySpikeRate: 0.1, latencySpikeMilliseconds: 500)
        let first = (0..<500).map { FaultDecision.decide(plan: plan, seed: 42, service: .blob, requestNumber: UInt64($0)) }
        let second = (0..<500).map { FaultDecision.decide(plan: plan, seed: 42, service: .blob, requestNumber: UInt64($0)) }
        XCTAssertEqual(first, second)
        let otherSeed = (0..<500).map { FaultDecision.decide(plan: plan, seed: 43, service: .blob, requestNumber: UInt64($0)) }
        XCTAssertNotEqual(first, otherSeed)
        let otherService = (0..<500).map { FaultDecision.decide(plan: plan, seed: 42, service: .eventGrid, requestNumber: UInt64($0)) }
        XCTAssertNotEqual(first, otherService)
    }

    func testOutcomeFrequenciesFollowTheRates() {
        let plan = FaultPlan(serverBusyRate: 0.3, internalErrorRate: 0.2, dropRate: 0.1)
        var counts: [FaultDecision.Outcome: Int] = [:]
        let total = 20_000
        for n in 0..<total {
            counts[FaultDecision.decide(plan: plan, seed: 7, service: .serviceBus, requestNumber: UInt64(n)).outcome, default: 0] += 1
        }
        XCTAssertEqual(Double(counts[.serverBusy, default: 0]) / Double(total), 0.3, accuracy: 0.02)
        let fiveHundreds = counts[.internalError, default: 0] + counts[.operationTimedOut, default: 0]
        XCTAssertEqual(Double(fiveHundreds) / Double(total), 0.2, accuracy: 0.02)
        XCTAssertGreaterThan(counts[.internalError, default: 0], 0)
        XCTAssertGreaterThan(counts[.operationTimedOut, default: 0], 0)
        XCTAssertEqual(Double(counts[.droppedConnection, default: 0]) / Double(total), 0.1, accuracy: 0.01)
        XCTAssertEqual(counts[.throttled, default: 0], 0)
        XCTAssertEqual(counts[.truncatedBody, default: 0], 0)
    }

    func testLatencyStaysWithinFixedPlusJitterPlusSpike() {
        let plan = FaultPlan(latencyMilliseconds: 10, latencyJitterMilliseconds: 20, latencySpikeRate: 0.05, latencySpikeMilliseconds: 1000)
        var spikes = 0
        for n in 0..<2000 {
            let decision = FaultDecision.decide(plan: plan, seed: 1, service: .blob, requestNumber: UInt64(n))
            XCTAssertEqual(decision.outcome, .none)
            if decision.spiked {
                spikes += 1
                XCTAssert((1010...1030).contains(decision.delayMilliseconds))
            } else {
                XCTAssert((10...30).contains(decision.delayMilliseconds))
            }
        }
        XCTAssert((50...150).contains(spikes), "about 5% spikes, got \(spikes)")
    }

    func testQuietPlanNeverFaults() {
        for n in 0..<100 {
            XCTAssertEqual(FaultDecision.decide(plan: .none, seed: 9, service: .eventHubs, requestNumber: UInt64(n)), .none)
        }
    }

    func testPlanValidationNamesTheField() throws {
        XCTAssertThrowsError(try FaultPlan(serverBusyRate: 1.5).validated()) { error in
            XCTAssert("\(error)".contains("serverBusyRate"))
        }
        XCTAssertThrowsError(try FaultPlan(serverBusyRate: 0.6, dropRate: 0.6).validated()) { error in
            XCTAssertEqual(error as? FaultPlanError, .ratesExceedOne(total: 1.2))
        }
        XCTAssertThrowsError(try FaultPlan(latencyMilliseconds: -1).validated())
        XCTAssertNoThrow(try FaultPlan(serverBusyRate: 0.5, throttleRate: 0.5).validated())
    }

    func testPlanDecodesFromPartialJSON() throws {
        let plan = try JSONDecoder().decode(FaultPlan.self, from: Data(#"{"serverBusyRate":0.25,"maxPageSize":3}"#.utf8))
        XCTAssertEqual(plan, FaultPlan(serverBusyRate: 0.25, maxPageSize: 3))
    }
}
