/// Detects a member name used twice in one object while the validator walks a value.
///
/// Names are compared after unescaping (`"a"` and `"\u0061"` are the same name). Each open object keeps a
/// 64-bit Bloom mask of its names' hashes, so a new name usually needs no comparison at all; on a mask hit the
/// object's hashes are compared, and only a hash match decodes names. An object with more than `linearLimit`
/// names gets a hash set, so a huge object cannot make validation quadratic.
struct JSONKeyTracker {
    private struct Entry {
        var hash: UInt64
        var start: Int
        var end: Int
        var escaped: Bool
    }

    private struct Frame {
        var start: Int
        var bloom: UInt64
    }

    private static let linearLimit = 32
    /// Entries `0..<used` are live; slots past it are reused, so steady-state decoding allocates nothing.
    private var entries: [Entry] = []
    private var used = 0
    private var frames: [Frame] = []
    private var frameCount = 0
    /// Hash sets of the open objects that outgrew the linear scan, by frame index.
    private var largeObjects: [Int: Set<UInt64>] = [:]
    private var scratch: [UInt8] = []

    init() {
        entries.reserveCapacity(64)
        frames.reserveCapacity(16)
    }

    mutating func reset() {
        used = 0
        frameCount = 0
        if !largeObjects.isEmpty { largeObjects.removeAll() }
    }

    @inline(__always)
    mutating func openObject() {
        let frame = Frame(start: used, bloom: 0)
        if frameCount < frames.count { frames[frameCount] = frame } else { frames.append(frame) }
        frameCount += 1
    }

    @inline(__always)
    mutating func closeObject() {
        guard frameCount > 0 else { return }
        frameCount -= 1
        used = frames[frameCount].start
        if !largeObjects.isEmpty { largeObjects[frameCount] = nil }
    }

    /// Records the name `base[start..<end]` (content between quotes) in the innermost open object.
    @inline(__always)
    mutating func insert(_ base: UnsafePointer<UInt8>, start: Int, end: Int, escaped: Bool) throws(JSONDecodingError) {
        guard frameCount > 0 else { return }
        let hash = escaped ? unescapedHash(base, start: start, end: end) : Self.hash(base, start, end - start)
        let entry = Entry(hash: hash, start: start, end: end, escaped: escaped)
        let top = frameCount - 1
        let frameStart = frames[top].start
        let bit: UInt64 = 1 << (hash >> 58)
        if used - frameStart >= Self.linearLimit {
            try insertLarge(entry, frame: top, base: base)
        } else if frames[top].bloom & bit != 0 {
            var k = frameStart
            while k < used {
                if entries[k].hash == hash { try confirm(entry, base: base, from: frameStart) }
                k += 1
            }
        }
        frames[top].bloom |= bit
        if used < entries.count { entries[used] = entry } else { entries.append(entry) }
        used += 1
    }

    private mutating func insertLarge(_ entry: Entry, frame: Int, base: UnsafePointer<UInt8>) throws(JSONDecodingError) {
        if largeObjects[frame] == nil {
            var set = Set<UInt64>(minimumCapacity: Self.linearLimit * 4)
            for k in frames[frame].start..<used { set.insert(entries[k].hash) }
            largeObjects[frame] = set
        }
        if largeObjects[frame]!.contains(entry.hash) { try confirm(entry, base: base, from: frames[frame].start) }
        largeObjects[frame]!.insert(entry.hash)
    }

    private mutating func unescapedHash(_ base: UnsafePointer<UInt8>, start: Int, end: Int) -> UInt64 {
        scratch.removeAll(keepingCapacity: true)
        JSONStringDecoding.appendUnescaped(base, from: start, to: end, into: &scratch)
        return scratch.withUnsafeBufferPointer { buffer in
            guard let pointer = buffer.baseAddress else { return Self.hash(base, start, 0) }
            return Self.hash(pointer, 0, buffer.count)
        }
    }

    /// A hash matched: compare the decoded names to tell a real duplicate from a collision.
    private func confirm(_ entry: Entry, base: UnsafePointer<UInt8>, from frameStart: Int) throws(JSONDecodingError) {
        let name = decoded(entry, base)
        for k in frameStart..<used where entries[k].hash == entry.hash {
            if decoded(entries[k], base) == name {
                throw .duplicateKey(String(decoding: name, as: UTF8.self), offset: entry.start - 1)
            }
        }
    }

    private func decoded(_ entry: Entry, _ base: UnsafePointer<UInt8>) -> [UInt8] {
        if !entry.escaped { return Array(UnsafeBufferPointer(start: base + entry.start, count: entry.end - entry.start)) }
        var out: [UInt8] = []
        JSONStringDecoding.appendUnescaped(base, from: entry.start, to: entry.end, into: &out)
        return out
    }

    /// A cheap word-at-a-time hash; collisions only cost a comparison, never a wrong answer.
    @inline(__always)
    static func hash(_ base: UnsafePointer<UInt8>, _ start: Int, _ count: Int) -> UInt64 {
        var h: UInt64 = 0x9E37_79B9_7F4A_7C15 &* UInt64(count &+ 1)
        var i = start
        let end = start + count
        while end - i >= 8 {
            h = (h ^ JSONBytes.load(base, i)) &* 0x9FB2_1C65_1E98_DF25
            h ^= h >> 28
            i += 8
        }
        var tail: UInt64 = 0
        var shift: UInt64 = 0
        while i < end {
            tail |= UInt64(base[i]) << shift
            shift += 8
            i += 1
        }
        h = (h ^ tail) &* 0x9FB2_1C65_1E98_DF25
        return h ^ (h >> 31)
    }
}
