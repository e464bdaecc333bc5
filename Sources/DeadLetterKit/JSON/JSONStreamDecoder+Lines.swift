/// JSON Lines framing: a value ends at the next newline (a raw newline cannot occur inside a JSON string), so
/// framing is a word-at-a-time search for `\n`. Each line is validated on its own; a bad line is reported and
/// the next line decodes normally.
extension JSONStreamDecoder {
    mutating func scanLine(_ base: UnsafePointer<UInt8>, from start: Int, count n: Int,
                           _ body: (JSONStreamItem) throws -> Void) throws -> Int {
        let newline = JSONBytes.find(JSONBytes.newline, in: base, from: start, to: n)
        guard newline < n else { return n }
        phase = .lineStart
        let lineEnd = bytesConsumed + newline
        if let error = scan.skipping {
            pending = []
            let index = valuesSeen
            valuesSeen += 1
            try body(.invalidValue(index: index, range: valueStart..<lineEnd, error: error))
            return newline + 1
        }
        var end = newline
        if pending.isEmpty {
            while end > segmentStart && JSONBytes.isWhitespace(base[end - 1]) { end -= 1 }
            if end - segmentStart > options.maxValueSize {
                let index = valuesSeen
                valuesSeen += 1
                try body(.invalidValue(index: index, range: valueStart..<lineEnd,
                                       error: .valueTooLarge(offset: valueStart, limit: options.maxValueSize)))
                return newline + 1
            }
            var bytes = Array(UnsafeBufferPointer(start: base + segmentStart, count: end - segmentStart))
            try emit(&bytes, range: valueStart..<(valueStart + bytes.count), body)
        } else {
            if pending.count + (end - segmentStart) > options.maxValueSize {
                pending = []
                let index = valuesSeen
                valuesSeen += 1
                try body(.invalidValue(index: index, range: valueStart..<lineEnd,
                                       error: .valueTooLarge(offset: valueStart, limit: options.maxValueSize)))
                return newline + 1
            }
            pending.append(contentsOf: UnsafeBufferPointer(start: base + segmentStart, count: end - segmentStart))
            var bytes = pending
            pending = []
            while let last = bytes.last, JSONBytes.isWhitespace(last) { bytes.removeLast() }
            try emit(&bytes, range: valueStart..<(valueStart + bytes.count), body)
        }
        return newline + 1
    }

    /// The input ended inside a line without a final newline: that line is still a value.
    mutating func finishLine(_ body: (JSONStreamItem) throws -> Void) throws {
        let end = bytesConsumed
        var bytes = pending
        pending = []
        if let error = scan.skipping {
            let index = valuesSeen
            valuesSeen += 1
            try body(.invalidValue(index: index, range: valueStart..<end, error: error))
            return
        }
        while let last = bytes.last, JSONBytes.isWhitespace(last) { bytes.removeLast() }
        try emit(&bytes, range: valueStart..<(valueStart + bytes.count), body)
    }
}
