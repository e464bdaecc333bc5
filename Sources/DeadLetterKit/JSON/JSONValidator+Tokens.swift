/// The token scanners of `JSONValidator`: strings (escapes, UTF-8), numbers and literals.
/// Each takes the buffer and a start index and returns the index after the token, or throws with an offset.
/// Error offsets are relative to the buffer; `textBase` is the absolute offset of the buffer's first byte, used only
/// where a message quotes a position in words ("a string starting at byte …"), so the text needs no rewriting later.
extension JSONValidator {
    /// Scans string content starting after the opening quote; returns the index after the closing quote and
    /// whether any backslash escape occurred.
    @inline(__always)
    static func scanString(_ base: UnsafePointer<UInt8>, from start: Int, to end: Int,
                           textBase: Int) throws(JSONDecodingError) -> (end: Int, hasEscapes: Bool) {
        var i = start
        var escaped = false
        while true {
            i = JSONBytes.skipPlainStringBytes(base, from: i, to: end)
            guard i < end else { throw .truncated(offset: end, context: "a string starting at byte \(textBase + start - 1)") }
            let byte = base[i]
            if byte == JSONBytes.quote { return (i + 1, escaped) }
            if byte == JSONBytes.backslash {
                escaped = true
                i = try scanEscape(base, at: i, to: end, stringStart: textBase + start - 1)
            } else if byte < 0x20 {
                throw .controlCharacterInString(byte, offset: i)
            } else {
                i = try scanUTF8Sequence(base, at: i, to: end, stringStart: textBase + start - 1)
            }
        }
    }

    /// Validates the escape at the backslash `base[i]`, including surrogate pairing; returns the index after it.
    /// `stringStart` (absolute) is for messages only.
    static func scanEscape(_ base: UnsafePointer<UInt8>, at i: Int, to end: Int, stringStart: Int) throws(JSONDecodingError) -> Int {
        guard i + 1 < end else { throw .truncated(offset: end, context: "a string starting at byte \(stringStart)") }
        switch base[i + 1] {
        case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"), UInt8(ascii: "b"), UInt8(ascii: "f"),
             UInt8(ascii: "n"), UInt8(ascii: "r"), UInt8(ascii: "t"):
            return i + 2
        case UInt8(ascii: "u"):
            let unit = try hexUnit(base, at: i + 2, to: end, escapeStart: i, stringStart: stringStart)
            if (0xDC00...0xDFFF).contains(unit) { throw .loneSurrogate(offset: i) }
            guard (0xD800...0xDBFF).contains(unit) else { return i + 6 }
            let next = i + 6
            guard end - next >= 2 else {
                throw .truncated(offset: end, context: "a string starting at byte \(stringStart)")
            }
            guard base[next] == JSONBytes.backslash, base[next + 1] == UInt8(ascii: "u") else { throw .loneSurrogate(offset: i) }
            let low = try hexUnit(base, at: next + 2, to: end, escapeStart: next, stringStart: stringStart)
            guard (0xDC00...0xDFFF).contains(low) else { throw .loneSurrogate(offset: i) }
            return next + 6
        default:
            throw .invalidEscape(offset: i)
        }
    }

    private static func hexUnit(_ base: UnsafePointer<UInt8>, at i: Int, to end: Int, escapeStart: Int, stringStart: Int) throws(JSONDecodingError) -> UInt32 {
        var value: UInt32 = 0
        for k in 0..<4 {
            guard i + k < end else { throw .truncated(offset: end, context: "a string starting at byte \(stringStart)") }
            guard let digit = JSONBytes.hexValue(base[i + k]) else { throw .invalidEscape(offset: escapeStart) }
            value = value << 4 | digit
        }
        return value
    }

    /// Validates one multi-byte UTF-8 sequence (RFC 3629 table: no overlongs, no surrogates, ≤ U+10FFFF).
    static func scanUTF8Sequence(_ base: UnsafePointer<UInt8>, at i: Int, to end: Int, stringStart: Int) throws(JSONDecodingError) -> Int {
        let lead = base[i]
        let count: Int
        var low: UInt8 = 0x80, high: UInt8 = 0xBF
        switch lead {
        case 0xC2...0xDF: count = 1
        case 0xE0: count = 2; low = 0xA0
        case 0xE1...0xEC, 0xEE...0xEF: count = 2
        case 0xED: count = 2; high = 0x9F
        case 0xF0: count = 3; low = 0x90
        case 0xF1...0xF3: count = 3
        case 0xF4: count = 3; high = 0x8F
        default: throw .invalidUTF8(offset: i)
        }
        for k in 1...count {
            guard i + k < end else { throw .truncated(offset: end, context: "a string starting at byte \(stringStart)") }
            let byte = base[i + k]
            let (lo, hi) = k == 1 ? (low, high) : (UInt8(0x80), UInt8(0xBF))
            guard byte >= lo && byte <= hi else { throw .invalidUTF8(offset: i) }
        }
        return i + count + 1
    }

    /// Scans `-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?` starting at `start`.
    @inline(__always)
    static func scanNumber(_ base: UnsafePointer<UInt8>, from start: Int, to end: Int, textBase: Int) throws(JSONDecodingError) -> Int {
        var i = start
        if base[i] == UInt8(ascii: "-") { i += 1 }
        guard i < end else { throw .truncated(offset: end, context: "a number starting at byte \(textBase + start)") }
        if base[i] == UInt8(ascii: "0") {
            i += 1
            if i < end && JSONBytes.isDigit(base[i]) {
                throw .invalidNumber(offset: start, reason: "leading zeros are not allowed")
            }
        } else if JSONBytes.isDigit(base[i]) {
            i += 1
            while i < end && JSONBytes.isDigit(base[i]) { i += 1 }
        } else {
            throw .invalidNumber(offset: start, reason: "'-' must be followed by a digit")
        }
        if i < end && base[i] == UInt8(ascii: ".") {
            i += 1
            guard i < end else { throw .truncated(offset: end, context: "a number starting at byte \(textBase + start)") }
            guard JSONBytes.isDigit(base[i]) else {
                throw .invalidNumber(offset: start, reason: "a digit must follow the decimal point")
            }
            while i < end && JSONBytes.isDigit(base[i]) { i += 1 }
        }
        if i < end && (base[i] == UInt8(ascii: "e") || base[i] == UInt8(ascii: "E")) {
            i += 1
            if i < end && (base[i] == UInt8(ascii: "+") || base[i] == UInt8(ascii: "-")) { i += 1 }
            guard i < end else { throw .truncated(offset: end, context: "a number starting at byte \(textBase + start)") }
            guard JSONBytes.isDigit(base[i]) else {
                throw .invalidNumber(offset: start, reason: "the exponent needs at least one digit")
            }
            while i < end && JSONBytes.isDigit(base[i]) { i += 1 }
        }
        return i
    }

    /// Matches `true`, `false` or `null` at `start`.
    @inline(__always)
    static func scanLiteral(_ base: UnsafePointer<UInt8>, from start: Int, to end: Int, _ literal: StaticString,
                            textBase: Int) throws(JSONDecodingError) -> Int {
        let count = literal.utf8CodeUnitCount
        let expected = literal.utf8Start
        for k in 0..<count {
            guard start + k < end else { throw .truncated(offset: end, context: "the literal \(literal) starting at byte \(textBase + start)") }
            guard base[start + k] == expected[k] else {
                throw .unexpectedByte(base[start + k], offset: start + k, expected: "the literal \(literal)")
            }
        }
        return start + count
    }
}
