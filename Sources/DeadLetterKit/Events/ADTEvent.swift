/// The seven Azure Digital Twins notification types (exact, case-sensitive strings; telemetry is lower-case).
public enum ADTEventKind: String, Sendable, Hashable, CaseIterable {
    case twinCreate = "Microsoft.DigitalTwins.Twin.Create"
    case twinUpdate = "Microsoft.DigitalTwins.Twin.Update"
    case twinDelete = "Microsoft.DigitalTwins.Twin.Delete"
    case relationshipCreate = "Microsoft.DigitalTwins.Relationship.Create"
    case relationshipUpdate = "Microsoft.DigitalTwins.Relationship.Update"
    case relationshipDelete = "Microsoft.DigitalTwins.Relationship.Delete"
    case telemetry = "microsoft.iot.telemetry"

    public var isTwinEvent: Bool { self == .twinCreate || self == .twinUpdate || self == .twinDelete }
    public var isRelationshipEvent: Bool {
        self == .relationshipCreate || self == .relationshipUpdate || self == .relationshipDelete
    }
    /// Update events carry `{"modelId": …, "patch": [JSON Patch]}` instead of the twin or relationship.
    public var isUpdate: Bool { self == .twinUpdate || self == .relationshipUpdate }
}

/// What an ADT notification is about, read from the event's attributes and `data`.
///
/// Where ADT puts the twin id depends on the type: `subject` (twin events; `data.$dtId` as fallback),
/// `<twin>/relationships/<id>` in `subject` (relationship events; `data.$sourceId`), or the last path segment of
/// `source` (telemetry: `<host>/digitaltwins/<twin>` or `<host>/<twin>`). Events delivered in the Event Grid
/// schema carry the CloudEvent's data under `data.data` and lose `source`; telemetry then names its twin in `subject`.
public struct ADTEvent: Sendable {
    public var kind: ADTEventKind
    /// The twin the event is about (for relationships: the source twin).
    public var twinId: String?
    public var relationshipId: String?
    /// Relationship events: the twin the relationship starts from (same as `twinId`).
    public var sourceTwinId: String?
    /// Relationship Create/Delete: `data.$targetId` (Update events do not carry it).
    public var targetTwinId: String?
    /// Updates: `data.modelId`; Create/Delete: `data.$metadata.$model`; telemetry: `dataschema`.
    public var modelId: String?
    /// Updates: the JSON Patch `path` of each operation, in order. Read from the patch when asked for: most
    /// consumers of `adt` want only the twin or the model, and an update's patch is its largest part.
    public var patchPaths: [String] {
        get { patchPathsSet ?? patch?.elements.compactMap { $0[member: "path"]?.string } ?? [] }
        set { patchPathsSet = newValue }
    }
    /// Telemetry from a component: the component path in `subject` (CloudEvents delivery only).
    public var componentPath: String?
    /// The event came in the Event Grid schema (payload under `data.data`, `source` lost).
    public var deliveredInEventGridSchema: Bool
    /// An update's `data.patch`, raw.
    var patch: JSONRawValue?
    /// Paths set explicitly (they then replace what the patch says).
    private var patchPathsSet: [String]?

    init(kind: ADTEventKind, deliveredInEventGridSchema: Bool) {
        self.kind = kind
        self.deliveredInEventGridSchema = deliveredInEventGridSchema
    }
}

extension ADTEvent: Hashable {
    public static func == (lhs: ADTEvent, rhs: ADTEvent) -> Bool {
        lhs.kind == rhs.kind && lhs.twinId == rhs.twinId && lhs.relationshipId == rhs.relationshipId
            && lhs.sourceTwinId == rhs.sourceTwinId && lhs.targetTwinId == rhs.targetTwinId && lhs.modelId == rhs.modelId
            && lhs.componentPath == rhs.componentPath && lhs.deliveredInEventGridSchema == rhs.deliveredInEventGridSchema
            && lhs.patchPaths == rhs.patchPaths
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(kind)
        hasher.combine(twinId)
        hasher.combine(relationshipId)
        hasher.combine(sourceTwinId)
        hasher.combine(targetTwinId)
        hasher.combine(modelId)
        hasher.combine(componentPath)
        hasher.combine(deliveredInEventGridSchema)
        hasher.combine(patchPaths)
    }
}

extension DeadLetter {
    /// The ADT view of this dead letter; nil when its type is not one of the seven ADT notification types.
    public var adt: ADTEvent? {
        guard var event = adtTwins else { return nil }
        let inEventGridSchema = event.deliveredInEventGridSchema
        if event.kind.isUpdate {
            let (model, patch) = adtPayload?.firstMembers(named: "modelId", "patch") ?? (nil, nil)
            event.modelId = model?.string
            event.patch = patch
        } else if event.kind == .telemetry {
            event.modelId = attributes.dataschema ?? (inEventGridSchema ? data?.value[member: "dataschema"]?.string : nil)
        } else {
            event.modelId = adtPayload?[member: "$metadata"]?[member: "$model"]?.string
        }
        return event
    }

    /// The ADT view with only the twins, the relationship and the component filled in: what `twinIDs` needs, without
    /// reading the model or an update's patch (a `--twin` filter asks this of every event of a matching type).
    var adtTwins: ADTEvent? {
        guard schema != .unknown, let kind = ADTEventKind(typeOf: attributes) else { return nil }
        var event = ADTEvent(kind: kind, deliveredInEventGridSchema: schema == .eventGrid)
        let subject = attributes.subject
        if kind.isTwinEvent {
            event.twinId = subject ?? adtPayload?[member: "$dtId"]?.string
        } else if kind.isRelationshipEvent {
            let payload = adtPayload
            if let subject, let split = ADTEvent.splitRelationshipSubject(subject) {
                event.sourceTwinId = split.twin
                event.relationshipId = split.relationship
            }
            event.sourceTwinId = event.sourceTwinId ?? payload?[member: "$sourceId"]?.string
            event.relationshipId = event.relationshipId ?? payload?[member: "$relationshipId"]?.string
            event.targetTwinId = payload?[member: "$targetId"]?.string
            event.twinId = event.sourceTwinId
        } else if let source = attributes.source {
            event.twinId = ADTEvent.lastPathSegment(source)
            event.componentPath = subject.flatMap { $0.isEmpty ? nil : $0 }
        } else {
            event.twinId = subject
        }
        return event
    }

    /// The ADT payload: `data`, or `data.data` for an event delivered in the Event Grid schema.
    private var adtPayload: JSONRawValue? {
        schema == .eventGrid ? data?.value[member: "data"] : data.flatMap { $0.encoding == .json ? $0.value : nil }
    }
}

extension ADTEventKind {
    private static let spellings: [(bytes: [UInt8], kind: ADTEventKind)] = allCases.map { (Array($0.rawValue.utf8), $0) }

    /// The kind named by an event's `type`, compared as bytes (filters ask this of every event; no String is built
    /// unless the type is written with escapes).
    init?(typeOf attributes: EventAttributes) {
        guard let range = attributes.spans.type.range, range.count >= 2 else { return nil }
        let content = (range.lowerBound + 1)..<(range.upperBound - 1)
        let (match, escaped): (ADTEventKind?, Bool) = attributes.storage.withUnsafeBufferPointer { buffer in
            guard let base = buffer.baseAddress, buffer[range.lowerBound] == JSONBytes.quote else { return (nil, false) }
            for spelling in Self.spellings where spelling.bytes.count == content.count {
                let equal = spelling.bytes.withUnsafeBufferPointer {
                    JSONStringDecoding.memcmpEqual($0.baseAddress!, base + content.lowerBound, content.count)
                }
                if equal { return (spelling.kind, false) }
            }
            return (nil, JSONBytes.find(JSONBytes.backslash, in: base, from: content.lowerBound, to: content.upperBound) != content.upperBound)
        }
        if let match {
            self = match
        } else if escaped, let text = attributes.text(attributes.spans.type), let kind = ADTEventKind(rawValue: text) {
            self = kind
        } else {
            return nil
        }
    }
}

extension ADTEvent {
    /// Every twin the event concerns: the twin of twin and telemetry events, both ends of a relationship.
    public var twinIDs: [String] {
        var twins: [String] = []
        if let twinId { twins.append(twinId) }
        if let sourceTwinId, !twins.contains(sourceTwinId) { twins.append(sourceTwinId) }
        if let targetTwinId, !twins.contains(targetTwinId) { twins.append(targetTwinId) }
        return twins
    }

    /// `<twin>/relationships/<id>` → (twin, id), at the first `/relationships/`.
    static func splitRelationshipSubject(_ subject: String) -> (twin: String, relationship: String)? {
        var subject = subject
        return subject.withUTF8 { bytes -> (twin: String, relationship: String)? in
            let marker: StaticString = "/relationships/"
            let markerCount = marker.utf8CodeUnitCount
            guard let base = bytes.baseAddress, bytes.count > markerCount else { return nil }
            for at in 0...(bytes.count - markerCount)
            where base[at] == UInt8(ascii: "/") && JSONStringDecoding.memcmpEqual(base + at, marker.utf8Start, markerCount) {
                guard at > 0, at + markerCount < bytes.count else { return nil }
                return (String(decoding: UnsafeBufferPointer(start: base, count: at), as: UTF8.self),
                        String(decoding: UnsafeBufferPointer(rebasing: bytes[(at + markerCount)...]), as: UTF8.self))
            }
            return nil
        }
    }

    /// The twin of a telemetry `source`: the segment after the last `/` (`<host>/digitaltwins/<twin>`, `<host>/<twin>`),
    /// trailing slashes ignored.
    static func lastPathSegment(_ source: String) -> String? {
        var source = source
        return source.withUTF8 { bytes -> String? in
            var end = bytes.count
            while end > 0 && bytes[end - 1] == UInt8(ascii: "/") { end -= 1 }
            var start = end
            while start > 0 && bytes[start - 1] != UInt8(ascii: "/") { start -= 1 }
            guard start > 0, start < end else { return nil }
            return String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<end]), as: UTF8.self)
        }
    }
}
