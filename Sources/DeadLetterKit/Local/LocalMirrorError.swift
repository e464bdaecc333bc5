#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// A local mirror directory that cannot be listed or read.
public enum LocalMirrorError: Error, Sendable, Hashable, CustomStringConvertible {
    case rootNotFound(path: String)
    case rootNotADirectory(path: String)
    /// Azure answers `maxresults` ≤ 0 with 400; so does the mirror.
    case invalidMaxResults(Int)
    case directoryUnreadable(path: String, errno: Int32)
    /// A file name that is not valid UTF-8 cannot be a blob name; renaming it is the fix.
    case fileNameNotUTF8(directory: String)
    case invalidBlobName(String)
    case blobNotFound(name: String, path: String)
    case blobUnreadable(name: String, path: String, errno: Int32)

    public var description: String {
        switch self {
        case .rootNotFound(let path):
            return "the mirror directory '\(path)' does not exist; point it at the container folder that azcopy or az storage blob download-batch wrote"
        case .rootNotADirectory(let path):
            return "'\(path)' is a file, not a mirror directory; point it at the container folder"
        case .invalidMaxResults(let value):
            return "maxresults must be 1 or more (got \(value))"
        case .directoryUnreadable(let path, let code):
            return "cannot read the directory '\(path)': \(Self.message(code))"
        case .fileNameNotUTF8(let directory):
            return "the directory '\(directory)' holds a file whose name is not valid UTF-8; rename it so that it can be listed as a blob"
        case .invalidBlobName(let name):
            return "'\(name)' cannot name a blob in a mirror (empty, '.' or '..' path segments, or a NUL byte)"
        case .blobNotFound(let name, let path):
            return "blob '\(name)' is not in the mirror (no file at '\(path)')"
        case .blobUnreadable(let name, let path, let code):
            return "cannot read blob '\(name)' from '\(path)': \(Self.message(code))"
        }
    }

    private static func message(_ code: Int32) -> String {
        guard let text = strerror(code) else { return "error \(code)" }
        return "\(String(cString: text)) (errno \(code))"
    }
}
