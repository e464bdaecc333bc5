/// Document framing: finds where each top-level value (or each element of a top-level array) ends, across
/// chunk boundaries, tracking only nesting depth and string state. Full validation happens once the value is
/// complete (`JSONValidator`), so this loop stays small and resumable.
extension JSONStreamDecoder {
    mutating func frame(_ base: UnsafePointer<UInt8>, count n: Int, _ body: (JSONFramedItem) throws -> Void) throws {
        var i = 0
        segmentStart = 0
        while i < n {
            switch phase {
            case .start:
                if bytesConsumed + i == 0 && base[i] == 0xEF {
                    phase = .byteOrderMark(matched: 1)
                    i += 1
                } else {
                    phase = mode == .document ? .beforeRoot : .lineStart
                }
            case .byteOrderMark(let matched):
                let expected: UInt8 = matched == 1 ? 0xBB : 0xBF
                guard base[i] == expected else {
                    throw JSONDecodingError.unexpectedByte(base[i], offset: bytesConsumed + i,
                                                           expected: "the UTF-8 byte-order mark EF BB BF")
                }
                i += 1
                phase = matched == 2 ? (mode == .document ? .beforeRoot : .lineStart) : .byteOrderMark(matched: matched + 1)
            case .beforeRoot:
                i = JSONBytes.skipWhitespace(base, from: i, to: n)
                guard i < n else { break }
                if base[i] == JSONBytes.openBracket {
                    documentShape = .array
                    phase = .arrayFirst
                    i += 1
                } else {
                    documentShape = .singleValue
                    i = try beginElement(base, at: i, placement: .document)
                }
            case .arrayFirst, .arrayNext:
                i = JSONBytes.skipWhitespace(base, from: i, to: n)
                guard i < n else { break }
                if base[i] == JSONBytes.closeBracket {
                    guard phase == .arrayFirst else {
                        throw JSONDecodingError.unexpectedByte(base[i], offset: bytesConsumed + i, expected: "a value after ','")
                    }
                    phase = .trailing
                    i += 1
                } else {
                    i = try beginElement(base, at: i, placement: .arrayElement)
                }
            case .inElement:
                i = try scanElement(base, from: i, count: n, body)
            case .arrayAfterElement:
                i = JSONBytes.skipWhitespace(base, from: i, to: n)
                guard i < n else { break }
                switch base[i] {
                case JSONBytes.comma: phase = .arrayNext
                case JSONBytes.closeBracket: phase = .trailing
                default:
                    throw JSONDecodingError.unexpectedByte(base[i], offset: bytesConsumed + i,
                                                           expected: "',' or ']' after array element \(valuesSeen - 1)")
                }
                i += 1
            case .trailing:
                i = JSONBytes.skipWhitespace(base, from: i, to: n)
                if i < n { throw JSONDecodingError.trailingContent(offset: bytesConsumed + i) }
            case .lineStart:
                i = JSONBytes.skipWhitespace(base, from: i, to: n)
                guard i < n else { break }
                valueStart = bytesConsumed + i
                segmentStart = i
                scan = ElementScan()
                scan.placement = .line
                phase = .inLine
            case .inLine:
                i = try scanLine(base, from: i, count: n, body)
            case .finished:
                throw JSONDecodingError.trailingContent(offset: bytesConsumed + i)
            }
        }
        if phase == .inElement || phase == .inLine { try saveSegment(base, upTo: n) }
    }

    /// Starts a value at `base[i]`; returns where framing continues.
    private mutating func beginElement(_ base: UnsafePointer<UInt8>, at i: Int, placement: JSONValuePlacement) throws -> Int {
        let byte = base[i]
        scan = ElementScan()
        scan.placement = placement
        valueStart = bytesConsumed + i
        segmentStart = i
        phase = .inElement
        switch byte {
        case JSONBytes.openBrace, JSONBytes.openBracket:
            scan.depth = 1
            try checkDepth(offset: valueStart)
            return i + 1
        case JSONBytes.quote:
            scan.inString = true
            return i + 1
        default:
            guard JSONValueKind.of(firstByte: byte) != nil else {
                throw JSONDecodingError.unexpectedByte(byte, offset: valueStart, expected: "a JSON value")
            }
            scan.isScalar = true
            return i
        }
    }

    private var baseDepth: Int { scan.placement == .arrayElement ? 1 : 0 }

    private mutating func checkDepth(offset: Int) throws {
        guard scan.skipping == nil, baseDepth + scan.depth > options.maxDepth else { return }
        try startSkipping(.nestingTooDeep(offset: offset, limit: options.maxDepth))
    }

    /// Drops the value in progress (too big or too deep) but keeps framing it, so an array can go on after it.
    /// A single-value document cannot resynchronise: that is fatal.
    mutating func startSkipping(_ error: JSONDecodingError) throws {
        if scan.placement == .document { throw error }
        scan.skipping = error
        pending = []
    }

    /// Continues the element in progress from `base[i]`; returns where framing continues.
    private mutating func scanElement(_ base: UnsafePointer<UInt8>, from start: Int, count n: Int,
                                      _ body: (JSONFramedItem) throws -> Void) throws -> Int {
        var i = start
        if scan.escaped {
            scan.escaped = false
            i += 1
        }
        if scan.isScalar {
            while i < n && Self.isScalarByte(base[i]) { i += 1 }
            if i < n { try completeElement(base, end: i, body) }
            return i
        }
        while i < n {
            if scan.inString {
                i = JSONBytes.skipToQuoteOrBackslash(base, from: i, to: n)
                guard i < n else { break }
                if base[i] == JSONBytes.backslash {
                    if i + 1 < n { i += 2 } else { scan.escaped = true; i = n }
                    continue
                }
                scan.inString = false
                i += 1
                if scan.depth == 0 {
                    try completeElement(base, end: i, body)
                    return i
                }
                continue
            }
            let byte = base[i]
            i += 1
            switch byte {
            case JSONBytes.quote:
                scan.inString = true
            case JSONBytes.openBrace, JSONBytes.openBracket:
                scan.depth += 1
                try checkDepth(offset: bytesConsumed + i - 1)
            case JSONBytes.closeBrace, JSONBytes.closeBracket:
                scan.depth -= 1
                if scan.depth == 0 {
                    try completeElement(base, end: i, body)
                    return i
                }
            default:
                break
            }
        }
        return i
    }

    /// Bytes that can continue a number or literal; anything else ends it (the validator judges the token).
    @inline(__always)
    static func isScalarByte(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
             UInt8(ascii: "+"), UInt8(ascii: "-"), UInt8(ascii: "."):
            return true
        default:
            return false
        }
    }

    /// Keeps the unsaved part of the value in progress when a chunk ends inside it.
    mutating func saveSegment(_ base: UnsafePointer<UInt8>, upTo n: Int) throws {
        guard scan.skipping == nil, segmentStart < n else { return }
        if phase == .inLine {
            try saveLineSegment(base, upTo: n)
            return
        }
        if pending.count + (n - segmentStart) > options.maxValueSize {
            try startSkipping(.valueTooLarge(offset: valueStart, limit: options.maxValueSize))
            return
        }
        if pending.isEmpty { pending.reserveCapacity(Swift.min(options.maxValueSize, 2 * (n - segmentStart) + 256)) }
        pending.append(contentsOf: UnsafeBufferPointer(start: base + segmentStart, count: n - segmentStart))
    }

    /// The element ending at `base[end]` (exclusive) is framed: validate it where it lies and hand it over.
    private mutating func completeElement(_ base: UnsafePointer<UInt8>, end: Int, _ body: (JSONFramedItem) throws -> Void) throws {
        let placement = scan.placement
        phase = placement == .arrayElement ? .arrayAfterElement : .trailing
        let valueEnd = bytesConsumed + end
        if let error = scan.skipping {
            try emitInvalid(valueStart..<valueEnd, error, body)
            return
        }
        if pending.count + (end - segmentStart) > options.maxValueSize {
            try startSkipping(.valueTooLarge(offset: valueStart, limit: options.maxValueSize))
            try emitInvalid(valueStart..<valueEnd, scan.skipping!, body)
            return
        }
        let segment = UnsafeBufferPointer(start: base + segmentStart, count: end - segmentStart)
        segmentStart = end
        if pending.isEmpty {
            try emit(segment, range: valueStart..<valueEnd, body)
        } else {
            pending.append(contentsOf: segment)
            try emitPending(range: valueStart..<valueEnd, body)
        }
    }

    /// Validates the complete value `bytes` (in place) and hands it over, or reports it invalid.
    mutating func emit(_ bytes: UnsafeBufferPointer<UInt8>, range: Range<Int>, _ body: (JSONFramedItem) throws -> Void) throws {
        let index = valuesSeen
        valuesSeen += 1
        let kind: JSONValueKind
        do throws(JSONDecodingError) {
            kind = try validator.validate(bytes, baseDepth: baseDepth, textBase: range.lowerBound)
        } catch {
            let shifted = error.shifted(by: range.lowerBound)
            if scan.placement == .document { throw shifted }
            try body(.invalidValue(index: index, range: range, error: shifted))
            return
        }
        try body(.value(JSONValueView(bytes: bytes, range: range, index: index, placement: scan.placement, kind: kind,
                                      validator: validator)))
    }

    /// `emit` for a value assembled in `pending` (it spanned chunks); the buffer is kept for the next one.
    mutating func emitPending(range: Range<Int>, _ body: (JSONFramedItem) throws -> Void) throws {
        var bytes = pending
        pending = []
        defer {
            bytes.removeAll(keepingCapacity: true)
            pending = bytes
        }
        try bytes.withUnsafeBufferPointer { try emit($0, range: range, body) }
    }

    private mutating func emitInvalid(_ range: Range<Int>, _ error: JSONDecodingError, _ body: (JSONFramedItem) throws -> Void) throws {
        pending.removeAll(keepingCapacity: true)
        let index = valuesSeen
        valuesSeen += 1
        try body(.invalidValue(index: index, range: range, error: error))
    }

    /// End of input: complete what can be completed, report what was cut off.
    mutating func finishFraming(_ body: (JSONFramedItem) throws -> Void) throws {
        let end = bytesConsumed
        switch phase {
        case .start, .beforeRoot:
            if mode == .document { throw JSONDecodingError.emptyInput }
        case .byteOrderMark:
            throw JSONDecodingError.truncated(offset: end, context: "the UTF-8 byte-order mark")
        case .arrayFirst, .arrayNext, .arrayAfterElement:
            throw JSONDecodingError.truncated(offset: end, context: "the top-level array (after \(valuesSeen) elements)")
        case .inElement:
            if let error = scan.skipping {
                throw JSONDecodingError.truncated(offset: end, context: "array element \(valuesSeen) (\(error))")
            }
            if scan.isScalar && scan.placement == .document {
                try emitPending(range: valueStart..<end, body)
                return
            }
            // Let the validator say precisely what was left open (a string, an object…).
            var partial = pending
            pending = []
            if case .failure(let error) = validatePartial(&partial) { throw error.shifted(by: valueStart) }
            let what = scan.placement == .arrayElement ? "array element \(valuesSeen)" : "the value"
            throw JSONDecodingError.truncated(offset: end, context: "\(what) starting at byte \(valueStart)")
        case .inLine:
            try finishLine(body)
        case .lineStart, .trailing, .finished:
            break
        }
    }

    private mutating func validatePartial(_ bytes: inout [UInt8]) -> Result<JSONValueKind, JSONDecodingError> {
        let baseDepth = self.baseDepth, textBase = valueStart
        return bytes.withUnsafeBufferPointer { buffer in
            do throws(JSONDecodingError) { return .success(try validator.validate(buffer, baseDepth: baseDepth, textBase: textBase)) }
            catch { return .failure(error) }
        }
    }
}
