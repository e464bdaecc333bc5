import AzureCore
/// What the fault injector does to one request. A pure function of (plan, seed, service, request number), so the
/// n-th request to a service meets the same fate in every run with the same seed, whatever other services see.
public struct FaultDecision: Sendable, Equatable {
    public enum Outcome: String, Sendable, Equatable, CaseIterable {
        case none
        case serverBusy
        case internalError
        case operationTimedOut
        case throttled
        case droppedConnection
        case truncatedBody
        /// Read and never answered (slow loris).
        case hung
        /// Not drawn from the plan: what a truncation becomes when the answer has no body to cut (processed, then
        /// the connection closes before the head). Named here so counters and reports use one vocabulary.
        case responseLost
    }

    public var outcome: Outcome
    /// Total delay to add before the request is handled.
    public var delayMilliseconds: Int
    /// True when the delay includes a latency spike.
    public var spiked: Bool

    public static let none = FaultDecision(outcome: .none, delayMilliseconds: 0, spiked: false)

    public static func decide(plan: FaultPlan, seed: UInt64, service: EmulatorService, requestNumber: UInt64) -> FaultDecision {
        if plan.isQuiet { return .none }
        var random = SplitMix64(seed: streamSeed(seed: seed, service: service, requestNumber: requestNumber))
        // Always draw the same four numbers, in the same order, so each draw means the same thing in every plan.
        let outcomeDraw = random.nextUnit()
        let variantDraw = random.nextUnit()
        let jitterDraw = random.nextUnit()
        let spikeDraw = random.nextUnit()

        var outcome = Outcome.none
        var threshold = 0.0
        let ladder: [(Double, Outcome)] = [
            (plan.serverBusyRate, .serverBusy),
            (plan.internalErrorRate, variantDraw < 0.5 ? .internalError : .operationTimedOut),
            (plan.throttleRate, .throttled),
            (plan.dropRate, .droppedConnection),
            (plan.truncateRate, .truncatedBody),
            // Last, so plans written before hangs existed decide exactly as they did.
            (plan.hangRate, .hung),
        ]
        for (rate, candidate) in ladder {
            threshold += rate
            if outcomeDraw < threshold { outcome = candidate; break }
        }

        var delay = plan.latencyMilliseconds
        if plan.latencyJitterMilliseconds > 0 {
            delay += Int(jitterDraw * Double(plan.latencyJitterMilliseconds + 1))
        }
        let spiked = spikeDraw < plan.latencySpikeRate
        if spiked { delay += plan.latencySpikeMilliseconds }
        return FaultDecision(outcome: outcome, delayMilliseconds: delay, spiked: spiked)
    }

    /// Mixes the three inputs into one independent stream seed per request.
    static func streamSeed(seed: UInt64, service: EmulatorService, requestNumber: UInt64) -> UInt64 {
        let serviceSalt: UInt64
        switch service {
        case .blob: serviceSalt = 0x626C_6F62
        case .eventGrid: serviceSalt = 0x6567_7264
        case .eventHubs: serviceSalt = 0x6568_7562
        case .serviceBus: serviceSalt = 0x7362_7573
        }
        var mixer = SplitMix64(seed: seed ^ (serviceSalt &* 0xD6E8_FEB8_6659_FD93))
        _ = mixer.next()
        return mixer.next() ^ (requestNumber &* 0x9E37_79B9_7F4A_7C15)
    }
}
