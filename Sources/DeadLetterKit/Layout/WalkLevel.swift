/// The folder level a listing request or a pruning decision is about. A level is named for the folder being
/// listed: `.group` lists a group folder (its children are years), `.day` lists a day folder (its children are hours).
public enum WalkLevel: String, Sendable, Hashable, CaseIterable, Comparable, CustomStringConvertible {
    /// The container root (children: group folders).
    case container
    /// A folder that may be a group or hold groups deeper down (children: years or more group folders).
    case group
    case year
    case month
    case day
    /// An hour folder (children: the dead-letter blobs).
    case hour
    /// A folder outside the layouts, listed flat so that none of its blobs get lost.
    case unrecognizedFolder
    /// Flat mode: one listing of everything under a prefix, without a delimiter.
    case flat

    public var description: String {
        switch self {
        case .unrecognizedFolder: return "unrecognized folder"
        default: return rawValue
        }
    }

    public static func < (lhs: WalkLevel, rhs: WalkLevel) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }
}
