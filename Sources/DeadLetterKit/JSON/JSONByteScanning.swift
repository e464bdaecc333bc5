#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
#if arch(x86_64) && canImport(_Builtin_intrinsics.intel)
import _Builtin_intrinsics.intel
#endif

/// Byte-level helpers shared by the validator, the stream framer, the compactor and lazy access.
///
/// Strings dominate dead-letter events (ids, timestamps, twin ids), so the string loops test 16 bytes at a time
/// with SSE2 on x86-64 (8 at a time with word arithmetic, SWAR, elsewhere and for the tail): a block with no quote,
/// backslash, control or non-ASCII byte is skipped whole.
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

    /// The first `min(count, 8)` bytes at `base + start` as a little-endian word, zero-padded. Reads one whole word
    /// when `limit` (the end of the readable bytes) allows, so short names cost no byte loop.
    @inline(__always)
    static func loadPadded(_ base: UnsafePointer<UInt8>, _ start: Int, count: Int, limit: Int) -> UInt64 {
        if count >= 8 { return load(base, start) }
        if start &+ 8 <= limit { return load(base, start) & ((1 << (UInt64(truncatingIfNeeded: count) &* 8)) &- 1) }
        var word: UInt64 = 0
        for k in 0..<count { word |= UInt64(base[start + k]) << (8 * UInt64(k)) }
        return word
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
        #if arch(x86_64) && canImport(_Builtin_intrinsics.intel)
        // SSE2 (every x86-64 has it): 16 bytes per step; a byte with its high bit set is non-ASCII.
        let quotes = _mm_set1_epi8(0x22), backslashes = _mm_set1_epi8(0x5C), lastControl = _mm_set1_epi8(0x1F)
        while end &- i >= 16 {
            let v = _mm_loadu_si128(UnsafeRawPointer(base + i).assumingMemoryBound(to: __m128i.self))
            let special = _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(v, quotes), _mm_cmpeq_epi8(v, backslashes)),
                                       _mm_or_si128(_mm_cmpeq_epi8(_mm_min_epu8(v, lastControl), v), v))
            let mask = _mm_movemask_epi8(special)
            if mask != 0 { return i &+ Int(mask.trailingZeroBitCount) }
            i &+= 16
        }
        #endif
        while end &- i >= 8 {
            let mask = stringSpecialMask(load(base, i))
            if mask != 0 { return i &+ (mask.trailingZeroBitCount >> 3) }
            i &+= 8
        }
        while i < end {
            let b = base[i]
            if b == quote || b == backslash || b < 0x20 || b >= 0x80 { return i }
            i &+= 1
        }
        return end
    }

    /// First index ≥ `i` holding what a JSON string must escape (`"`, `\` or a control byte), or `end`: the scan of
    /// `skipPlainStringBytes`, passing over non-ASCII bytes (written as they are).
    @inline(__always)
    static func skipBytesWithoutEscape(_ base: UnsafePointer<UInt8>, from start: Int, to end: Int) -> Int {
        var i = start
        while true {
            i = skipPlainStringBytes(base, from: i, to: end)
            guard i < end, base[i] >= 0x80 else { return i }
            i &+= 1
        }
    }

    /// First index ≥ `i` holding `"` or `\`, or `end` (for code that trusts the bytes to be valid already).
    @inline(__always)
    static func skipToQuoteOrBackslash(_ base: UnsafePointer<UInt8>, from start: Int, to end: Int) -> Int {
        var i = start
        #if arch(x86_64) && canImport(_Builtin_intrinsics.intel)
        let quotes = _mm_set1_epi8(0x22), backslashes = _mm_set1_epi8(0x5C)
        while end &- i >= 16 {
            let v = _mm_loadu_si128(UnsafeRawPointer(base + i).assumingMemoryBound(to: __m128i.self))
            let mask = _mm_movemask_epi8(_mm_or_si128(_mm_cmpeq_epi8(v, quotes), _mm_cmpeq_epi8(v, backslashes)))
            if mask != 0 { return i &+ Int(mask.trailingZeroBitCount) }
            i &+= 16
        }
        #endif
        while end &- i >= 8 {
            let word = load(base, i)
            let mask = matchMask(word, quote) | matchMask(word, backslash)
            if mask != 0 { return i &+ (mask.trailingZeroBitCount >> 3) }
            i &+= 8
        }
        while i < end {
            let b = base[i]
            if b == quote || b == backslash { return i }
            i &+= 1
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

    /// The integer a JSON number token is written as (`-12`), or nil when it has a fraction, an exponent, or
    /// does not fit in an `Int`.
    static func integer(_ token: UnsafeBufferPointer<UInt8>) -> Int? {
        var value = 0
        var negative = false
        for (offset, byte) in token.enumerated() {
            if offset == 0 && byte == UInt8(ascii: "-") { negative = true; continue }
            guard isDigit(byte) else { return nil }
            let (m, o1) = value.multipliedReportingOverflow(by: 10)
            let (a, o2) = m.addingReportingOverflow(Int(byte - UInt8(ascii: "0")))
            guard !o1 && !o2 else { return nil }
            value = a
        }
        guard !token.isEmpty, !(negative && token.count == 1) else { return nil }
        return negative ? -value : value
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
