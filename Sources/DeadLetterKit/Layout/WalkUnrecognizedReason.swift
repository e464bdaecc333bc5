/// Why the walker reports a blob as `.unrecognized` instead of a dead-letter blob.
public enum WalkUnrecognizedReason: Sendable, Hashable, CustomStringConvertible {
    /// A blob where only folders belong: at the container root or directly in a group, year, month or day folder.
    case blobAboveHourFolders(folder: String, level: WalkLevel)
    /// A blob somewhere below a folder whose name is not a valid year, month, day or hour there
    /// (`ep1/2024/13/`, `ep1/2024/1/tmp/`), or a date folder with no group before it.
    case underNonDateFolder(folder: String, expected: WalkLevel)
    /// A blob below a folder in which no year folders were found within the search depth.
    case noDateFolders(folder: String, searchDepth: Int)
    /// A blob in a sub-folder of an hour folder.
    case nestedInHourFolder(folder: String)
    /// The blob's own path does not fit the layout (not .json, bad numbers, too few folders for a forced layout).
    case layoutMismatch(BlobLayoutMismatch)

    public var description: String {
        switch self {
        case .blobAboveHourFolders(let folder, let level):
            return "the blob sits directly in the \(level) folder '\(Self.display(folder))', where only folders are expected"
        case .underNonDateFolder(let folder, let expected):
            return "the blob is under '\(Self.display(folder))', which is not a valid \(expected) folder at that depth"
        case .noDateFolders(let folder, let depth):
            return "no year folders were found within \(depth) folder level(s) of '\(Self.display(folder))'; if this is a group, pass its depth or --layout"
        case .nestedInHourFolder(let folder):
            return "the blob is in '\(Self.display(folder))', a sub-folder of an hour folder"
        case .layoutMismatch(let mismatch):
            return mismatch.description
        }
    }

    private static func display(_ folder: String) -> String { folder.isEmpty ? "/" : folder }
}
