/// A field the filters and `--where` can name.
public enum QueryField: Hashable, Sendable {
    case id, type, source, subject, twin, sourceTwin, targetTwin, relationship, model
    case time, deadlettered, endpoint, reason, attempts, outcome, blob
    /// `data.<path>`: segments as written, without quotes (`data."a.b".0` is `["a.b", "0"]`).
    case data(path: [String])
    /// `patch.path`: every path a JSON Patch (Twin.Update, Relationship.Update) touched.
    case patchPath

    /// What a field holds, so that `--where` can reject a comparison that could never be true while parsing.
    public enum Kind: Sendable {
        case text, number, time
        /// `data.<path>`: whatever the JSON holds, only known per event.
        case dynamic
    }

    /// The fields with a fixed name, in the order the documentation and error messages list them.
    public static let namedFields: [QueryField] = [
        .id, .type, .source, .subject, .twin, .sourceTwin, .targetTwin, .relationship, .model,
        .time, .deadlettered, .endpoint, .reason, .attempts, .outcome, .blob, .patchPath,
    ]

    static let byName: [String: QueryField] = Dictionary(uniqueKeysWithValues: namedFields.map { ($0.name, $0) })

    /// The name as written in `--where` (`source_twin`, `patch.path`, `data.$dtId`, `data."a.b"`).
    public var name: String {
        switch self {
        case .id: "id"
        case .type: "type"
        case .source: "source"
        case .subject: "subject"
        case .twin: "twin"
        case .sourceTwin: "source_twin"
        case .targetTwin: "target_twin"
        case .relationship: "relationship"
        case .model: "model"
        case .time: "time"
        case .deadlettered: "deadlettered"
        case .endpoint: "endpoint"
        case .reason: "reason"
        case .attempts: "attempts"
        case .outcome: "outcome"
        case .blob: "blob"
        case .patchPath: "patch.path"
        case .data(let path): (["data"] + path.map(Self.renderSegment)).joined(separator: ".")
        }
    }

    public var kind: Kind {
        switch self {
        case .time, .deadlettered: .time
        case .attempts: .number
        case .data: .dynamic
        default: .text
        }
    }

    /// Endpoint names are Azure resource names, which are case-insensitive, and the casing of the dead-letter folder
    /// is not documented; so `endpoint` compares without regard to case everywhere (flags and `--where`).
    var isCaseInsensitive: Bool { self == .endpoint }

    /// A `data` path segment written bare when it can be read back bare, quoted otherwise.
    static func renderSegment(_ segment: String) -> String {
        if !segment.isEmpty, segment.unicodeScalars.allSatisfy(WhereExpression.Scanner.isPathSegmentScalar) {
            return segment
        }
        return WhereExpression.Literal.quoted(segment)
    }
}

extension QueryField: CustomStringConvertible {
    public var description: String { name }
}
