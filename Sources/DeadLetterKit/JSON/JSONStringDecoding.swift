/// Turns the bytes between a JSON string's quotes into text, resolving escapes (`\n`, `\u00e9`, surrogate pairs).
///
/// Works on bytes the validator accepted; on bytes it did not see, a malformed escape or lone surrogate becomes
/// U+FFFD instead of trapping, so a caller can never crash it.
enum JSONStringDecoding {
    /// Appends the UTF-8 of the unescaped content `base[start..<end]` to `out`.
    static func appendUnescaped(_ base: UnsafePointer<UInt8>, from start: Int, to end: Int, into out: inout [UInt8]) {
        var i = start
        var runStart = start
        while i < end {
            i = JSONBytes.skipToQuoteOrBackslash(base, from: i, to: end)
            if i >= end { break }
            guard base[i] == JSONBytes.backslash else { i += 1; continue }
            out.append(contentsOf: UnsafeBufferPointer(start: base + runStart, count: i - runStart))
            i = appendEscape(base, at: i, end: end, into: &out)
            runStart = i
        }
        if runStart < end {
            out.append(contentsOf: UnsafeBufferPointer(start: base + runStart, count: end - runStart))
        }
    }

    /// Decodes the escape starting at the backslash `base[i]`; returns the index after it.
    private static func appendEscape(_ base: UnsafePointer<UInt8>, at i: Int, end: Int, into out: inout [UInt8]) -> Int {
        guard i + 1 < end else { appendScalar(0xFFFD, into: &out); return end }
        let simple: UInt8?
        switch base[i + 1] {
        case UInt8(ascii: "\""): simple = JSONBytes.quote
        case UInt8(ascii: "\\"): simple = JSONBytes.backslash
        case UInt8(ascii: "/"): simple = UInt8(ascii: "/")
        case UInt8(ascii: "b"): simple = 0x08
        case UInt8(ascii: "f"): simple = 0x0C
        case UInt8(ascii: "n"): simple = 0x0A
        case UInt8(ascii: "r"): simple = 0x0D
        case UInt8(ascii: "t"): simple = 0x09
        case UInt8(ascii: "u"): simple = nil
        default: appendScalar(0xFFFD, into: &out); return i + 2
        }
        if let simple { out.append(simple); return i + 2 }
        guard let high = hex4(base, at: i + 2, end: end) else { appendScalar(0xFFFD, into: &out); return min(i + 2, end) }
        var next = i + 6
        if (0xD800...0xDBFF).contains(high) {
            if next + 1 < end, base[next] == JSONBytes.backslash, base[next + 1] == UInt8(ascii: "u"),
               let low = hex4(base, at: next + 2, end: end), (0xDC00...0xDFFF).contains(low) {
                next += 6
                appendScalar(0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00), into: &out)
            } else {
                appendScalar(0xFFFD, into: &out)
            }
        } else if (0xDC00...0xDFFF).contains(high) {
            appendScalar(0xFFFD, into: &out)
        } else {
            appendScalar(high, into: &out)
        }
        return next
    }

    /// The value of the four hex digits at `base[i..<i+4]`, or nil.
    @inline(__always)
    static func hex4(_ base: UnsafePointer<UInt8>, at i: Int, end: Int) -> UInt32? {
        guard end - i >= 4, let a = JSONBytes.hexValue(base[i]), let b = JSONBytes.hexValue(base[i + 1]),
              let c = JSONBytes.hexValue(base[i + 2]), let d = JSONBytes.hexValue(base[i + 3]) else { return nil }
        return a << 12 | b << 8 | c << 4 | d
    }

    static func appendScalar(_ value: UInt32, into out: inout [UInt8]) {
        switch value {
        case 0..<0x80:
            out.append(UInt8(value))
        case 0x80..<0x800:
            out.append(UInt8(0xC0 | (value >> 6)))
            out.append(UInt8(0x80 | (value & 0x3F)))
        case 0x800..<0x10000:
            out.append(UInt8(0xE0 | (value >> 12)))
            out.append(UInt8(0x80 | ((value >> 6) & 0x3F)))
            out.append(UInt8(0x80 | (value & 0x3F)))
        default:
            out.append(UInt8(0xF0 | (value >> 18)))
            out.append(UInt8(0x80 | ((value >> 12) & 0x3F)))
            out.append(UInt8(0x80 | ((value >> 6) & 0x3F)))
            out.append(UInt8(0x80 | (value & 0x3F)))
        }
    }

    /// The text of string content `bytes[range]` (between the quotes). `hasEscapes: false` skips the escape scan.
    static func string(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>, hasEscapes: Bool? = nil) -> String {
        guard let base = bytes.baseAddress, range.lowerBound >= 0, range.upperBound <= bytes.count else { return "" }
        let content = UnsafeBufferPointer(start: base + range.lowerBound, count: range.count)
        if hasEscapes == false || JSONBytes.find(JSONBytes.backslash, in: base, from: range.lowerBound, to: range.upperBound) == range.upperBound {
            return String(decoding: content, as: UTF8.self)
        }
        var out: [UInt8] = []
        out.reserveCapacity(range.count)
        appendUnescaped(base, from: range.lowerBound, to: range.upperBound, into: &out)
        return String(decoding: out, as: UTF8.self)
    }

    /// Whether string content `bytes[range]` decodes to exactly `expected`, without allocating when it has no escapes.
    static func contentEquals(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>, hasEscapes: Bool, _ expected: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let base = bytes.baseAddress else { return expected.isEmpty && range.isEmpty }
        if !hasEscapes {
            guard range.count == expected.count else { return false }
            guard let e = expected.baseAddress else { return true }
            return memcmpEqual(base + range.lowerBound, e, range.count)
        }
        var out: [UInt8] = []
        appendUnescaped(base, from: range.lowerBound, to: range.upperBound, into: &out)
        return out.elementsEqual(expected)
    }

    @inline(__always)
    static func memcmpEqual(_ a: UnsafePointer<UInt8>, _ b: UnsafePointer<UInt8>, _ count: Int) -> Bool {
        var i = 0
        while count - i >= 8 {
            if JSONBytes.load(a, i) != JSONBytes.load(b, i) { return false }
            i += 8
        }
        while i < count {
            if a[i] != b[i] { return false }
            i += 1
        }
        return true
    }
}
