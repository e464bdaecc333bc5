/// Whether a `.document` input turned out to be one value or a top-level array whose elements were yielded.
public enum JSONDocumentShape: Sendable, Hashable {
    case singleValue
    case array
}

/// Splits a byte stream into complete top-level JSON values as soon as each one ends, validating each strictly.
///
/// Feed it chunks in order (an HTTP body, file reads, a gzip stream) and call `finish` at the end. It holds only
/// the bytes of the value in progress, so memory is bounded by `options.maxValueSize` whatever the input size.
///
/// - Fatal problems (truncation, a syntax error between values, trailing garbage, an invalid single-value
///   document) are thrown as `JSONDecodingError`; the decoder then stays failed.
/// - A bad element of a top-level array or a bad line is handed over as `.invalidValue` and decoding goes on,
///   because its boundaries are still known.
/// If `body` throws, the error is passed on and the decoder should be discarded.
public struct JSONStreamDecoder: Sendable {
    public let mode: JSONStreamMode
    public let options: JSONDecodingOptions
    /// For `.document` input: single value or top-level array; nil until the first value byte was seen.
    public internal(set) var documentShape: JSONDocumentShape?
    /// Bytes fed so far (the absolute offset of the next chunk's first byte).
    public internal(set) var bytesConsumed: Int = 0
    /// Values (and invalid values) handed over so far.
    public internal(set) var valuesSeen: Int = 0

    var validator: JSONValidator
    var phase: Phase
    /// Bytes of the value in progress that arrived in earlier chunks.
    var pending: [UInt8] = []
    /// Absolute offset where the value in progress starts.
    var valueStart = 0
    /// Index in the current chunk where the unsaved part of the value in progress starts.
    var segmentStart = 0
    var scan = ElementScan()
    var failure: JSONDecodingError?

    enum Phase: Sendable, Equatable {
        case start, byteOrderMark(matched: Int)
        case beforeRoot, arrayFirst, arrayNext, inElement, arrayAfterElement, trailing
        case lineStart, inLine
        case finished
    }

    /// Framing state of the value in progress (document mode).
    struct ElementScan: Sendable {
        var depth = 0
        var inString = false
        var escaped = false
        var isScalar = false
        var placement = JSONValuePlacement.document
        /// Set when the value is too large or too deep: its bytes are dropped until it ends, then it is reported.
        var skipping: JSONDecodingError?
    }

    public init(mode: JSONStreamMode = .document, options: JSONDecodingOptions = JSONDecodingOptions()) {
        self.init(mode: mode, options: options, startOffset: 0)
    }

    /// A decoder for input that starts `startOffset` bytes into a larger stream (a range of a file decoded on its
    /// own), so that ranges and error offsets are those of the whole stream. A BOM is only looked for at offset 0.
    init(mode: JSONStreamMode, options: JSONDecodingOptions, startOffset: Int) {
        self.mode = mode
        self.options = options
        validator = JSONValidator(options: options)
        phase = .start
        bytesConsumed = startOffset
    }

    /// Feeds the next chunk; `body` receives every value completed by it.
    public mutating func feed(_ chunk: UnsafeRawBufferPointer, _ body: (JSONStreamItem) throws -> Void) throws {
        try feedInPlace(chunk) { try body($0.owned) }
    }

    /// `feed` handing over values where they lie (see `JSONValueView`), for callers that copy only what they keep.
    mutating func feedInPlace(_ chunk: UnsafeRawBufferPointer, _ body: (JSONFramedItem) throws -> Void) throws {
        if let failure { throw failure }
        guard phase != .finished else { throw JSONDecodingError.trailingContent(offset: bytesConsumed) }
        guard let raw = chunk.baseAddress, !chunk.isEmpty else { return }
        let base = raw.assumingMemoryBound(to: UInt8.self)
        do {
            try frame(base, count: chunk.count, body)
        } catch let error as JSONDecodingError {
            failure = error
            throw error
        }
        bytesConsumed += chunk.count
    }

    public mutating func feed(_ chunk: [UInt8], _ body: (JSONStreamItem) throws -> Void) throws {
        try chunk.withUnsafeBytes { try feed($0, body) }
    }

    /// Ends the input: completes a final scalar or unterminated last line, or throws if a value was cut off.
    public mutating func finish(_ body: (JSONStreamItem) throws -> Void) throws {
        try finishInPlace { try body($0.owned) }
    }

    /// `finish` handing over values where they lie.
    mutating func finishInPlace(_ body: (JSONFramedItem) throws -> Void) throws {
        if let failure { throw failure }
        guard phase != .finished else { return }
        do {
            try finishFraming(body)
        } catch let error as JSONDecodingError {
            failure = error
            throw error
        }
        phase = .finished
    }

    /// Convenience: feeds a chunk and returns what it completed.
    public mutating func feed(_ chunk: [UInt8]) throws(JSONDecodingError) -> [JSONStreamItem] {
        var items: [JSONStreamItem] = []
        do { try feed(chunk) { items.append($0) } } catch { throw Self.decodingError(error) }
        return items
    }

    /// Convenience: ends the input and returns what that completed.
    public mutating func finish() throws(JSONDecodingError) -> [JSONStreamItem] {
        var items: [JSONStreamItem] = []
        do { try finish { items.append($0) } } catch { throw Self.decodingError(error) }
        return items
    }

    /// The collecting closures above cannot throw, so every error they see is the decoder's own.
    private static func decodingError(_ error: any Error) -> JSONDecodingError {
        (error as? JSONDecodingError) ?? .truncated(offset: 0, context: "an unexpected error: \(error)")
    }

    /// Decodes a whole buffer at once.
    public static func decode(_ bytes: [UInt8], mode: JSONStreamMode = .document,
                              options: JSONDecodingOptions = JSONDecodingOptions()) throws(JSONDecodingError) -> [JSONStreamItem] {
        var decoder = JSONStreamDecoder(mode: mode, options: options)
        var items = try decoder.feed(bytes)
        items += try decoder.finish()
        return items
    }
}
