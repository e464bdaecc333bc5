#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Failures writing an output file or stream. Each names the path and the operating system's reason, with a hint
/// where the usual cause is known.
public enum OutputFileError: Error, CustomStringConvertible, Equatable, Sendable {
    /// The output path has no file name (it ends in `/`).
    case notAFilePath(path: String)
    /// The temporary file next to the final one could not be created.
    case cannotCreate(path: String, errno: Int32)
    case writeFailed(path: String, errno: Int32)
    /// The reader of a pipe went away (`deadletter … | head`).
    case brokenPipe(name: String)
    case syncFailed(path: String, errno: Int32)
    case renameFailed(from: String, to: String, errno: Int32)
    /// A write or commit after `commit()` or `abort()`.
    case closed(path: String)

    public var description: String {
        switch self {
        case .notAFilePath(let path):
            return "output path '\(path)' names a directory, not a file; add a file name"
        case .cannotCreate(let path, let code):
            return "cannot create temporary output file '\(path)': \(Self.reason(code))\(Self.hint(code))"
        case .writeFailed(let path, let code):
            return "cannot write to '\(path)': \(Self.reason(code))\(Self.hint(code))"
        case .brokenPipe(let name):
            return "\(name) was closed by its reader before the output was complete"
        case .syncFailed(let path, let code):
            return "cannot flush '\(path)' to disk: \(Self.reason(code))\(Self.hint(code))"
        case .renameFailed(let from, let to, let code):
            return "cannot move the finished output '\(from)' to '\(to)': \(Self.reason(code))\(Self.hint(code))"
        case .closed(let path):
            return "output '\(path)' was already committed or aborted"
        }
    }

    static func reason(_ code: Int32) -> String {
        guard let text = strerror(code) else { return "error \(code)" }
        return String(cString: text)
    }

    static func hint(_ code: Int32) -> String {
        switch code {
        case ENOSPC, EDQUOT: return " (free some space or write elsewhere)"
        case EACCES, EPERM, EROFS: return " (check that the directory is writable)"
        case ENOENT: return " (check that the directory exists)"
        case EISDIR: return " (a directory has that name; choose another output name)"
        default: return ""
        }
    }
}
