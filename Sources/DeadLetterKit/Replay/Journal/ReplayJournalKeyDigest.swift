/// A 128-bit fingerprint of an event key: what the journal records for each acknowledged event (16 bytes instead of
/// the key's text) and what a rerun compares. Two independent 64-bit hashes; a false match among a million keys has
/// odds near 10⁻²⁷.
struct ReplayJournalKeyDigest: Hashable, Sendable {
    let high: UInt64
    let low: UInt64

    init<Bytes: Sequence>(utf8 bytes: Bytes) where Bytes.Element == UInt8 {
        // FNV-1a for one half, a multiply-rotate mix for the other; each finished with SplitMix64's avalanche.
        var fnv: UInt64 = 0xCBF2_9CE4_8422_2325
        var mix: UInt64 = 0x9E37_79B9_7F4A_7C15
        var count: UInt64 = 0
        for byte in bytes {
            fnv = (fnv ^ UInt64(byte)) &* 0x0000_0100_0000_01B3
            mix = ((mix ^ UInt64(byte)) &* 0xBF58_476D_1CE4_E5B9)
            mix = (mix << 31) | (mix >> 33)
            count &+= 1
        }
        high = Self.avalanche(fnv ^ count)
        low = Self.avalanche(mix &+ count &* 0x94D0_49BB_1331_11EB)
    }

    init(_ key: ReplayEventKey) {
        self.init(utf8: key.text.utf8)
    }

    static let byteCount = 16

    /// The 16 bytes as a journal record stores them (`high`, then `low`, little-endian).
    func append(to out: inout [UInt8]) {
        for half in [high, low] {
            for shift in stride(from: 0, to: 64, by: 8) { out.append(UInt8(truncatingIfNeeded: half >> UInt64(shift))) }
        }
    }

    /// Reads the 16 bytes `append(to:)` wrote, starting at `offset` (the caller checked they are there).
    init(bytes: ArraySlice<UInt8>, at offset: Int) {
        func word(_ start: Int) -> UInt64 {
            (0..<8).reduce(UInt64(0)) { $0 | UInt64(bytes[start + $1]) << UInt64(8 * $1) }
        }
        high = word(offset)
        low = word(offset + 8)
    }

    /// 32 lower-case hex digits (used to name default journal files).
    var hex: String {
        func hex16(_ value: UInt64) -> String {
            let digits = String(value, radix: 16)
            return String(repeating: "0", count: 16 - digits.count) + digits
        }
        return hex16(high) + hex16(low)
    }

    private static func avalanche(_ value: UInt64) -> UInt64 {
        var z = value
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
