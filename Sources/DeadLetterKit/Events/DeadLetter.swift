import Foundation

/// One dead-lettered value from a blob: where it came from, its schema, its attributes, what the service
/// recorded about the failed delivery, and its payload — all read from `bytes`, which are kept exactly as the
/// blob held them so export and replay hand the event on unchanged.
///
/// A value type whose parts live in one shared, copy-on-write box: dead letters travel through the pipeline by
/// the million, and copying one then costs a single reference count instead of one per string and array in it.
public struct DeadLetter: Sendable {
    private var box: DeadLetterBox

    /// Where the dead letter came from (changing it copies the box when it is shared).
    public var origin: DeadLetterOrigin {
        _read { yield box.origin }
        _modify {
            if !isKnownUniquelyReferenced(&box) { box = box.copy() }
            yield &box.origin
        }
    }
    public var schema: EventSchema { box.parts.schema }
    /// The value's exact bytes from the blob (for a namespace wrapper: the whole wrapper).
    public var bytes: [UInt8] { box.parts.bytes }
    public var attributes: EventAttributes { box.parts.attributes }
    /// What the service recorded about the failed delivery (empty for ADT dead letters).
    public var facts: DeadLetterFacts { box.parts.recordedFacts ?? DeadLetterFacts() }
    /// Where the event proper sits in `bytes`: the `event` member of a namespace wrapper, otherwise everything.
    var eventRange: Range<Int> { box.parts.eventRange }

    init(origin: consuming DeadLetterOrigin, parts: consuming DeadLetterParts) {
        box = DeadLetterBox(origin: consume origin, parts: consume parts)
    }

    /// Sets an export record's origin values on a dead letter just decoded, whose box nobody else holds yet.
    /// Filling them in place is cheaper than building the origin as a separate value: the optimizer copies that
    /// value into the box, which retains and releases each of its strings once more, for every line of an export.
    mutating func setRecordOrigin(blobName: consuming String, index: Int, blobProperties: consuming BlobProperties?,
                                  endpoint: consuming String?, folderHour: Date?) {
        if !isKnownUniquelyReferenced(&box) { box = box.copy() }
        box.setRecordOrigin(blobName: blobName, index: index, blobProperties: blobProperties, endpoint: endpoint,
                            folderHour: folderHour)
    }

    /// False for `.unknown`: a JSON object that is neither an event nor a dead letter.
    public var isEvent: Bool { schema != .unknown }

    /// The event proper (without a namespace wrapper), still with any dead-letter members Event Grid added.
    public var eventBytes: ArraySlice<UInt8> { bytes[eventRange] }

    /// The payload (`data` or `data_base64`), when the event has one.
    public var data: EventData? {
        let parts = box.parts
        guard let range = parts.dataSpan.range else { return nil }
        return EventData(encoding: parts.dataIsBase64 ? .base64 : .json, value: JSONRawValue(storage: parts.bytes, range: range))
    }

    /// Lazy path access to the whole value (`raw[path: "data.$dtId"]`).
    public var raw: JSONRawValue { JSONRawValue(storage: bytes, range: 0..<bytes.count) }
}

/// Everything about a dead letter that is read from its bytes (and never changes).
struct DeadLetterParts: Sendable {
    let schema: EventSchema
    let bytes: [UInt8]
    let attributes: EventAttributes
    /// nil when nothing was recorded (ADT dead letters).
    let recordedFacts: DeadLetterFacts?
    let eventRange: Range<Int>
    let dataSpan: EventValueSpan
    let dataIsBase64: Bool
}

/// `DeadLetter`'s storage. `origin` is changed only through `DeadLetter.origin` and `DeadLetter.setRecordOrigin`,
/// which copy a shared box first, so no box is ever mutated while another value or thread can see it.
final class DeadLetterBox: @unchecked Sendable {
    var origin: DeadLetterOrigin
    let parts: DeadLetterParts

    init(origin: consuming DeadLetterOrigin, parts: consuming DeadLetterParts) {
        self.origin = consume origin
        self.parts = consume parts
    }

    func copy() -> DeadLetterBox { DeadLetterBox(origin: origin, parts: parts) }

    /// See `DeadLetter.setRecordOrigin`; one exclusive access for all the fields.
    func setRecordOrigin(blobName: consuming String, index: Int, blobProperties: consuming BlobProperties?,
                         endpoint: consuming String?, folderHour: Date?) {
        Self.fill(&origin, blobName: blobName, index: index, blobProperties: blobProperties, endpoint: endpoint, folderHour: folderHour)
    }

    private static func fill(_ origin: inout DeadLetterOrigin, blobName: consuming String, index: Int,
                             blobProperties: consuming BlobProperties?, endpoint: consuming String?, folderHour: Date?) {
        origin.blobName = consume blobName
        origin.index = index
        origin.blobProperties = consume blobProperties
        origin.endpoint = consume endpoint
        origin.folderHour = folderHour
    }
}

/// Why a blob's bytes (or one value in them) did not give a dead letter. Messages name the blob and offset.
public enum DeadLetterDecodingError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The blob is not valid JSON from `offset` on; the dead letters before it were delivered, the rest is lost.
    case malformedBlob(blob: String, JSONDecodingError)
    /// One element of the blob's array (or one line) is not valid JSON; the others were decoded.
    case invalidValue(blob: String, index: Int, JSONDecodingError)
    /// A value that is valid JSON but not an object, so it cannot be an event.
    case notAnObject(blob: String, index: Int, offset: Int, kind: JSONValueKind)
    /// A line of an export file that holds JSON but not a usable record.
    case invalidExportRecord(source: String, index: Int, reason: String)

    public var description: String {
        switch self {
        case .malformedBlob(let blob, let error):
            return "blob \(blob): \(error); dead letters after this point could not be read"
        case .invalidValue(let blob, let index, let error):
            return "blob \(blob), value \(index): skipped: \(error)"
        case .notAnObject(let blob, let index, let offset, let kind):
            return "blob \(blob), value \(index) at byte \(offset): a JSON \(kind) is not an event (expected an object)"
        case .invalidExportRecord(let source, let index, let reason):
            return "export \(source), record \(index): \(reason)"
        }
    }
}
