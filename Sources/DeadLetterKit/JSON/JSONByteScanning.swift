#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Byte-level helpers shared by the validator, the stream framer, the compactor and lazy access.
///
/// Strings dominate dead-letter events (ids, timestamps, twin ids), so the string loops test 8 bytes at a time
/// (SWAR): a word with no quote, backslash, control or non-ASCII byte is skipped whole.
enum JSONBytes {
    static let quote = UInt8(ascii: "\"")
    static let backslash = UInt8(ascii: "\\")
    static let openBrace = UInt8(ascii: "{")
    static let closeBrace = UInt8(ascii: "}")
    static let openBracket = UInt8(ascii: "[")
    static let closeBracket = UInt8(ascii: "]")
    static let comma = UInt8(ascii: ",")
    static let colon = UInt8(ascii: ":")
    static let space = UInt8(ascii: " ")
    static let tab = UInt8(ascii: "\t")
    static let newline = UInt8(ascii: "\n")
    static let carriageReturn = UInt8(ascii: "\r")

    private static let ones: UInt64 = 0x0101_0101_0101_0101
    private static let highs: UInt64 = 0x8080_8080_8080_8080

    @inline(__always)
    static func isWhitespace(_ byte: UInt8) -> Bool {
        byte == space || byte == newline || byte == carriageReturn || byte == tab
    }

    @inline(__always)
    static func isDigit(_ byte: UInt8) -> Bool { byte &- UInt8(ascii: "0") < 10 }

    /// Bytes that end a bare scalar (number or literal) in a container or at the top level.
    @inline(__always)
    static func isScalarDelimiter(_ byte: UInt8) -> Bool {
        byte == comma || byte == closeBracket || byte == closeBrace || isWhitespace(byte)
    }

    @inline(__always)
    static func load(_ base: UnsafePointer<UInt8>, _ i: Int) -> UInt64 {
        UInt64(littleEndian: UnsafeRawPointer(base + i).loadUnaligned(as: UInt64.self))
    }

    /// High bit set in each byte lane equal to `byte` (exact for the lowest lane; higher lanes may be false positives).
    @inline(__always)
    static func matchMask(_ word: UInt64, _ byte: UInt8) -> UInt64 {
        let x = word ^ (ones &* UInt64(byte))
        return (x &- ones) & ~x & highs
    }

    /// Lanes holding `"`, `\`, a control byte (< 0x20) or a non-ASCII byte: everything a string scan must look at.
    @inline(__always)
    static func stringSpecialMask(_ word: UInt64) -> UInt64 {
        let control = (word &- ones &* 0x20) & ~word & highs
        return matchMask(word, quote) | matchMask(word, backslash) | control | (word & highs)
    }

    /// First index ≥ `i` holding `"`, `\`, a control or a non-ASCII byte, or `end`.
    @inline(__always)
    static func skipPlainStringBytes(_ base: UnsafePointer<UInt8>, from start: Int, to end: Int) -> Int {
        var i = start
        while end - i >= 8 {
            let mask = stringSpecialMask(load(base, i))
            if mask != 0 { return i + (mask.trailingZeroBitCount >> 3) }
            i += 8
        }
        while i < end {
            let b = base[i]
            if b == quote || b == backslash || b < 0x20 || b >= 0x80 { return i }
            i += 1
        }
        return end
    }

    /// First index ≥ `i` holding `"` or `\`, or `end` (for code that trusts the bytes to be valid already).
    @inline(__always)
    static func skipToQuoteOrBackslash(_ base: UnsafePointer<UInt8>, from start: Int, to end: Int) -> Int {
        var i = start
        while end - i >= 8 {
            let word = load(base, i)
            let mask = matchMask(word, quote) | matchMask(word, backslash)
            if mask != 0 { return i + (mask.trailingZeroBitCount >> 3) }
            i += 8
        }
        while i < end {
            let b = base[i]
            if b == quote || b == backslash { return i }
            i += 1
        }
        return end
    }

    /// First index ≥ `i` that is not JSON whitespace, or `end`. Pretty-printed blobs indent with runs of spaces.
    @inline(__always)
    static func skipWhitespace(_ base: UnsafePointer<UInt8>, from start: Int, to end: Int) -> Int {
        var i = start
        while i < end {
            let b = base[i]
            if b > space || !isWhitespace(b) { return i }
            i += 1
        }
        return end
    }

    /// First index ≥ `i` holding `byte`, or `end` (the newline of JSON Lines). libc's `memchr` is vectorised.
    @inline(__always)
    static func find(_ byte: UInt8, in base: UnsafePointer<UInt8>, from start: Int, to end: Int) -> Int {
        guard start < end, let hit = memchr(base + start, Int32(byte), end - start) else { return end }
        return UnsafeRawPointer(hit) - UnsafeRawPointer(base)
    }

    @inline(__always)
    static func hexValue(_ byte: UInt8) -> UInt32? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return UInt32(byte - UInt8(ascii: "0"))
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return UInt32(byte - UInt8(ascii: "a") + 10)
        case UInt8(ascii: "A")...UInt8(ascii: "F"): return UInt32(byte - UInt8(ascii: "A") + 10)
        default: return nil
        }
    }
}
