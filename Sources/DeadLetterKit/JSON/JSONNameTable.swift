/// A fixed set of member names (up to 24 bytes each) recognised by their bytes, as the event layer does for every
/// member of every event: each spelling is kept as its length and three little-endian words in an open-addressing
/// table keyed by a hash of the length and first word, so a lookup costs one multiply, one or two slot reads and
/// three word comparisons, with no allocation and no reference counting.
struct JSONNameTable<Name: Sendable>: Sendable {
    /// Plain values only, so reading a slot is a load, not a generic copy. The name itself is stored (not its raw
    /// value), so a hit costs no `init(rawValue:)` call.
    fileprivate struct Slot: Sendable {
        var length = 0
        var words: (UInt64, UInt64, UInt64) = (0, 0, 0)
        var name: Name?
    }

    static var maxLength: Int { 24 }
    private let slots: [Slot]

    /// `spellings` may map several spellings to one name; none may be longer than `maxLength` bytes.
    init(_ spellings: [(String, Name)]) {
        var slots = [Slot](repeating: Slot(), count: Swift.max(16, 4 * spellings.count).nextPowerOfTwo)
        for (text, name) in spellings {
            let bytes = Array(text.utf8)
            precondition(!bytes.isEmpty && bytes.count <= Self.maxLength, "a name table holds names of 1 to 24 bytes")
            let words = bytes.withUnsafeBufferPointer { Self.words(of: $0.baseAddress!, 0..<$0.count, limit: $0.count) }
            var slot = Self.slotIndex(length: bytes.count, firstWord: words.0, slotCount: slots.count)
            while slots[slot].length != 0 { slot = (slot + 1) & (slots.count - 1) }
            slots[slot] = Slot(length: bytes.count, words: words, name: name)
        }
        self.slots = slots
    }

    /// Runs `body` with a lookup over the table (the table is read once, not once per name).
    @inline(__always)
    func withLookup<R>(_ body: (Lookup) -> R) -> R {
        slots.withUnsafeBufferPointer { body(Lookup(slots: $0)) }
    }

    struct Lookup {
        fileprivate let slots: UnsafeBufferPointer<Slot>

        /// The name spelled by the (unescaped) bytes `base[range]`, if the table holds it; `limit` is the end of
        /// the readable bytes.
        @inline(__always)
        func name(_ base: UnsafePointer<UInt8>, _ range: Range<Int>, limit: Int) -> Name? {
            let count = range.count
            guard count > 0 && count <= JSONNameTable.maxLength else { return nil }
            let words = JSONNameTable.words(of: base, range, limit: limit)
            let mask = slots.count &- 1
            var slot = JSONNameTable.slotIndex(length: count, firstWord: words.0, slotCount: slots.count)
            while slots[slot].length != 0 {
                if slots[slot].length == count && slots[slot].words == words { return slots[slot].name }
                slot = (slot &+ 1) & mask
            }
            return nil
        }

        /// A member name as it appears in validated bytes (`key` is the content between the quotes; escaped names
        /// are decoded first).
        @inline(__always)
        func name(_ buffer: UnsafeBufferPointer<UInt8>, key: Range<Int>, escaped: Bool) -> Name? {
            guard escaped else { return name(buffer.baseAddress!, key, limit: buffer.count) }
            var decoded: [UInt8] = []
            JSONStringDecoding.appendUnescaped(buffer.baseAddress!, from: key.lowerBound, to: key.upperBound, into: &decoded)
            return decoded.withUnsafeBufferPointer { $0.isEmpty ? nil : name($0.baseAddress!, 0..<$0.count, limit: $0.count) }
        }
    }

    @inline(__always)
    private static func slotIndex(length: Int, firstWord: UInt64, slotCount: Int) -> Int {
        Int(truncatingIfNeeded: ((firstWord ^ UInt64(truncatingIfNeeded: length)) &* 0x9E37_79B9_7F4A_7C15) >> 40) & (slotCount &- 1)
    }

    /// The (up to 24) bytes of `base[range]` as three zero-padded little-endian words; reads stop at `limit`.
    @inline(__always)
    private static func words(of base: UnsafePointer<UInt8>, _ range: Range<Int>, limit: Int) -> (UInt64, UInt64, UInt64) {
        let start = range.lowerBound, count = range.count
        return (JSONBytes.loadPadded(base, start, count: count, limit: limit),
                count > 8 ? JSONBytes.loadPadded(base, start + 8, count: count - 8, limit: limit) : 0,
                count > 16 ? JSONBytes.loadPadded(base, start + 16, count: count - 16, limit: limit) : 0)
    }
}

private extension Int {
    var nextPowerOfTwo: Int { self <= 1 ? 1 : 1 << (Int.bitWidth - (self - 1).leadingZeroBitCount) }
}
