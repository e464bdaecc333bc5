/// The blobs of one container, sorted by the UTF-8 bytes of their names, in chunks of at most `chunkLimit`.
///
/// A flat sorted array makes a random insert into a million names move ~16 MB; a dictionary cannot answer "first
/// name ≥ marker". Chunks keep both cheap: lookups are two binary searches, inserts move at most one chunk.
struct SortedBlobIndex: Sendable {
    static let chunkLimit = 1024

    private(set) var chunks: [[BlobRecord]] = []
    private(set) var count = 0

    /// A place in the index; `chunk == chunks.count` is the end.
    struct Position: Equatable, Sendable {
        var chunk: Int
        var offset: Int
    }

    init() {}

    /// Builds from records in any order; the last record wins when names repeat.
    init(unsorted records: [BlobRecord]) {
        let sorted = records.enumerated().sorted { lhs, rhs in
            let c = ByteOrder.compare(lhs.element.name, rhs.element.name)
            return c != 0 ? c < 0 : lhs.offset < rhs.offset
        }.map(\.element)
        var unique: [BlobRecord] = []
        unique.reserveCapacity(sorted.count)
        for record in sorted {
            if let last = unique.last, ByteOrder.equal(last.name, record.name) { unique[unique.count - 1] = record } else { unique.append(record) }
        }
        var start = 0
        while start < unique.count {
            let end = min(start + Self.chunkLimit, unique.count)
            chunks.append(Array(unique[start..<end]))
            start = end
        }
        count = unique.count
    }

    var endPosition: Position { Position(chunk: chunks.count, offset: 0) }

    func record(at position: Position) -> BlobRecord { chunks[position.chunk][position.offset] }

    func position(after position: Position) -> Position {
        if position.offset + 1 < chunks[position.chunk].count { return Position(chunk: position.chunk, offset: position.offset + 1) }
        return Position(chunk: position.chunk + 1, offset: 0)
    }

    /// The first record whose name is ≥ `key` (bytes), or the end.
    func lowerBound(_ key: [UInt8]) -> Position {
        // First chunk whose last name is ≥ key.
        var low = 0, high = chunks.count
        while low < high {
            let mid = (low + high) / 2
            if ByteOrder.compare(chunks[mid][chunks[mid].count - 1].name, key) < 0 { low = mid + 1 } else { high = mid }
        }
        guard low < chunks.count else { return endPosition }
        let chunk = chunks[low]
        var lo = 0, hi = chunk.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if ByteOrder.compare(chunk[mid].name, key) < 0 { lo = mid + 1 } else { hi = mid }
        }
        return Position(chunk: low, offset: lo)
    }

    func find(_ name: String) -> BlobRecord? {
        let position = lowerBound(Array(name.utf8))
        guard position.chunk < chunks.count else { return nil }
        let candidate = record(at: position)
        return ByteOrder.equal(candidate.name, name) ? candidate : nil
    }

    /// Inserts or replaces; returns the replaced record.
    @discardableResult
    mutating func upsert(_ record: BlobRecord) -> BlobRecord? {
        let key = Array(record.name.utf8)
        if chunks.isEmpty {
            chunks = [[record]]
            count = 1
            return nil
        }
        var position = lowerBound(key)
        if position.chunk < chunks.count, ByteOrder.compare(chunks[position.chunk][position.offset].name, key) == 0 {
            let old = chunks[position.chunk][position.offset]
            chunks[position.chunk][position.offset] = record
            return old
        }
        if position.chunk == chunks.count {
            // Greater than everything: append to the last chunk.
            position = Position(chunk: chunks.count - 1, offset: chunks[chunks.count - 1].count)
        }
        chunks[position.chunk].insert(record, at: position.offset)
        count += 1
        if chunks[position.chunk].count > Self.chunkLimit * 2 {
            let full = chunks[position.chunk]
            let half = full.count / 2
            chunks[position.chunk] = Array(full[..<half])
            chunks.insert(Array(full[half...]), at: position.chunk + 1)
        }
        return nil
    }

    @discardableResult
    mutating func remove(_ name: String) -> BlobRecord? {
        let position = lowerBound(Array(name.utf8))
        guard position.chunk < chunks.count, ByteOrder.equal(chunks[position.chunk][position.offset].name, name) else { return nil }
        let old = chunks[position.chunk].remove(at: position.offset)
        if chunks[position.chunk].isEmpty { chunks.remove(at: position.chunk) }
        count -= 1
        return old
    }

    /// Every record, in order (used when a container is deleted and for tests).
    var allRecords: [BlobRecord] { chunks.flatMap { $0 } }
}
