import Foundation

/// Building a `DeadLetter` from a validated JSON object: classify its members once, detect the schema, and
/// keep only positions (strings are decoded when asked for).
extension DeadLetter {
    /// A dead letter from a value the stream decoder yielded (its members are already known).
    public init(value: JSONStreamValue, origin: DeadLetterOrigin) throws(DeadLetterDecodingError) {
        guard value.kind == .object else {
            throw .notAnObject(blob: origin.blobName, index: origin.index, offset: value.range.lowerBound, kind: value.kind)
        }
        self = value.members.withUnsafeBufferPointer { DeadLetter(object: value.bytes, members: $0, origin: origin) }
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

    /// `bytes` holds a validated object; `members` are its members at positions `memberOffset` bytes further on (the
    /// positions in the export line or blob the object was copied from; 0 when they are positions in `bytes`).
    init(object bytes: [UInt8], members: UnsafeBufferPointer<JSONMemberSpan>, memberOffset: Int = 0, origin: consuming DeadLetterOrigin) {
        let found = DeadLetterParsing.classify(bytes, members, offset: memberOffset)
        let schema = DeadLetterParsing.detectSchema(bytes, found)
        var attributes = EventAttributes(storage: bytes)
        var facts: DeadLetterFacts?
        var eventRange = 0..<bytes.count
        var data = DeadLetterParsing.dataSpan(found, schema: schema)

        switch schema {
        case .eventGridNamespace:
            var namespaceFacts = found.namespaceProperties.map { DeadLetterParsing.namespaceFacts(bytes, $0) } ?? DeadLetterFacts()
            if let custom = found.customDeliveryProperties { namespaceFacts.customDeliveryProperties = Array(bytes[custom]) }
            facts = namespaceFacts
            // With an `event` wrapper the attributes (and the data) are the wrapped event's.
            if let event = found[.event].range, bytes[event.lowerBound] == JSONBytes.openBrace {
                eventRange = event
                DeadLetterParsing.members(of: bytes, event).withUnsafeBufferPointer { eventMembers in
                    let inner = DeadLetterParsing.classify(bytes, eventMembers, offset: 0)
                    DeadLetterParsing.fillCloudEvents(&attributes, bytes, inner)
                    data = DeadLetterParsing.dataSpan(inner, schema: schema)
                }
            } else {
                DeadLetterParsing.fillCloudEvents(&attributes, bytes, found)
            }
        case .cloudEvents:
            DeadLetterParsing.fillCloudEvents(&attributes, bytes, found)
            if found.hasFacts { facts = DeadLetterParsing.facts(bytes, found) }
        case .eventGrid:
            DeadLetterParsing.fillEventGrid(&attributes, bytes, found)
            if found.hasFacts { facts = DeadLetterParsing.facts(bytes, found) }
        case .unknown:
            break
        }
        if facts?.isEmpty == true { facts = nil }
        self.init(origin: consume origin, parts: DeadLetterParts(schema: schema, bytes: bytes, attributes: attributes, recordedFacts: facts,
                                                         eventRange: eventRange, dataSpan: data.span, dataIsBase64: data.isBase64))
    }
}
