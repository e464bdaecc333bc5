/// JSON Lines framing: a value ends at the next newline (a raw newline cannot occur inside a JSON string), so
/// framing is a `memchr` for `\n`. Each line is validated on its own, in place when it lies within one chunk; a
/// bad line is reported and the next line decodes normally.
extension JSONStreamDecoder {
    mutating func scanLine(_ base: UnsafePointer<UInt8>, from start: Int, count n: Int,
                           _ body: (JSONFramedItem) throws -> Void) throws -> Int {
        let newline = JSONBytes.find(JSONBytes.newline, in: base, from: start, to: n)
        guard newline < n else { return n }
        phase = .lineStart
        let lineEnd = bytesConsumed + newline
        if let error = scan.skipping {
            pending.removeAll(keepingCapacity: true)
            try emitSkippedLine(valueStart..<lineEnd, error, body)
            return newline + 1
        }
        var end = newline
        while end > segmentStart && JSONBytes.isWhitespace(base[end - 1]) { end -= 1 }
        if pending.isEmpty {
            if end - segmentStart > options.maxValueSize {
                try emitSkippedLine(valueStart..<lineEnd, .valueTooLarge(offset: valueStart, limit: options.maxValueSize), body)
                return newline + 1
            }
            try emit(UnsafeBufferPointer(start: base + segmentStart, count: end - segmentStart),
                     range: valueStart..<(valueStart + end - segmentStart), body)
        } else {
            if pending.count + (end - segmentStart) > options.maxValueSize {
                pending.removeAll(keepingCapacity: true)
                try emitSkippedLine(valueStart..<lineEnd, .valueTooLarge(offset: valueStart, limit: options.maxValueSize), body)
                return newline + 1
            }
            pending.append(contentsOf: UnsafeBufferPointer(start: base + segmentStart, count: end - segmentStart))
            try emitPendingLine(body)
        }
        return newline + 1
    }

    /// Keeps the part of a line that lies in this chunk. The size limit applies to the line without its trailing
    /// whitespace (as when the line lies within one chunk), but whitespace at the end of a chunk may yet turn out to
    /// be inside the value, so it is kept too — up to the limit only: once kept whitespace fills the limit, any
    /// further content makes the line too large anyway, and if the line ends instead the whitespace is trimmed.
    mutating func saveLineSegment(_ base: UnsafePointer<UInt8>, upTo n: Int) throws {
        var contentEnd = n
        while contentEnd > segmentStart && JSONBytes.isWhitespace(base[contentEnd - 1]) { contentEnd -= 1 }
        let content = contentEnd - segmentStart
        if pending.count + content > options.maxValueSize {
            try startSkipping(.valueTooLarge(offset: valueStart, limit: options.maxValueSize))
            return
        }
        let whitespace = Swift.min(n - contentEnd, options.maxValueSize - pending.count - content)
        if pending.isEmpty { pending.reserveCapacity(Swift.min(options.maxValueSize, 2 * (n - segmentStart) + 256)) }
        pending.append(contentsOf: UnsafeBufferPointer(start: base + segmentStart, count: content + whitespace))
    }

    /// The input ended inside a line without a final newline: that line is still a value.
    mutating func finishLine(_ body: (JSONFramedItem) throws -> Void) throws {
        if let error = scan.skipping {
            pending.removeAll(keepingCapacity: true)
            try emitSkippedLine(valueStart..<bytesConsumed, error, body)
            return
        }
        try emitPendingLine(body)
    }

    /// The line assembled in `pending`, without trailing whitespace.
    private mutating func emitPendingLine(_ body: (JSONFramedItem) throws -> Void) throws {
        while let last = pending.last, JSONBytes.isWhitespace(last) { pending.removeLast() }
        try emitPending(range: valueStart..<(valueStart + pending.count), body)
    }

    private mutating func emitSkippedLine(_ range: Range<Int>, _ error: JSONDecodingError,
                                          _ body: (JSONFramedItem) throws -> Void) throws {
        let index = valuesSeen
        valuesSeen += 1
        try body(.invalidValue(index: index, range: range, error: error))
    }
}
