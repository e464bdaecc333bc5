/// What one journal record says. The payload's first byte is the kind; integers are LEB128 varints.
enum ReplayJournalRecord: Sendable, Equatable {
    /// The first record: which source and target the journal belongs to, so it is never applied to another replay.
    case header(identity: String)
    /// One acknowledged batch as the first journals wrote it: the keys' text, without positions. Still read, so a
    /// journal written by an earlier version keeps its meaning (such a journal is matched by key, see
    /// `ReplayJournalLookup`); no longer written.
    case acknowledged(keys: [ReplayEventKey])
    /// One acknowledged batch: each event's ordinal and key digest, in increasing ordinal order.
    case batch(entries: [ReplayJournalEntry])

    private static let headerKind: UInt8 = 1
    private static let acknowledgedKind: UInt8 = 2
    private static let batchKind: UInt8 = 3

    enum DecodingFailure: Error, Equatable, CustomStringConvertible {
        case unknownKind(UInt8)
        case truncated

        var description: String {
            switch self {
            case .unknownKind(let kind): return "unknown record kind \(kind)"
            case .truncated: return "the record ends before its contents do"
            }
        }
    }

    /// `batch`: kind · count · first ordinal · (count − 1) ordinal steps · count × 16-byte digests. A batch of 500
    /// events takes about 8.5 KB, a quarter of what its keys' text took.
    func encoded() -> [UInt8] {
        var out: [UInt8] = []
        switch self {
        case .header(let identity):
            out.append(Self.headerKind)
            Self.appendString(identity, to: &out)
        case .acknowledged(let keys):
            out.reserveCapacity(8 + keys.reduce(0) { $0 + $1.text.utf8.count + 2 })
            out.append(Self.acknowledgedKind)
            Self.appendVarint(UInt64(keys.count), to: &out)
            for key in keys { Self.appendString(key.text, to: &out) }
        case .batch(let entries):
            let sorted = entries.sorted { $0.ordinal < $1.ordinal }
            out.reserveCapacity(12 + sorted.count * (ReplayJournalKeyDigest.byteCount + 2))
            out.append(Self.batchKind)
            Self.appendVarint(UInt64(sorted.count), to: &out)
            var previous = 0
            for (position, entry) in sorted.enumerated() {
                Self.appendVarint(UInt64(position == 0 ? entry.ordinal : entry.ordinal - previous), to: &out)
                previous = entry.ordinal
            }
            for entry in sorted { entry.digest.append(to: &out) }
        }
        return out
    }

    static func decode(_ payload: ArraySlice<UInt8>) throws(DecodingFailure) -> ReplayJournalRecord {
        var cursor = payload.startIndex
        guard cursor < payload.endIndex else { throw .truncated }
        let kind = payload[cursor]
        cursor += 1
        switch kind {
        case headerKind:
            return .header(identity: String(decoding: try readString(payload, &cursor), as: UTF8.self))
        case acknowledgedKind:
            let count = try readCount(payload, &cursor, minimumBytesEach: 1)
            var keys: [ReplayEventKey] = []
            keys.reserveCapacity(count)
            for _ in 0..<count { keys.append(ReplayEventKey(text: String(decoding: try readString(payload, &cursor), as: UTF8.self))) }
            return .acknowledged(keys: keys)
        case batchKind:
            let count = try readCount(payload, &cursor, minimumBytesEach: 1 + ReplayJournalKeyDigest.byteCount)
            var ordinals: [Int] = []
            ordinals.reserveCapacity(count)
            var ordinal = 0
            for _ in 0..<count {
                let step = try readVarint(payload, &cursor)
                guard step <= UInt64(Int.max - ordinal) else { throw .truncated }
                ordinal += Int(step)
                ordinals.append(ordinal)
            }
            guard payload.endIndex - cursor == count * ReplayJournalKeyDigest.byteCount else { throw .truncated }
            return .batch(entries: ordinals.enumerated().map { position, ordinal in
                ReplayJournalEntry(ordinal: ordinal, digest: ReplayJournalKeyDigest(
                    bytes: payload, at: cursor + position * ReplayJournalKeyDigest.byteCount))
            })
        default:
            throw .unknownKind(kind)
        }
    }

    static func appendVarint(_ value: UInt64, to out: inout [UInt8]) {
        var rest = value
        while rest >= 0x80 {
            out.append(UInt8(truncatingIfNeeded: rest) | 0x80)
            rest >>= 7
        }
        out.append(UInt8(rest))
    }

    static func appendString(_ text: String, to out: inout [UInt8]) {
        appendVarint(UInt64(text.utf8.count), to: &out)
        out.append(contentsOf: text.utf8)
    }

    static func readVarint(_ bytes: ArraySlice<UInt8>, _ cursor: inout Int) throws(DecodingFailure) -> UInt64 {
        var value: UInt64 = 0
        var shift: UInt64 = 0
        while true {
            guard cursor < bytes.endIndex, shift < 64 else { throw .truncated }
            let byte = bytes[cursor]
            cursor += 1
            value |= UInt64(byte & 0x7F) << shift
            if byte & 0x80 == 0 { return value }
            shift += 7
        }
    }

    /// A count of items that each take at least `minimumBytesEach`: a count the rest of the payload cannot hold is
    /// damage, refused before anything is reserved for it.
    static func readCount(_ bytes: ArraySlice<UInt8>, _ cursor: inout Int, minimumBytesEach: Int) throws(DecodingFailure) -> Int {
        let count = try readVarint(bytes, &cursor)
        guard count <= UInt64(bytes.endIndex - cursor) / UInt64(minimumBytesEach) else { throw .truncated }
        return Int(count)
    }

    static func readString(_ bytes: ArraySlice<UInt8>, _ cursor: inout Int) throws(DecodingFailure) -> ArraySlice<UInt8> {
        let length = try readVarint(bytes, &cursor)
        guard length <= UInt64(bytes.endIndex - cursor) else { throw .truncated }
        let end = cursor + Int(length)
        defer { cursor = end }
        return bytes[cursor..<end]
    }
}
