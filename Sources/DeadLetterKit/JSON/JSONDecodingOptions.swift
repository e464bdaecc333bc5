/// How a `JSONStreamDecoder` splits its input into values.
public enum JSONStreamMode: Sendable, Hashable {
    /// One JSON document: a single value is yielded whole; a top-level array yields each element
    /// (Event Grid dead-letter blobs are arrays of events).
    case document
    /// JSON Lines: one value per line; blank lines are skipped.
    case jsonLines
}

/// Limits and policies for strict RFC 8259 decoding.
public struct JSONDecodingOptions: Sendable, Hashable {
    /// Maximum nesting of arrays/objects, counted from the document root (a top-level array is level 1).
    public var maxDepth: Int
    /// Maximum size in bytes of one yielded value. Bigger values are reported as errors and skipped where the
    /// stream can resynchronise (array elements, lines), so memory stays bounded by this number.
    public var maxValueSize: Int
    /// RFC 8259 says names "SHOULD be unique"; dead letters with repeated members are ambiguous, so the default rejects them.
    public var allowDuplicateKeys: Bool

    public static let defaultMaxDepth = 64
    public static let defaultMaxValueSize = 4 * 1024 * 1024

    public init(maxDepth: Int = JSONDecodingOptions.defaultMaxDepth,
                maxValueSize: Int = JSONDecodingOptions.defaultMaxValueSize,
                allowDuplicateKeys: Bool = false) {
        self.maxDepth = max(1, maxDepth)
        self.maxValueSize = max(1, maxValueSize)
        self.allowDuplicateKeys = allowDuplicateKeys
    }
}
