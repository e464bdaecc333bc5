/// The bytes libFuzzer hands over, split into control bytes (which the fuzzer mutates like any other byte, so it
/// chooses chunk boundaries and decoder limits too) and the payload that is parsed.
///
/// Layout of an input for a target with `controlCount` control bytes: `[control 0]…[control n-1][payload…]`.
/// Inputs shorter than that use zeros for the missing control bytes and an empty payload. `tools/fuzz` prefixes
/// every seed taken from `Fixtures/` with the control bytes accordingly.
public struct FuzzInput {
    public let controls: [UInt8]
    public let payload: [UInt8]

    public init(_ data: UnsafePointer<UInt8>?, _ count: Int, controlCount: Int) {
        let bytes = count > 0 && data != nil ? Array(UnsafeBufferPointer(start: data, count: count)) : []
        var controls = Array(bytes.prefix(controlCount))
        while controls.count < controlCount { controls.append(0) }
        self.controls = controls
        self.payload = Array(bytes.dropFirst(controlCount))
    }

    /// The payload as text the way a command line hands it to the program (invalid UTF-8 repaired).
    public var text: String { String(decoding: payload, as: UTF8.self) }
}

/// Chunk boundaries chosen by one control byte: a small xorshift generator seeded by it yields chunk sizes whose
/// upper bound the top two bits pick (4, 16, 64 or 512 bytes), so the fuzzer explores both byte-by-byte feeding
/// and network-sized chunks. Control 0 means "one chunk" (the whole payload), the reference the others must match.
public struct ChunkPlan {
    public let control: UInt8

    public init(control: UInt8) { self.control = control }

    public var isWhole: Bool { control == 0 }

    /// The ranges of `count` bytes to feed, in order, covering them exactly once.
    public func ranges(count: Int) -> [Range<Int>] {
        guard !isWhole else { return count == 0 ? [] : [0..<count] }
        let limit = [4, 16, 64, 512][Int(control >> 6)]
        var state = UInt32(control) &* 0x9E37_79B9 | 1
        var ranges: [Range<Int>] = []
        var start = 0
        while start < count {
            state ^= state << 13
            state ^= state >> 17
            state ^= state << 5
            let size = 1 + Int(state % UInt32(limit))
            let end = min(count, start + size)
            ranges.append(start..<end)
            start = end
        }
        return ranges
    }
}
