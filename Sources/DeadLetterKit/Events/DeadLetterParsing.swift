import Foundation

/// The member-level work behind `DeadLetter.init`.
enum DeadLetterParsing {
    /// Which member (by index in the member list) holds each known name: the first occurrence, at most the
    /// first 255 members. Kept inline (32 bytes) because it is built for every event.
    struct Found {
        private var slots: (UInt64, UInt64, UInt64, UInt64) = (~0, ~0, ~0, ~0)
        let members: [JSONMemberSpan]
        var namespaceProperties: Range<Int>?
        var customDeliveryProperties: Range<Int>?
        /// Whether any dead-letter fact member is present (ADT dead letters have none).
        var hasFacts = false
        /// Bit k set: member k (k < 64) is a CloudEvents attribute, a fact or a namespace member (not an extension).
        var cloudEventsClaimed: UInt64 = 0
        /// Bit k set: member k (k < 64) is an Event Grid member or a fact.
        var eventGridClaimed: UInt64 = 0

        init(members: [JSONMemberSpan]) { self.members = members }

        /// The index of the member with this name.
        func index(_ name: EventMemberName) -> Int? {
            let slot = withUnsafeBytes(of: slots) { $0[name.rawValue] }
            return slot == 0xFF ? nil : Int(slot)
        }

        mutating func set(_ name: EventMemberName, index: Int) {
            withUnsafeMutableBytes(of: &slots) { $0[name.rawValue] = UInt8(index) }
        }

        /// The value span of the member with this name.
        subscript(name: EventMemberName) -> EventValueSpan {
            guard let k = index(name) else { return .absent }
            return EventValueSpan(members[k].valueRange)
        }
    }

    static func classify(_ bytes: [UInt8], _ members: [JSONMemberSpan]) -> Found {
        var found = Found(members: members)
        bytes.withUnsafeBufferPointer { buffer in
            for (k, member) in members.enumerated() where k < 0xFF {
                guard let name = EventMemberName.classify(buffer, key: member.keyRange, escaped: member.keyHasEscapes),
                      found.index(name) == nil else { continue }
                found.set(name, index: k)
                let fact = name.isDeadLetterFact
                found.hasFacts = found.hasFacts || fact
                guard k < 64 else { continue }
                if fact || name.isCloudEventsAttribute || name == .deadletterProperties || name == .customDeliveryProperties {
                    found.cloudEventsClaimed |= 1 << UInt64(k)
                }
                if fact || name.isEventGridMember { found.eventGridClaimed |= 1 << UInt64(k) }
            }
        }
        if let range = found[.deadletterProperties].range, bytes[range.lowerBound] == JSONBytes.openBrace {
            found.namespaceProperties = range
        }
        if let range = found[.customDeliveryProperties].range { found.customDeliveryProperties = range }
        return found
    }

    static func detectSchema(_ bytes: [UInt8], _ found: Found) -> EventSchema {
        if found.namespaceProperties != nil { return .eventGridNamespace }
        if found[.specversion].isPresent { return .cloudEvents }
        if found[.eventType].isPresent && found[.id].isPresent { return .eventGrid }
        // Event Grid's CloudEvents dead letters have been documented without `specversion`.
        if found[.type].isPresent && found[.source].isPresent && found[.id].isPresent { return .cloudEvents }
        return .unknown
    }

    /// The members of the object at `range` (bytes already validated).
    static func members(of bytes: [UInt8], _ range: Range<Int>) -> [JSONMemberSpan] {
        var members: [JSONMemberSpan] = []
        bytes.withUnsafeBufferPointer { buffer in
            _ = JSONSkipping.forEachMember(buffer.baseAddress!, range) { key, escaped, value in
                members.append(JSONMemberSpan(keyRange: key, keyHasEscapes: escaped, valueRange: value))
                return true
            }
        }
        return members
    }

    static func fillCloudEvents(_ attributes: inout EventAttributes, _ bytes: [UInt8], _ members: [JSONMemberSpan], _ found: Found) {
        attributes.spans.specversion = found[.specversion]
        attributes.spans.id = found[.id]
        attributes.spans.type = found[.type]
        attributes.spans.source = found[.source]
        attributes.spans.subject = found[.subject]
        attributes.spans.time = found[.time]
        attributes.spans.datacontenttype = found[.datacontenttype]
        attributes.spans.dataschema = found[.dataschema]
        attributes.spans.traceparent = found[.traceparent]
        attributes.time = parseTime(bytes, found[.time])
        attributes.extensionMembers = extensions(bytes, found, claimed: found.cloudEventsClaimed) {
            $0.isCloudEventsAttribute || $0.isDeadLetterFact || $0 == .deadletterProperties || $0 == .customDeliveryProperties
        }
    }

    static func fillEventGrid(_ attributes: inout EventAttributes, _ bytes: [UInt8], _ members: [JSONMemberSpan], _ found: Found) {
        attributes.spans.id = found[.id]
        attributes.spans.type = found[.eventType]
        attributes.spans.subject = found[.subject]
        attributes.spans.time = found[.eventTime]
        attributes.spans.topic = found[.topic]
        attributes.spans.dataVersion = found[.dataVersion]
        attributes.spans.metadataVersion = found[.metadataVersion]
        attributes.time = parseTime(bytes, found[.eventTime])
        attributes.extensionMembers = extensions(bytes, found, claimed: found.eventGridClaimed) {
            $0.isEventGridMember || $0.isDeadLetterFact
        }
    }

    /// Members not in `claimed` (bit k = member k), in order; members past the 64th are classified again.
    private static func extensions(_ bytes: [UInt8], _ found: Found, claimed: UInt64,
                                   isKnown: (EventMemberName) -> Bool) -> [JSONMemberSpan] {
        let members = found.members
        // The common case: every member is a known attribute, so there is nothing to collect (and no allocation).
        if members.count <= 64 && claimed.nonzeroBitCount == members.count { return [] }
        var extensions: [JSONMemberSpan] = []
        bytes.withUnsafeBufferPointer { buffer in
            for (k, member) in members.enumerated() {
                if k < 64 {
                    if claimed & (1 << UInt64(k)) == 0 { extensions.append(member) }
                } else if let name = EventMemberName.classify(buffer, key: member.keyRange, escaped: member.keyHasEscapes),
                          isKnown(name), found.index(name) == k {
                    continue
                } else {
                    extensions.append(member)
                }
            }
        }
        return extensions
    }

    static func parseTime(_ bytes: [UInt8], _ span: EventValueSpan) -> Foundation.Date? {
        guard let range = span.range, range.count >= 2, bytes[range.lowerBound] == JSONBytes.quote else { return nil }
        return bytes.withUnsafeBufferPointer { buffer in
            EventTimestamp.parse(UnsafeBufferPointer(rebasing: buffer[(range.lowerBound + 1)..<(range.upperBound - 1)]))
        }
    }

    /// Facts written as top-level members (Event Grid and CloudEvents dead letters).
    static func facts(_ bytes: [UInt8], _ found: Found) -> DeadLetterFacts {
        var facts = DeadLetterFacts()
        facts.reason = string(bytes, found[.reason])
        facts.deliveryAttempts = integer(bytes, found[.deliveryAttempts])
        facts.lastDeliveryOutcome = string(bytes, found[.lastDeliveryOutcome])
        facts.lastHttpStatusCode = integer(bytes, found[.lastHttpStatusCode])
        facts.publishTime = timestamp(bytes, found[.publishTime])
        facts.lastDeliveryAttemptTime = timestamp(bytes, found[.lastDeliveryAttemptTime])
        return facts
    }

    /// Facts of a namespace dead letter, from its `deadletterProperties` object.
    static func namespaceFacts(_ bytes: [UInt8], _ properties: Range<Int>) -> DeadLetterFacts {
        let found = classify(bytes, members(of: bytes, properties))
        var facts = DeadLetterFacts()
        facts.reason = string(bytes, found[.reason])
        facts.deliveryAttempts = integer(bytes, found[.deliveryAttempts])
        facts.lastDeliveryOutcome = string(bytes, found[.deliveryResult].isPresent ? found[.deliveryResult] : found[.lastDeliveryOutcome])
        facts.lastHttpStatusCode = integer(bytes, found[.lastHttpStatusCode])
        facts.publishTime = timestamp(bytes, found[.publishUTC].isPresent ? found[.publishUTC] : found[.publishTime])
        facts.lastDeliveryAttemptTime = timestamp(bytes, found[.deliveryAttemptUTC].isPresent ? found[.deliveryAttemptUTC]
                                                  : found[.lastDeliveryAttemptTime])
        return facts
    }

    static func string(_ bytes: [UInt8], _ span: EventValueSpan) -> String? {
        guard let range = span.range else { return nil }
        return JSONRawValue(storage: bytes, range: range).string
    }

    /// An integer written as a number or as a string of digits (`3` or `"3"`).
    static func integer(_ bytes: [UInt8], _ span: EventValueSpan) -> Int? {
        guard let range = span.range else { return nil }
        let value = JSONRawValue(storage: bytes, range: range)
        return value.int ?? value.string.flatMap { Int($0) }
    }

    static func timestamp(_ bytes: [UInt8], _ span: EventValueSpan) -> EventTimestamp? {
        guard let text = string(bytes, span) else { return nil }
        return EventTimestamp(text: text, date: parseTime(bytes, span))
    }
}
