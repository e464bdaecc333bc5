import Foundation

/// One line of a JSONL export: where the dead letter came from, what the service recorded, and the event itself
/// (compacted, otherwise byte-for-byte as in the blob):
///
/// `{"blob":…,"index":…,"endpoint":…,"deadletteredHour":…,"lastModified":…,"etag":…,"schema":…,"deadLetter":{…},"event":{…}}`
///
/// Unknown values are `null`; `deadLetter` holds only the facts present. An `--events-only` export writes the bare
/// event instead, and decoding accepts both (a line is a record when it has both `blob` and `event`).
public enum ExportRecord {
    /// The record line for `deadLetter`, without a trailing newline.
    public static func line(for deadLetter: DeadLetter) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(deadLetter.bytes.count + 256)
        append(deadLetter, to: &out)
        return out
    }

    /// Appends the record line for `deadLetter` (no newline) to `out`, so an exporter can reuse one buffer.
    public static func append(_ deadLetter: DeadLetter, to out: inout [UInt8]) {
        let origin = deadLetter.origin
        out.append(contentsOf: #"{"blob":"#.utf8)
        JSONWriter.appendQuoted(origin.blobName, to: &out)
        out.append(contentsOf: #","index":"#.utf8)
        out.append(contentsOf: String(origin.index).utf8)
        appendMember(",\"endpoint\":", origin.endpoint, to: &out)
        appendMember(",\"deadletteredHour\":", origin.folderHour.map { RFC3339.format($0) }, to: &out)
        appendMember(",\"lastModified\":", origin.blobProperties?.lastModified, to: &out)
        appendMember(",\"etag\":", origin.blobProperties?.etag, to: &out)
        appendMember(",\"schema\":", deadLetter.schema.rawValue, to: &out)
        out.append(contentsOf: #","deadLetter":"#.utf8)
        appendFacts(deadLetter.facts, to: &out)
        out.append(contentsOf: #","event":"#.utf8)
        deadLetter.bytes.withUnsafeBufferPointer { JSONCompactor.append(compacting: $0, to: &out) }
        out.append(JSONBytes.closeBrace)
    }

    /// Appends the bare compacted event (an `--events-only` line).
    public static func appendEventOnly(_ deadLetter: DeadLetter, to out: inout [UInt8]) {
        deadLetter.bytes.withUnsafeBufferPointer { JSONCompactor.append(compacting: $0, to: &out) }
    }

    private static func appendMember(_ prefix: StaticString, _ value: String?, to out: inout [UInt8]) {
        out.append(contentsOf: UnsafeBufferPointer(start: prefix.utf8Start, count: prefix.utf8CodeUnitCount))
        if let value { JSONWriter.appendQuoted(value, to: &out) } else { out.append(contentsOf: "null".utf8) }
    }

    private static func appendFacts(_ facts: DeadLetterFacts, to out: inout [UInt8]) {
        var writer = JSONWriter(capacity: 64)
        writer.beginObject()
        writer.member("reason", facts.reason, omitNil: true)
        if let attempts = facts.deliveryAttempts { writer.key("deliveryAttempts"); writer.number(attempts) }
        writer.member("lastDeliveryOutcome", facts.lastDeliveryOutcome, omitNil: true)
        if let status = facts.lastHttpStatusCode { writer.key("lastHttpStatusCode"); writer.number(status) }
        writer.member("publishTime", facts.publishTime?.text, omitNil: true)
        writer.member("lastDeliveryAttemptTime", facts.lastDeliveryAttemptTime?.text, omitNil: true)
        writer.endObject()
        out.append(contentsOf: writer.bytes)
    }
}
