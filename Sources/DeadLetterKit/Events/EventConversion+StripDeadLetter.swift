/// Removing what the dead-lettering service added, so the event can be published again as it was.
extension EventConversion {
    /// The event's bytes without the dead-letter members (`deadLetterReason`, `deliveryAttempts`, … in either
    /// spelling; a namespace's `deadletterProperties`/`customDeliveryProperties`, or its `event` wrapper).
    /// Every other byte — member order, whitespace, escapes, number text — is kept verbatim.
    public static func strippingDeadLetterFields(_ deadLetter: DeadLetter) -> [UInt8] {
        let bytes = deadLetter.bytes
        let eventRange = deadLetter.eventRange
        if eventRange != 0..<bytes.count { return Array(bytes[eventRange]) }
        let members = DeadLetterParsing.members(of: bytes, 0..<bytes.count)
        var remove = [Bool](repeating: false, count: members.count)
        bytes.withUnsafeBufferPointer { buffer in
            for (k, member) in members.enumerated() {
                guard let name = EventMemberName.classify(buffer, key: member.keyRange, escaped: member.keyHasEscapes) else { continue }
                switch deadLetter.schema {
                case .eventGridNamespace:
                    remove[k] = name == .deadletterProperties || name == .customDeliveryProperties
                case .cloudEvents, .eventGrid:
                    remove[k] = name.isDeadLetterFact
                case .unknown:
                    remove[k] = false
                }
            }
        }
        guard remove.contains(true) else { return bytes }
        return removingMembers(bytes, members, remove)
    }

    /// `bytes` (one object) without the members flagged in `remove`. Each kept member keeps the separator
    /// (comma and whitespace) that preceded it; the text before the first and after the last member stays.
    static func removingMembers(_ bytes: [UInt8], _ members: [JSONMemberSpan], _ remove: [Bool]) -> [UInt8] {
        // A member starts at its opening quote, one byte before its name's content.
        let starts = members.map { $0.keyRange.lowerBound - 1 }
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        out.append(contentsOf: bytes[0..<starts[0]])
        var previousKept: Int?
        for k in members.indices where !remove[k] {
            if previousKept != nil { out.append(contentsOf: bytes[members[k - 1].valueRange.upperBound..<starts[k]]) }
            out.append(contentsOf: bytes[starts[k]..<members[k].valueRange.upperBound])
            previousKept = k
        }
        out.append(contentsOf: bytes[members[members.count - 1].valueRange.upperBound..<bytes.count])
        return out
    }
}
