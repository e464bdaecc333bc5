/// Why a blob path fits none of the dead-letter layouts. The walker still yields such blobs (as `.unrecognized`).
public enum BlobLayoutMismatch: Error, Sendable, Hashable, CustomStringConvertible {
    /// The last path segment does not end in `.json` (or is only `.json`).
    case notJSON(fileName: String)
    /// Fewer than the 6 segments `<group>/<y>/<m>/<d>/<h>/<file>.json` needs.
    case tooFewSegments(found: Int)
    case invalidYear(String)
    case invalidMonth(String)
    case invalidDay(String, year: Int, month: Int)
    case invalidHour(String)
    /// The segment right before the year (the endpoint or subscription name) is empty, e.g. `/2024/1/5/13/x.json`.
    case emptyGroupName
    /// A forced layout needs more group segments than the path has (a namespace layout needs three).
    case tooFewGroupSegments(layout: BlobLayoutKind, found: Int)

    public var description: String {
        switch self {
        case .notJSON(let fileName):
            return "'\(fileName)' is not a .json file, so it is not a dead-letter blob"
        case .tooFewSegments(let found):
            return "the path has \(found) segment(s); a dead-letter path needs at least 6 (<group>/<year>/<month>/<day>/<hour>/<file>.json)"
        case .invalidYear(let text):
            return "'\(text)' is not a 4-digit year folder"
        case .invalidMonth(let text):
            return "'\(text)' is not a month folder (1 to 12, one or two digits)"
        case .invalidDay(let text, let year, let month):
            return "'\(text)' is not a day of \(RFC3339.pad(year, 4))-\(RFC3339.pad(month, 2)) (one or two digits)"
        case .invalidHour(let text):
            return "'\(text)' is not an hour folder (0 to 23, one or two digits)"
        case .emptyGroupName:
            return "the endpoint/subscription folder before the year is empty"
        case .tooFewGroupSegments(let layout, let found):
            return "the \(layout) layout needs \(layout.minimumGroupSegments) folder(s) before the year, the path has \(found)"
        }
    }
}
