/// The three ways Azure lays out dead-letter blobs inside a container.
///
/// - `adt`: Azure Digital Twins, `<endpoint>/<y>/<m>/<d>/<h>/<eventId>.json` (one event per blob).
/// - `eventGrid`: Event Grid topics, `<SUBSCRIPTION>/<y>/<M>/<d>/<H>/<guid>.json`, sometimes with one more leading
///   segment (`eventgridtoasb/ASB-SUB-2-STORAGE/…`); the subscription name is upper-cased by Event Grid.
/// - `eventGridNamespace`: Event Grid namespace topics, `<namespace>/<topic>/<subscription>/<y>/<m>/<d>/<h>/<guid>.json`.
public enum BlobLayoutKind: String, Sendable, Hashable, CaseIterable, CustomStringConvertible {
    case adt
    case eventGrid
    case eventGridNamespace

    /// How many path segments the layout needs before the date folders.
    public var minimumGroupSegments: Int {
        switch self {
        case .adt, .eventGrid: return 1
        case .eventGridNamespace: return 3
        }
    }

    public var description: String {
        switch self {
        case .adt: return "Azure Digital Twins"
        case .eventGrid: return "Event Grid"
        case .eventGridNamespace: return "Event Grid namespace"
        }
    }

    /// Parses the spellings a user types for `--layout` (`adt`, `eventgrid`, `event-grid`, `namespace`, …).
    public init?(userText: String) {
        switch userText.lowercased().filter({ $0 != "-" && $0 != "_" }) {
        case "adt", "digitaltwins": self = .adt
        case "eventgrid", "eg": self = .eventGrid
        case "eventgridnamespace", "namespace", "egnamespace", "namespacetopic": self = .eventGridNamespace
        default: return nil
        }
    }
}
