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

    public var origin: DeadLetterOrigin { template.origin }
    public let input: Input
    /// The origin in a box: the per-value code gets a reference to it instead of copying a struct of strings.
    private let template: OriginTemplate
    private var json: JSONStreamDecoder
    /// Export lines repeat origin values; see `ExportOriginCache`.
    private var originCache = ExportOriginCache()

    /// `origin` is the template for every dead letter (its `index` is replaced by the value's position).
    public init(origin: DeadLetterOrigin, input: Input = .blob, options: JSONDecodingOptions = JSONDecodingOptions()) {
        self.init(origin: origin, input: input, options: options, startOffset: 0)
    }

    /// For line input that starts `startOffset` bytes into a file (see `ParallelExportDecoding`): offsets in errors
    /// are those of the file; value positions count from 0 and are marked so the caller can shift them.
    init(origin: DeadLetterOrigin, input: Input, options: JSONDecodingOptions, startOffset: Int) {
        template = OriginTemplate(origin)
        self.input = input
        json = JSONStreamDecoder(mode: input == .blob ? .document : .jsonLines, options: options, startOffset: startOffset)
    }

    /// Whether the blob was a single object or an array (nil before the first value byte, and for line input).
    public var documentShape: JSONDocumentShape? { json.documentShape }

    /// Values (and invalid values) handed over so far.
    var valuesSeen: Int { json.valuesSeen }

    public mutating func feed(_ chunk: UnsafeRawBufferPointer, _ body: (Item) throws -> Void) throws {
        try feed(chunk) { item, _ in try body(item) }
    }

    /// `feed` telling for each item whether its index is the value's position in this decoder's input (a bare
    /// event line, a bad line), as opposed to an index the record itself names.
    mutating func feed(_ chunk: UnsafeRawBufferPointer, _ body: (Item, _ positional: Bool) throws -> Void) throws {
        let template = self.template, input = self.input
        var cache = ExportOriginCache()
        swap(&cache, &originCache)
        defer { swap(&cache, &originCache) }
        do {
            try json.feedInPlace(chunk) { item in
                let (converted, positional) = Self.convert(item, template: template, input: input, cache: &cache)
                try body(converted, positional)
            }
        } catch let error as JSONDecodingError {
            throw DeadLetterDecodingError.malformedBlob(blob: template.origin.blobName, error)
        }
    }

    public mutating func feed(_ chunk: [UInt8], _ body: (Item) throws -> Void) throws {
        try chunk.withUnsafeBytes { try feed($0, body) }
    }

    /// Ends the input; throws `malformedBlob` if it was cut off or empty.
    public mutating func finish(_ body: (Item) throws -> Void) throws {
        try finish { item, _ in try body(item) }
    }

    /// `finish` with the `positional` mark of `feed(_:_:)`.
    mutating func finish(_ body: (Item, _ positional: Bool) throws -> Void) throws {
        let template = self.template, input = self.input
        var cache = ExportOriginCache()
        swap(&cache, &originCache)
        defer { swap(&cache, &originCache) }
        do {
            try json.finishInPlace { item in
                let (converted, positional) = Self.convert(item, template: template, input: input, cache: &cache)
                try body(converted, positional)
            }
        } catch let error as JSONDecodingError {
            throw DeadLetterDecodingError.malformedBlob(blob: template.origin.blobName, error)
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

    /// The item for a framed value, and whether its index is the value's position (see `feed(_:_:)`).
    private static func convert(_ item: JSONFramedItem, template: OriginTemplate, input: Input,
                                cache: inout ExportOriginCache) -> (Item, positional: Bool) {
        switch item {
        case .invalidValue(let index, _, let error):
            if input == .exportLines {
                return (.invalid(.invalidExportRecord(source: template.origin.source, index: index, reason: error.description)), true)
            }
            return (.invalid(.invalidValue(blob: template.origin.blobName, index: index, error)), true)
        case .value(let value):
            do throws(DeadLetterDecodingError) {
                if input == .exportLines {
                    // A record names its own index; a bare event line is indexed by its position.
                    let (deadLetter, isBareEvent) = try ExportRecord.decode(view: value, exportOrigin: template.origin, cache: &cache)
                    return (.deadLetter(deadLetter), isBareEvent)
                }
                guard value.kind == .object else {
                    throw .notAnObject(blob: template.origin.blobName, index: value.index, offset: value.range.lowerBound, kind: value.kind)
                }
                let deadLetter = DeadLetter(object: Array(value.bytes), members: value.members, origin: template.origin.at(index: value.index))
                return (.deadLetter(deadLetter), true)
            } catch {
                return (.invalid(error), true)
            }
        }
    }
}

/// A decoder's origin template, shared by reference with the code that runs for every value.
private final class OriginTemplate: Sendable {
    let origin: DeadLetterOrigin
    init(_ origin: DeadLetterOrigin) { self.origin = origin }
}
