import Foundation

/// The single byte range of `x-ms-range` (preferred) or `Range`: `bytes=start-end` or `bytes=start-`.
/// Azure ignores forms it does not support (suffix ranges, several ranges) and returns the whole blob.
struct ByteRangeHeader: Sendable, Equatable, CustomStringConvertible {
    var start: Int64
    /// Inclusive; nil means to the end.
    var end: Int64?

    init(start: Int64, end: Int64?) {
        self.start = start
        self.end = end
    }

    init?(_ text: String) {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        guard trimmed.lowercased().hasPrefix("bytes=") else { return nil }
        let spec = trimmed.dropFirst(6)
        guard !spec.contains(","), let dash = spec.firstIndex(of: "-") else { return nil }
        guard let start = Int64(spec[..<dash]), start >= 0 else { return nil }
        let endText = spec[spec.index(after: dash)...]
        if endText.isEmpty {
            self.init(start: start, end: nil)
        } else {
            guard let end = Int64(endText), end >= start else { return nil }
            self.init(start: start, end: end)
        }
    }

    var description: String { "bytes=\(start)-" + (end.map(String.init) ?? "") }

    static func from(_ request: EmulatorRequest) -> ByteRangeHeader? {
        if let text = request.header("x-ms-range") { return ByteRangeHeader(text) }
        if let text = request.header("Range") { return ByteRangeHeader(text) }
        return nil
    }

    /// The bytes to send for a blob of `length`, or nil when the range starts at or past the end (416; Azure
    /// answers so even for an empty blob, which is why SDKs retry a ranged first read without the range).
    func resolved(length: Int64) -> ClosedRange<Int64>? {
        guard start < length else { return nil }
        return start...min(end ?? (length - 1), length - 1)
    }
}
