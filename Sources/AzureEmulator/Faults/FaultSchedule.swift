/// Numbers the requests of each service in arrival order and decides their faults. The only mutable state is the
/// per-service request number and the plans, so an actor is enough; the decision itself is a pure function.
actor FaultSchedule {
    private let seed: UInt64
    private var plans: [EmulatorService: FaultPlan]
    private var nextRequestNumber: [EmulatorService: UInt64] = [:]

    init(seed: UInt64, plans: [EmulatorService: FaultPlan]) {
        self.seed = seed
        self.plans = plans
    }

    struct Ticket: Sendable {
        var requestNumber: UInt64
        var plan: FaultPlan
        var decision: FaultDecision
    }

    func next(for service: EmulatorService) -> Ticket {
        let number = nextRequestNumber[service, default: 0]
        nextRequestNumber[service] = number + 1
        let plan = plans[service] ?? .none
        return Ticket(requestNumber: number, plan: plan,
                      decision: FaultDecision.decide(plan: plan, seed: seed, service: service, requestNumber: number))
    }

    func setPlan(_ plan: FaultPlan, for service: EmulatorService) {
        plans[service] = plan
    }

    func plan(for service: EmulatorService) -> FaultPlan { plans[service] ?? .none }
}
