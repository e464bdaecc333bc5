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
        try decode(value: value, exportOrigin: DeadLetterOrigin(source: source, blobName: ""))
    }

    /// `exportOrigin` names the export file; a bare event gets it with the line's index.
    static func decode(value: JSONStreamValue, exportOrigin: DeadLetterOrigin) throws(DeadLetterDecodingError) -> DeadLetter {
        let source = exportOrigin.source
        guard value.kind == .object else {
            throw .invalidExportRecord(source: source, index: value.index, reason: "a JSON \(value.kind) is neither a record nor an event")
        }
        let fields = RecordFields(value)
        guard let eventRange = fields.event, fields.blob != nil else {
            // No wrapper: a bare event from an `--events-only` export.
            return DeadLetter(object: value.bytes, members: value.members, origin: exportOrigin.at(index: value.index))
        }
        func fail(_ reason: String) -> DeadLetterDecodingError {
            .invalidExportRecord(source: source, index: value.index, reason: reason)
        }
        let bytes = value.bytes
        func raw(_ range: Range<Int>?) -> JSONRawValue? { range.map { JSONRawValue(storage: bytes, range: $0) } }
        func optionalString(_ range: Range<Int>?, _ name: String) throws(DeadLetterDecodingError) -> String? {
            guard let value = raw(range), !value.isNull else { return nil }
            guard let text = value.string else { throw fail("'\(name)' must be a string or null") }
            return text
        }
        guard let blob = raw(fields.blob)?.string else { throw fail("'blob' must be a string") }
        guard let position = raw(fields.index)?.int else { throw fail("'index' must be an integer") }
        let endpoint = try optionalString(fields.endpoint, "endpoint")
        let hourText = try optionalString(fields.deadletteredHour, "deadletteredHour")
        let hour = try hourText.map { (text) throws(DeadLetterDecodingError) -> Date in
            guard let date = RFC3339.parse(text) else { throw fail("'deadletteredHour' is not an RFC 3339 time: \(text)") }
            return date
        }
        let lastModified = try optionalString(fields.lastModified, "lastModified")
        let etag = try optionalString(fields.etag, "etag")
        guard bytes[eventRange.lowerBound] == JSONBytes.openBrace else { throw fail("'event' must be a JSON object") }

        let eventBytes = Array(bytes[eventRange])
        let origin = DeadLetterOrigin(
            source: source, blobName: blob, index: position,
            blobProperties: lastModified == nil && etag == nil ? nil : BlobProperties(lastModified: lastModified, etag: etag),
            endpoint: endpoint, folderHour: hour)
        return DeadLetter(object: eventBytes, members: DeadLetterParsing.members(of: eventBytes, 0..<eventBytes.count), origin: origin)
    }
}

/// Where the wrapper members of a record line are (value ranges in the line). Names are compared as bytes:
/// this runs for every line of an export, and bare-event lines must not pay for building strings.
private struct RecordFields {
    var blob: Range<Int>?, index: Range<Int>?, endpoint: Range<Int>?, deadletteredHour: Range<Int>?
    var lastModified: Range<Int>?, etag: Range<Int>?, event: Range<Int>?

    init(_ value: JSONStreamValue) {
        value.bytes.withUnsafeBufferPointer { buffer in
            for member in value.members {
                func named(_ name: StaticString) -> Bool {
                    member.keyRange.count == name.utf8CodeUnitCount
                        && JSONStringDecoding.contentEquals(buffer, member.keyRange, hasEscapes: member.keyHasEscapes,
                                                            UnsafeBufferPointer(start: name.utf8Start, count: name.utf8CodeUnitCount))
                }
                let range = member.valueRange
                switch member.keyRange.count {
                case 4:
                    if blob == nil && named("blob") { blob = range } else if etag == nil && named("etag") { etag = range }
                case 5:
                    if index == nil && named("index") { index = range } else if event == nil && named("event") { event = range }
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
}
