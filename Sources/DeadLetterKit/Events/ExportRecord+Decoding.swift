import Foundation

/// Reading export lines back: a record gives its origin and event (the `event` bytes exactly as in the line);
/// a bare event line gives the event with the export file as its source.
extension ExportRecord {
    /// Decodes one export line (validated strictly). `source` names the export file in origins and errors;
    /// `index` is the line's position, used as the origin index of a bare event.
    public static func decode(line: [UInt8], source: String, index: Int = 0) throws(DeadLetterDecodingError) -> DeadLetter {
        let items: [JSONStreamItem]
        do { items = try JSONStreamDecoder.decode(line, mode: .document) } catch {
            throw .invalidExportRecord(source: source, index: index, reason: error.description)
        }
        guard items.count == 1, case .value(var value) = items[0], value.placement == .document else {
            throw .invalidExportRecord(source: source, index: index, reason: "a line must hold one JSON object")
        }
        value.index = index
        return try decode(value: value, source: source)
    }

    /// Decodes a value the stream decoder yielded from an export (one line).
    public static func decode(value: JSONStreamValue, source: String) throws(DeadLetterDecodingError) -> DeadLetter {
        var cache = ExportOriginCache()
        let result = value.bytes.withUnsafeBufferPointer { bytes in
            value.members.withUnsafeBufferPointer { members in
                Result { () throws(DeadLetterDecodingError) -> DeadLetter in
                    try decode(bytes, members: members, kind: value.kind, index: value.index, nestedMembers: { _ in nil },
                               exportOrigin: DeadLetterOrigin(source: source, blobName: ""), cache: &cache).deadLetter
                }
            }
        }
        return try result.get()
    }

    /// Decodes a line where it lies in the stream decoder's buffer; only the `event` bytes are copied.
    /// `exportOrigin` names the export file; a bare event gets it with the line's index (`isBareEvent`).
    static func decode(view: JSONValueView, exportOrigin: borrowing DeadLetterOrigin,
                       cache: inout ExportOriginCache) throws(DeadLetterDecodingError) -> (deadLetter: DeadLetter, isBareEvent: Bool) {
        try decode(view.bytes, members: view.members, kind: view.kind, index: view.index,
                   nestedMembers: view.membersOfObject(atMember:), exportOrigin: exportOrigin, cache: &cache)
    }

    /// `nestedMembers(k)` gives the members of root member k's object value when the validator recorded them
    /// (positions in `bytes`); otherwise the event's members are found by a walk over its bytes.
    private static func decode(_ bytes: UnsafeBufferPointer<UInt8>, members: UnsafeBufferPointer<JSONMemberSpan>,
                               kind: JSONValueKind, index: Int,
                               nestedMembers: (Int) -> UnsafeBufferPointer<JSONMemberSpan>?, exportOrigin: borrowing DeadLetterOrigin,
                               cache: inout ExportOriginCache) throws(DeadLetterDecodingError) -> (deadLetter: DeadLetter, isBareEvent: Bool) {
        let source = exportOrigin.source
        guard kind == .object else {
            throw .invalidExportRecord(source: source, index: index, reason: "a JSON \(kind) is neither a record nor an event")
        }
        let fields = RecordFields(bytes, members)
        guard let eventMember = fields.event, let blobRange = fields.blob, !fields.hasID else {
            // No wrapper: a bare event from an `--events-only` export. Records never have an `id`, while every
            // CloudEvent and Event Grid event must: an event that happens to carry `blob` and `event` members of its
            // own is still an event.
            return (DeadLetter(object: Array(bytes), members: members, origin: exportOrigin.at(index: index)), true)
        }
        func fail(_ reason: String) -> DeadLetterDecodingError {
            .invalidExportRecord(source: source, index: index, reason: reason)
        }
        func raw(_ range: Range<Int>) -> UnsafeBufferPointer<UInt8> { UnsafeBufferPointer(rebasing: bytes[range]) }
        func optionalString(_ range: Range<Int>?, _ name: String) throws(DeadLetterDecodingError) -> String? {
            guard let range else { return nil }
            switch bytes[range.lowerBound] {
            case UInt8(ascii: "n"): return nil
            case JSONBytes.quote: return JSONStringDecoding.string(bytes, (range.lowerBound + 1)..<(range.upperBound - 1))
            default: throw fail("'\(name)' must be a string or null")
            }
        }
        guard bytes[blobRange.lowerBound] == JSONBytes.quote else { throw fail("'blob' must be a string") }
        guard let position = fields.index.flatMap({ JSONBytes.integer(raw($0)) }) else { throw fail("'index' must be an integer") }
        let blobName = JSONStringDecoding.string(bytes, (blobRange.lowerBound + 1)..<(blobRange.upperBound - 1))
        let endpoint = try cache.endpoint.value(bytes, fields.endpoint) { (range) throws(DeadLetterDecodingError) in
            try optionalString(range, "endpoint")
        }
        let folderHour = try cache.folderHour.value(bytes, fields.deadletteredHour) { (range) throws(DeadLetterDecodingError) in
            guard let text = try optionalString(range, "deadletteredHour") else { return nil }
            guard let date = RFC3339.parse(text) else { throw fail("'deadletteredHour' is not an RFC 3339 time: \(text)") }
            return date
        }
        let lastModified = try cache.lastModified.value(bytes, fields.lastModified) { (range) throws(DeadLetterDecodingError) in
            try optionalString(range, "lastModified")
        }
        let etag = try optionalString(fields.etag, "etag")
        let eventRange = members[eventMember].valueRange
        guard bytes[eventRange.lowerBound] == JSONBytes.openBrace else { throw fail("'event' must be a JSON object") }
        let eventBytes = Array(raw(eventRange))
        // The dead letter starts from the export's origin (its source already free of a query, the rest empty) and
        // gets the record's values in place (see `setRecordOrigin`).
        var deadLetter: DeadLetter
        if let nested = nestedMembers(eventMember) {
            deadLetter = DeadLetter(object: eventBytes, members: nested, memberOffset: eventRange.lowerBound, origin: copy exportOrigin)
        } else {
            let members = DeadLetterParsing.members(of: eventBytes, 0..<eventBytes.count)
            deadLetter = members.withUnsafeBufferPointer { DeadLetter(object: eventBytes, members: $0, origin: copy exportOrigin) }
        }
        deadLetter.setRecordOrigin(blobName: blobName, index: position,
                                   blobProperties: lastModified == nil && etag == nil ? nil : BlobProperties(lastModified: lastModified, etag: etag),
                                   endpoint: endpoint, folderHour: folderHour)
        return (deadLetter, false)
    }
}

/// Where the wrapper members of a record line are (value ranges in the line; `event` as a member index). Names
/// are compared as bytes, and most members are ruled out by their length alone: this runs for every line of an
/// export, and bare-event lines must not pay for strings.
private struct RecordFields {
    var blob: Range<Int>?, index: Range<Int>?, endpoint: Range<Int>?, deadletteredHour: Range<Int>?
    var lastModified: Range<Int>?, etag: Range<Int>?, event: Int?
    /// Whether the object has an `id` member, which makes it an event rather than a record.
    var hasID = false

    /// The first occurrence of each name counts (as everywhere else an object's members are read).
    init(_ buffer: UnsafeBufferPointer<UInt8>, _ members: UnsafeBufferPointer<JSONMemberSpan>) {
        for k in 0..<members.count {
            let member = members[k]
            func named(_ name: StaticString) -> Bool {
                member.keyRange.count == name.utf8CodeUnitCount
                    && JSONStringDecoding.contentEquals(buffer, member.keyRange, hasEscapes: member.keyHasEscapes,
                                                        UnsafeBufferPointer(start: name.utf8Start, count: name.utf8CodeUnitCount))
            }
            let range = member.valueRange
            switch member.keyRange.count {
            case 2:
                if !hasID && named("id") { hasID = true }
            case 4:
                if blob == nil && named("blob") { blob = range } else if etag == nil && named("etag") { etag = range }
            case 5:
                if index == nil && named("index") { index = range } else if event == nil && named("event") { event = k }
            case 8:
                if endpoint == nil && named("endpoint") { endpoint = range }
            case 12:
                if lastModified == nil && named("lastModified") { lastModified = range }
            case 16:
                if deadletteredHour == nil && named("deadletteredHour") { deadletteredHour = range }
            default:
                break
            }
        }
    }
}
