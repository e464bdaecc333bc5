import Foundation

/// The member-level work behind `DeadLetter.init`.
enum DeadLetterParsing {
    /// Which member (by index in the member list) holds each known name: the first occurrence, at most the
    /// first 255 members. Kept inline (32 bytes) because it is built for every event. It reads the members where
    /// the validator left them, so it lives only while they do (within `DeadLetter.init`).
    struct Found {
        private var slots: (UInt64, UInt64, UInt64, UInt64) = (~0, ~0, ~0, ~0)
        /// Member positions are `offset` bytes past the positions in the event's bytes.
        let members: UnsafeBufferPointer<JSONMemberSpan>
        let offset: Int
        var namespaceProperties: Range<Int>?
        var customDeliveryProperties: Range<Int>?
        /// Whether any dead-letter fact member is present (ADT dead letters have none).
        var hasFacts = false
        /// Bit k set: member k (k < 64) is a CloudEvents attribute, a fact or a namespace member (not an extension).
        var cloudEventsClaimed: UInt64 = 0
        /// Bit k set: member k (k < 64) is an Event Grid member or a fact.
        var eventGridClaimed: UInt64 = 0

        init(members: UnsafeBufferPointer<JSONMemberSpan>, offset: Int) {
            self.members = members
            self.offset = offset
        }

        /// Member `k` with positions in the event's bytes.
        func member(_ k: Int) -> JSONMemberSpan {
            let member = members[k]
            guard offset != 0 else { return member }
            return JSONMemberSpan(keyRange: (member.keyRange.lowerBound - offset)..<(member.keyRange.upperBound - offset),
                                  keyHasEscapes: member.keyHasEscapes,
                                  valueRange: (member.valueRange.lowerBound - offset)..<(member.valueRange.upperBound - offset))
        }

        /// The index of the member with this name.
        @inline(__always)
        func index(_ name: EventMemberName) -> Int? {
            let slot = withUnsafeBytes(of: slots) { $0[name.rawValue] }
            return slot == 0xFF ? nil : Int(slot)
        }

        mutating func set(_ name: EventMemberName, index: Int) {
            withUnsafeMutableBytes(of: &slots) { $0[name.rawValue] = UInt8(index) }
        }

        /// The value span of the member with this name.
        @inline(__always)
        subscript(name: EventMemberName) -> EventValueSpan {
            guard let k = index(name) else { return .absent }
            let range = members[k].valueRange
            return EventValueSpan((range.lowerBound - offset)..<(range.upperBound - offset))
        }
    }

    /// `members` are at positions `offset` bytes past their positions in `bytes`.
    static func classify(_ bytes: [UInt8], _ members: UnsafeBufferPointer<JSONMemberSpan>, offset: Int) -> Found {
        var found = Found(members: members, offset: offset)
        var seen: UInt64 = 0
        // Read the (lazily initialised) tables once, not once per member.
        let cloudEventsClaimBits = EventMemberName.cloudEventsClaimBits, eventGridClaimBits = EventMemberName.eventGridClaimBits
        bytes.withUnsafeBufferPointer { buffer in
            EventMemberName.withClassifier { classifier in
                for k in 0..<Swift.min(members.count, 0xFF) {
                    let member = members[k]
                    let key = (member.keyRange.lowerBound &- offset)..<(member.keyRange.upperBound &- offset)
                    guard let name = classifier.name(buffer, key: key, escaped: member.keyHasEscapes) else { continue }
                    let bit: UInt64 = 1 << UInt64(name.rawValue)
                    guard seen & bit == 0 else { continue }
                    seen |= bit
                    found.set(name, index: k)
                    guard k < 64 else { continue }
                    if cloudEventsClaimBits & bit != 0 { found.cloudEventsClaimed |= 1 << UInt64(k) }
                    if eventGridClaimBits & bit != 0 { found.eventGridClaimed |= 1 << UInt64(k) }
                }
            }
        }
        found.hasFacts = seen & EventMemberName.factBits != 0
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

    /// Where the payload is: `data`, else (not for the Event Grid schema) `data_base64`.
    static func dataSpan(_ found: Found, schema: EventSchema) -> (span: EventValueSpan, isBase64: Bool) {
        if schema == .unknown { return (.absent, false) }
        if found[.data].isPresent { return (found[.data], false) }
        if schema == .eventGrid { return (.absent, false) }
        return (found[.dataBase64], found[.dataBase64].isPresent)
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

    static func fillCloudEvents(_ attributes: inout EventAttributes, _ bytes: [UInt8], _ found: Found) {
        attributes.spans.specversion = found[.specversion]
        attributes.spans.id = found[.id]
        attributes.spans.type = found[.type]
        attributes.spans.source = found[.source]
        attributes.spans.subject = found[.subject]
        attributes.spans.time = found[.time]
        attributes.spans.datacontenttype = found[.datacontenttype]
        attributes.spans.dataschema = found[.dataschema]
        attributes.spans.traceparent = found[.traceparent]
        attributes.extensionMembers = extensions(bytes, found, claimed: found.cloudEventsClaimed) {
            $0.isCloudEventsAttribute || $0.isDeadLetterFact || $0 == .deadletterProperties || $0 == .customDeliveryProperties
        }
    }

    static func fillEventGrid(_ attributes: inout EventAttributes, _ bytes: [UInt8], _ found: Found) {
        attributes.spans.id = found[.id]
        attributes.spans.type = found[.eventType]
        attributes.spans.subject = found[.subject]
        attributes.spans.time = found[.eventTime]
        attributes.spans.topic = found[.topic]
        attributes.spans.dataVersion = found[.dataVersion]
        attributes.spans.metadataVersion = found[.metadataVersion]
        attributes.extensionMembers = extensions(bytes, found, claimed: found.eventGridClaimed) {
            $0.isEventGridMember || $0.isDeadLetterFact
        }
    }

    /// Members not in `claimed` (bit k = member k), in order; members past the 64th are classified again.
    private static func extensions(_ bytes: [UInt8], _ found: Found, claimed: UInt64,
                                   isKnown: (EventMemberName) -> Bool) -> [JSONMemberSpan] {
        let count = found.members.count
        // The common case: every member is a known attribute, so there is nothing to collect (and no allocation).
        if count <= 64 && claimed.nonzeroBitCount == count { return [] }
        var extensions: [JSONMemberSpan] = []
        bytes.withUnsafeBufferPointer { buffer in
            for k in 0..<count {
                let member = found.member(k)
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
        members(of: bytes, properties).withUnsafeBufferPointer { namespaceFacts(bytes, classify(bytes, $0, offset: 0)) }
    }

    private static func namespaceFacts(_ bytes: [UInt8], _ found: Found) -> DeadLetterFacts {
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
