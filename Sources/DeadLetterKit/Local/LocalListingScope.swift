/// A name in a listing page, before properties are read.
enum LocalListedEntry: Equatable {
    case blob(String)
    case prefix(String)

    var name: String {
        switch self {
        case .blob(let name), .prefix(let name): return name
        }
    }
}

/// Where a prefix points in the mirror: the directory holding its last complete segment, and the rest.
/// `ep1/2024/1` → directory `ep1/2024`, partial `1`; `ep1/` → directory `ep1`, partial ``.
struct LocalListingScope {
    var prefix: String
    var directory: String
    /// `directory/` (empty for the root): prepended to entry keys to form blob names.
    var base: String
    var partial: String

    /// Nil when no file can match: a directory part with empty, `.` or `..` segments (no file has such a name, and
    /// `..` must never reach outside the mirror) or a NUL byte.
    init?(prefix: String) {
        guard !prefix.utf8.contains(0) else { return nil }
        let bytes = prefix.utf8
        if let slash = bytes.lastIndex(of: UInt8(ascii: "/")) {
            directory = String(decoding: bytes[..<slash], as: UTF8.self)
            partial = String(decoding: bytes[bytes.index(after: slash)...], as: UTF8.self)
            let segments = directory.utf8.split(separator: UInt8(ascii: "/"), omittingEmptySubsequences: false)
            guard segments.allSatisfy({ !$0.isEmpty && !$0.elementsEqual(".".utf8) && !$0.elementsEqual("..".utf8) }) else {
                return nil
            }
            base = directory + "/"
        } else {
            directory = ""
            partial = prefix
            base = ""
        }
        self.prefix = prefix
    }
}

/// One directory being walked in `listSubtree`.
struct LocalSubtreeFrame {
    var directory: String
    var base: String
    var entries: [LocalDirectoryEntry]
    var index: Int
    /// Only at the top: entries must start with the prefix's last partial segment.
    var partial: String
}
