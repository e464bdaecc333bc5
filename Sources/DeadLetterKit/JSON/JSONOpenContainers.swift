/// The containers open at the validator's position, and for each open object the names seen so far, so that a
/// member name used twice in one object is caught (one instance per validated value, over the validator's scratch).
///
/// Names are compared after unescaping (`"a"` and `"\u0061"` are the same name). Each open object keeps a 64-bit
/// Bloom mask of its names' hashes and the hashes themselves, so a new name usually costs a hash, a mask test and a
/// store; on a mask hit the object's hashes are compared, and only a hash match walks the object's names again to
/// tell a duplicate from a collision. An object with more than `linearLimit` names moves to a hash set, so a huge
/// object cannot make validation quadratic and the hash area stays bounded by `linearLimit` per open object.
struct JSONOpenContainers {
    private static let linearLimit = 32
    /// Open containers are `levels[0..<levels.count]`; hashes `0..<hashes.count` are live. Taken from the
    /// validator's scratch for one value and given back after it.
    private(set) var levels: JSONScratchBuffer<JSONValidatorScratch.Level>
    private(set) var hashes: JSONScratchBuffer<UInt64>
    /// Hash sets of the open objects that outgrew the linear scan, by level; nil until one does (the common case),
    /// so validating a value does not create and release a dictionary.
    private var largeObjects: [Int: Set<UInt64>]?

    init(levels: JSONScratchBuffer<JSONValidatorScratch.Level>, hashes: JSONScratchBuffer<UInt64>) {
        self.levels = levels
        self.hashes = hashes
        self.levels.count = 0
        self.hashes.count = 0
    }

    var count: Int { levels.count }

    /// Whether the innermost open container is an object (false when it is an array or none is open).
    @inline(__always)
    var topIsObject: Bool { levels.count > 0 && levels[levels.count &- 1].isObject }

    /// What was open when the input ended, for `truncated` errors.
    var context: String {
        guard count > 0 else { return "a value" }
        return topIsObject ? "an object (\(count) levels open)" : "an array (\(count) levels open)"
    }

    /// Opens a container whose first byte is at `offset` (the caller checks the depth limit first).
    @inline(__always)
    mutating func push(isObject: Bool, at offset: Int) {
        levels.append(JSONValidatorScratch.Level(isObject: isObject, bloom: 0, firstHash: hashes.count, start: offset))
    }

    /// Closes the innermost container and forgets its names.
    @inline(__always)
    mutating func pop() {
        levels.count &-= 1
        hashes.count = levels[levels.count].firstHash
        if largeObjects != nil { largeObjects![levels.count] = nil }
    }

    /// Records the name `base[start..<end]` (content between quotes) in the innermost object. `limit` is the end of
    /// the readable bytes (the hash may read a whole word past a short name).
    @inline(__always)
    mutating func insertName(_ base: UnsafePointer<UInt8>, start: Int, end: Int, escaped: Bool,
                             limit: Int) throws(JSONDecodingError) {
        let hash = escaped ? Self.unescapedHash(base, start: start, end: end) : Self.hash(base, start, end &- start, limit: limit)
        let frame = levels.base + (levels.count &- 1)
        let bit: UInt64 = 1 << (hash >> 58)
        let used = hashes.count
        if frame.pointee.bloom & bit == 0 && used &- frame.pointee.firstHash < Self.linearLimit && used < hashes.capacity {
            frame.pointee.bloom |= bit
            hashes.base[used] = hash
            hashes.count = used &+ 1
            return
        }
        try insertName(hash: hash, base, start: start, end: end, escaped: escaped, limit: limit)
    }

    /// The rare cases: a Bloom hit, a large object, or a full hash area.
    @inline(never)
    private mutating func insertName(hash: UInt64, _ base: UnsafePointer<UInt8>, start: Int, end: Int, escaped: Bool,
                                     limit: Int) throws(JSONDecodingError) {
        let level = levels.count - 1
        let first = levels[level].firstHash
        let used = hashes.count
        if used - first >= Self.linearLimit {
            if largeObjects?[level] == nil {
                if largeObjects == nil { largeObjects = [:] }
                largeObjects![level] = Set(UnsafeBufferPointer(start: hashes.base + first, count: used - first))
            }
            if largeObjects![level]!.contains(hash) {
                try confirm(hash, level: level, base, start: start, end: end, escaped: escaped, limit: limit)
            }
            largeObjects![level]!.insert(hash)
            return
        }
        let bit: UInt64 = 1 << (hash >> 58)
        if levels[level].bloom & bit != 0, UnsafeBufferPointer(start: hashes.base + first, count: used - first).contains(hash) {
            try confirm(hash, level: level, base, start: start, end: end, escaped: escaped, limit: limit)
        }
        levels.base[level].bloom |= bit
        hashes.append(hash)
    }

    /// A hash matched: walk the object's earlier names to tell a real duplicate from a collision.
    private func confirm(_ hash: UInt64, level: Int, _ base: UnsafePointer<UInt8>, start: Int, end: Int, escaped: Bool,
                         limit: Int) throws(JSONDecodingError) {
        let name = Self.decodedName(base, start, end, escaped)
        var duplicate = false
        JSONSkipping.forEachMember(base, levels[level].start..<limit) { key, keyEscaped, _ in
            guard key.lowerBound < start else { return false }
            let keyHash = keyEscaped ? Self.unescapedHash(base, start: key.lowerBound, end: key.upperBound)
                                     : Self.hash(base, key.lowerBound, key.count, limit: limit)
            if keyHash == hash && Self.decodedName(base, key.lowerBound, key.upperBound, keyEscaped) == name {
                duplicate = true
                return false
            }
            return true
        }
        if duplicate { throw .duplicateKey(String(decoding: name, as: UTF8.self), offset: start - 1) }
    }

    private static func decodedName(_ base: UnsafePointer<UInt8>, _ start: Int, _ end: Int, _ escaped: Bool) -> [UInt8] {
        if !escaped { return Array(UnsafeBufferPointer(start: base + start, count: end - start)) }
        var out: [UInt8] = []
        JSONStringDecoding.appendUnescaped(base, from: start, to: end, into: &out)
        return out
    }

    private static func unescapedHash(_ base: UnsafePointer<UInt8>, start: Int, end: Int) -> UInt64 {
        decodedName(base, start, end, true).withUnsafeBufferPointer { buffer in
            guard let pointer = buffer.baseAddress else { return hash(base, start, 0, limit: start) }
            return hash(pointer, 0, buffer.count, limit: buffer.count)
        }
    }

    /// A cheap hash of a name's length, first and last 8 bytes (member names are short, and this runs for every
    /// name of every object). Collisions only cost a comparison, never a wrong answer. A name shorter than a word is
    /// read as one word and masked when `limit` allows, so the common case has no byte loop.
    @inline(__always)
    static func hash(_ base: UnsafePointer<UInt8>, _ start: Int, _ count: Int, limit: Int) -> UInt64 {
        var h: UInt64
        if count >= 8 {
            let first = JSONBytes.load(base, start), last = JSONBytes.load(base, start + count - 8)
            h = (first &* 0x9FB2_1C65_1E98_DF25) ^ ((last << 29) | (last >> 35))
        } else {
            h = JSONBytes.loadPadded(base, start, count: count, limit: limit)
        }
        h = (h ^ UInt64(count) &* 0x9E37_79B9_7F4A_7C15) &* 0xBF58_476D_1CE4_E5B9
        return h ^ (h >> 31)
    }
}
