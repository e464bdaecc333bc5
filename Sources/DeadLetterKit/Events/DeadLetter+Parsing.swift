import Foundation

/// Building a `DeadLetter` from a validated JSON object: classify its members once, detect the schema, and
/// keep only positions (strings are decoded when asked for).
extension DeadLetter {
    /// A dead letter from a value the stream decoder yielded (its members are already known).
    public init(value: JSONStreamValue, origin: DeadLetterOrigin) throws(DeadLetterDecodingError) {
        guard value.kind == .object else {
            throw .notAnObject(blob: origin.blobName, index: origin.index, offset: value.range.lowerBound, kind: value.kind)
        }
        self.init(object: value.bytes, members: value.members, origin: origin)
    }

    /// A dead letter from the bytes of one JSON object (validated strictly first).
    public init(parsing bytes: [UInt8], origin: DeadLetterOrigin,
                options: JSONDecodingOptions = JSONDecodingOptions()) throws(DeadLetterDecodingError) {
        let items: [JSONStreamItem]
        do { items = try JSONStreamDecoder.decode(bytes, mode: .document, options: options) } catch {
            throw .malformedBlob(blob: origin.blobName, error)
        }
        guard items.count == 1, case .value(var value) = items[0], value.placement == .document else {
            let kind: JSONValueKind = .array
            throw .notAnObject(blob: origin.blobName, index: origin.index, offset: 0, kind: kind)
        }
        // Keep the caller's exact bytes, surrounding whitespace included, so `bytes` equals what was given.
        let leading = value.range.lowerBound
        if leading != 0 || value.range.upperBound != bytes.count {
            value.members = value.members.map {
                JSONMemberSpan(keyRange: ($0.keyRange.lowerBound + leading)..<($0.keyRange.upperBound + leading),
                               keyHasEscapes: $0.keyHasEscapes,
                               valueRange: ($0.valueRange.lowerBound + leading)..<($0.valueRange.upperBound + leading))
            }
            value.bytes = bytes
        }
        try self.init(value: value, origin: origin)
    }

    /// `bytes` holds a validated object whose members (positions in `bytes`) are `members`.
    init(object bytes: [UInt8], members: [JSONMemberSpan], origin: DeadLetterOrigin) {
        var found = DeadLetterParsing.classify(bytes, members)
        let schema = DeadLetterParsing.detectSchema(bytes, found)
        var attributes = EventAttributes(storage: bytes)
        var facts = DeadLetterFacts()
        var eventRange = 0..<bytes.count
        var attributeMembers = members

        switch schema {
        case .eventGridNamespace:
            if let properties = found.namespaceProperties {
                facts = DeadLetterParsing.namespaceFacts(bytes, properties)
            }
            if let custom = found.customDeliveryProperties { facts.customDeliveryProperties = Array(bytes[custom]) }
            // With an `event` wrapper the attributes are the wrapped event's members.
            if let event = found[.event].range, bytes[event.lowerBound] == JSONBytes.openBrace {
                eventRange = event
                attributeMembers = DeadLetterParsing.members(of: bytes, event)
                found = DeadLetterParsing.classify(bytes, attributeMembers)
            }
            DeadLetterParsing.fillCloudEvents(&attributes, bytes, attributeMembers, found)
        case .cloudEvents:
            DeadLetterParsing.fillCloudEvents(&attributes, bytes, attributeMembers, found)
            if found.hasFacts { facts = DeadLetterParsing.facts(bytes, found) }
        case .eventGrid:
            DeadLetterParsing.fillEventGrid(&attributes, bytes, attributeMembers, found)
            if found.hasFacts { facts = DeadLetterParsing.facts(bytes, found) }
        case .unknown:
            break
        }

        self.origin = origin
        self.schema = schema
        self.bytes = bytes
        self.attributes = attributes
        recordedFacts = facts.isEmpty ? nil : facts
        self.eventRange = eventRange
        if schema == .unknown {
            dataSpan = .absent
            dataIsBase64 = false
        } else if found[.data].isPresent {
            dataSpan = found[.data]
            dataIsBase64 = false
        } else {
            dataSpan = schema == .eventGrid ? .absent : found[.dataBase64]
            dataIsBase64 = dataSpan.isPresent
        }
    }
}
