/// Failures compressing or decompressing gzip / zlib data. Offsets count compressed bytes from the start of the
/// input, so a user can locate the damage (`cmp`, `xxd -s`).
public enum GzipError: Error, CustomStringConvertible, Equatable, Sendable {
    /// Compression levels are -1 (zlib's default, 6) through 9.
    case invalidLevel(Int32)
    /// zlib refused to start: out of memory, or a zlib library incompatible with the one built against.
    case zlibUnavailable(code: Int32)
    /// The data is not gzip or zlib, or is damaged. `source` names the file or blob when the reader was told it.
    case corrupt(source: String?, offset: Int64, reason: String)
    /// The input ended inside a compressed stream (an interrupted download or copy); offset 0 means empty input.
    case truncated(source: String?, offset: Int64)
    /// `write` after `finish()`: the trailer is already written.
    case writeAfterFinish

    public var description: String {
        switch self {
        case .invalidLevel(let level):
            return "gzip level \(level) is out of range; use 1 (fastest) to 9 (smallest), or -1 for the default"
        case .zlibUnavailable(let code):
            return "zlib could not be initialised (code \(code)): out of memory or an incompatible libz"
        case .corrupt(let source, let offset, let reason):
            return "\(Self.subject(source)) is not valid gzip or zlib data at byte \(offset): \(reason)"
        case .truncated(let source, let offset):
            if offset == 0 { return "\(Self.subject(source)) is empty; expected gzip or zlib data" }
            return "\(Self.subject(source)) ends early, after \(offset) bytes, inside a compressed stream (was the download or copy interrupted?)"
        case .writeAfterFinish:
            return "gzip stream already finished; no more data can be written to it"
        }
    }

    private static func subject(_ source: String?) -> String {
        source.map { "'\($0)'" } ?? "compressed input"
    }
}
