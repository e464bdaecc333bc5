/// The entry point from bytes to dead letters: feed it one blob's (or one export file's) chunks as they arrive
/// and it hands over each `DeadLetter` as soon as its value is complete.
///
/// - A blob holding a single object gives one dead letter (index 0); an array gives one per element (index =
///   position). A bad element is reported (`.invalid`) and the rest still decode; a syntax error outside the
///   elements ends the blob with `DeadLetterDecodingError.malformedBlob` naming the offset.
/// - Export files (`.exportLines`) hold one record or bare event per line; a bad line is reported and skipped.
public struct DeadLetterDecoder: Sendable {
    public enum Input: Sendable, Hashable {
        /// A dead-letter blob: one JSON object, or an array of them (Event Grid).
        case blob
        /// JSON Lines of bare events.
        case eventLines
        /// JSON Lines written by export: records or bare events (`--events-only`).
        case exportLines
    }

    public enum Item: Sendable {
        case deadLetter(DeadLetter)
        /// A value that was skipped; decoding went on after it.
        case invalid(DeadLetterDecodingError)
    }

    public let origin: DeadLetterOrigin
    public let input: Input
    private var json: JSONStreamDecoder

    /// `origin` is the template for every dead letter (its `index` is replaced by the value's position).
    public init(origin: DeadLetterOrigin, input: Input = .blob, options: JSONDecodingOptions = JSONDecodingOptions()) {
        self.origin = origin
        self.input = input
        json = JSONStreamDecoder(mode: input == .blob ? .document : .jsonLines, options: options)
    }

    /// Whether the blob was a single object or an array (nil before the first value byte, and for line input).
    public var documentShape: JSONDocumentShape? { json.documentShape }

    public mutating func feed(_ chunk: UnsafeRawBufferPointer, _ body: (Item) throws -> Void) throws {
        let origin = self.origin, input = self.input
        do {
            try json.feed(chunk) { item in try body(Self.convert(item, origin: origin, input: input)) }
        } catch let error as JSONDecodingError {
            throw DeadLetterDecodingError.malformedBlob(blob: origin.blobName, error)
        }
    }

    public mutating func feed(_ chunk: [UInt8], _ body: (Item) throws -> Void) throws {
        try chunk.withUnsafeBytes { try feed($0, body) }
    }

    /// Ends the input; throws `malformedBlob` if it was cut off or empty.
    public mutating func finish(_ body: (Item) throws -> Void) throws {
        let origin = self.origin, input = self.input
        do {
            try json.finish { item in try body(Self.convert(item, origin: origin, input: input)) }
        } catch let error as JSONDecodingError {
            throw DeadLetterDecodingError.malformedBlob(blob: origin.blobName, error)
        }
    }

    /// Reads a whole chunk sequence (an HTTP body, a file, a gunzip stream) and calls `body` for each item.
    public mutating func decode<Chunks: AsyncSequence>(_ chunks: Chunks, _ body: (Item) throws -> Void) async throws
    where Chunks.Element == [UInt8] {
        for try await chunk in chunks { try feed(chunk, body) }
        try finish(body)
    }

    /// Decodes a whole buffer: the dead letters, the skipped values, and the error that ended it early (if any).
    public static func decode(_ bytes: [UInt8], origin: DeadLetterOrigin, input: Input = .blob,
                              options: JSONDecodingOptions = JSONDecodingOptions())
        -> (deadLetters: [DeadLetter], problems: [DeadLetterDecodingError]) {
        var decoder = DeadLetterDecoder(origin: origin, input: input, options: options)
        var deadLetters: [DeadLetter] = []
        var problems: [DeadLetterDecodingError] = []
        let collect: (Item) -> Void = { item in
            switch item {
            case .deadLetter(let deadLetter): deadLetters.append(deadLetter)
            case .invalid(let problem): problems.append(problem)
            }
        }
        do {
            try decoder.feed(bytes, collect)
            try decoder.finish(collect)
        } catch {
            // `collect` cannot throw, so this is the decoder's own `DeadLetterDecodingError`.
            problems.append((error as? DeadLetterDecodingError)
                            ?? .malformedBlob(blob: origin.blobName, .truncated(offset: bytes.count, context: "\(error)")))
        }
        return (deadLetters, problems)
    }

    private static func convert(_ item: JSONStreamItem, origin: DeadLetterOrigin, input: Input) -> Item {
        switch item {
        case .invalidValue(let index, _, let error):
            if input == .exportLines {
                return .invalid(.invalidExportRecord(source: origin.source, index: index, reason: error.description))
            }
            return .invalid(.invalidValue(blob: origin.blobName, index: index, error))
        case .value(let value):
            do throws(DeadLetterDecodingError) {
                if input == .exportLines {
                    return .deadLetter(try ExportRecord.decode(value: value, exportOrigin: origin))
                }
                return .deadLetter(try DeadLetter(value: value, origin: origin.at(index: value.index)))
            } catch {
                return .invalid(error)
            }
        }
    }
}
