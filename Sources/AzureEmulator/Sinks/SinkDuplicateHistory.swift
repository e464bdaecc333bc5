import Foundation

/// Service Bus duplicate detection for one entity: the MessageIds accepted within the window. Ids expire in the order
/// they were accepted, so pruning walks a queue from its front instead of scanning every id on every request.
struct SinkDuplicateHistory: Sendable {
    let window: TimeInterval
    private var acceptedAt: [String: Date] = [:]
    private var order: [(id: String, at: Date)] = []
    private var head = 0

    init(window: TimeInterval) {
        self.window = window
    }

    /// True when `id` was accepted within the window before `now`; otherwise remembers it as accepted at `now`.
    mutating func isDuplicate(_ id: String, at now: Date) -> Bool {
        prune(now)
        if acceptedAt[id] != nil { return true }
        acceptedAt[id] = now
        order.append((id, now))
        return false
    }

    private mutating func prune(_ now: Date) {
        while head < order.count, now.timeIntervalSince(order[head].at) >= window {
            let entry = order[head]
            if acceptedAt[entry.id] == entry.at { acceptedAt[entry.id] = nil }
            head += 1
        }
        // Compact once the expired prefix dominates, keeping pruning amortized O(1).
        if head > 1024, head * 2 > order.count {
            order.removeFirst(head)
            head = 0
        }
    }
}
