/// Walks bytes that were validated before (an event's `data`, a stored record) without validating them again:
/// finds where a value ends, iterates members and elements. Every step is bounds-checked and returns nil on
/// anything unexpected, so handing it arbitrary bytes can give a wrong answer but never a crash or a hang.
enum JSONSkipping {
    /// The index after the closing quote of the string whose content starts at `start`, and whether it has escapes.
    @inline(__always)
    static func stringEnd(_ base: UnsafePointer<UInt8>, contentStart start: Int, end: Int) -> (end: Int, hasEscapes: Bool)? {
        var i = start
        var escaped = false
        while true {
            i = JSONBytes.skipToQuoteOrBackslash(base, from: i, to: end)
            guard i < end else { return nil }
            if base[i] == JSONBytes.quote { return (i + 1, escaped) }
            escaped = true
            i += 2
        }
    }

    /// The index after the value starting at `base[start]`.
    static func valueEnd(_ base: UnsafePointer<UInt8>, from start: Int, end: Int) -> Int? {
        guard start < end else { return nil }
        switch base[start] {
        case JSONBytes.quote:
            return stringEnd(base, contentStart: start + 1, end: end)?.end
        case JSONBytes.openBrace, JSONBytes.openBracket:
            var depth = 0
            var i = start
            while i < end {
                switch base[i] {
                case JSONBytes.quote:
                    guard let after = stringEnd(base, contentStart: i + 1, end: end)?.end else { return nil }
                    i = after
                    continue
                case JSONBytes.openBrace, JSONBytes.openBracket:
                    depth += 1
                case JSONBytes.closeBrace, JSONBytes.closeBracket:
                    depth -= 1
                    if depth == 0 { return i + 1 }
                default:
                    break
                }
                i += 1
            }
            return nil
        default:
            var i = start
            while i < end && JSONStreamDecoder.isScalarByte(base[i]) { i += 1 }
            return i > start ? i : nil
        }
    }

    /// Calls `body(nameContentRange, nameHasEscapes, valueRange)` for each member of the object at `range`
    /// until it returns false. Returns false if the bytes are not a well-formed object.
    @discardableResult
    static func forEachMember(_ base: UnsafePointer<UInt8>, _ range: Range<Int>,
                              _ body: (Range<Int>, Bool, Range<Int>) throws -> Bool) rethrows -> Bool {
        let end = range.upperBound
        guard range.lowerBound < end, base[range.lowerBound] == JSONBytes.openBrace else { return false }
        var i = JSONBytes.skipWhitespace(base, from: range.lowerBound + 1, to: end)
        guard i < end else { return false }
        if base[i] == JSONBytes.closeBrace { return true }
        while true {
            guard i < end, base[i] == JSONBytes.quote,
                  let (keyEnd, escaped) = stringEnd(base, contentStart: i + 1, end: end) else { return false }
            let key = (i + 1)..<(keyEnd - 1)
            i = JSONBytes.skipWhitespace(base, from: keyEnd, to: end)
            guard i < end, base[i] == JSONBytes.colon else { return false }
            i = JSONBytes.skipWhitespace(base, from: i + 1, to: end)
            guard let valueEnd = valueEnd(base, from: i, end: end) else { return false }
            if try !body(key, escaped, i..<valueEnd) { return true }
            i = JSONBytes.skipWhitespace(base, from: valueEnd, to: end)
            guard i < end else { return false }
            if base[i] == JSONBytes.closeBrace { return true }
            guard base[i] == JSONBytes.comma else { return false }
            i = JSONBytes.skipWhitespace(base, from: i + 1, to: end)
        }
    }

    /// Calls `body(valueRange)` for each element of the array at `range` until it returns false.
    @discardableResult
    static func forEachElement(_ base: UnsafePointer<UInt8>, _ range: Range<Int>,
                               _ body: (Range<Int>) throws -> Bool) rethrows -> Bool {
        let end = range.upperBound
        guard range.lowerBound < end, base[range.lowerBound] == JSONBytes.openBracket else { return false }
        var i = JSONBytes.skipWhitespace(base, from: range.lowerBound + 1, to: end)
        guard i < end else { return false }
        if base[i] == JSONBytes.closeBracket { return true }
        while true {
            guard let valueEnd = valueEnd(base, from: i, end: end) else { return false }
            if try !body(i..<valueEnd) { return true }
            i = JSONBytes.skipWhitespace(base, from: valueEnd, to: end)
            guard i < end else { return false }
            if base[i] == JSONBytes.closeBracket { return true }
            guard base[i] == JSONBytes.comma else { return false }
            i = JSONBytes.skipWhitespace(base, from: i + 1, to: end)
        }
    }
}
