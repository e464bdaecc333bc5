/// Answers, for each selected event of a rerun in source order, whether an earlier run acknowledged it.
///
/// By position first: a rerun over the same source and filter meets the events in the same order, so the event with
/// ordinal n is checked against the journal's entry for ordinal n, if there is one, and skipped only when the two
/// key digests are equal — a source that changed can never make it skip the wrong event. Only the records spanning
/// the current ordinal are read from disk (a batch at a time), so memory stays flat however long the journal is.
///
/// By key otherwise: when an entry's digest differs from the event at its position (blobs were added or deleted
/// since, or another filter selects other events) or the journal holds records without ordinals, the lookup reads
/// every digest in the journal into a set and from then on matches events by key wherever they are. That costs
/// about 16 bytes per acknowledged event, and is paid only when positions cannot be trusted.
///
/// Not `Sendable`: it belongs to the one task that reads the source (the producer, or a dry run).
final class ReplayJournalLookup {
    enum Mode: Equatable, Sendable {
        case byPosition
        case byKey
    }

    private let path: String
    private let index: ReplayJournalIndex
    private let validLength: Int
    private var reader: ReplayJournalFileReader?
    private var nextExtent = 0
    /// Entries of the records read so far whose ordinals are still ahead.
    private var upcoming: [Int: ReplayJournalKeyDigest] = [:]
    private var keys: Set<ReplayJournalKeyDigest>?
    private var lastOrdinal = -1

    init(path: String, index: ReplayJournalIndex, validLength: Int) {
        self.path = path
        self.index = index
        self.validLength = validLength
    }

    var mode: Mode { keys == nil ? .byPosition : .byKey }

    /// Whether the event at `ordinal` with key digest `digest` was acknowledged by an earlier run. Call it for every
    /// selected event, with ordinals 0, 1, 2, … in order.
    /// - Throws: `ReplayJournalError.cannotRead` / `.unreadableRecord` when the journal file can no longer be read.
    func wasAcknowledged(ordinal: Int, digest: ReplayJournalKeyDigest) throws(ReplayJournalError) -> Bool {
        if let keys { return keys.contains(digest) }
        if index.hasRecordsWithoutOrdinals || ordinal <= lastOrdinal { return try switchToKeys().contains(digest) }
        lastOrdinal = ordinal
        if index.extents.isEmpty { return false }
        while nextExtent < index.extents.count, index.extents[nextExtent].firstOrdinal <= ordinal {
            let consistent = try load(index.extents[nextExtent], from: ordinal)
            nextExtent += 1
            if !consistent { return try switchToKeys().contains(digest) }
        }
        guard let recorded = upcoming.removeValue(forKey: ordinal) else { return false }
        if recorded == digest { return true }
        return try switchToKeys().contains(digest)
    }

    /// Reads one batch record into `upcoming`; false when it gives an ordinal another record gave a different key
    /// (only a changed source can do that), so positions cannot be trusted.
    private func load(_ extent: ReplayJournalIndex.Extent, from ordinal: Int) throws(ReplayJournalError) -> Bool {
        // Entries behind `ordinal` can only be left over if a caller skipped ordinals; never keep them.
        if !upcoming.isEmpty { upcoming = upcoming.filter { $0.key >= ordinal } }
        guard case .batch(let entries) = try record(at: extent.payloadOffset, length: extent.payloadLength) else {
            throw changed(at: extent.payloadOffset, "it is no longer a batch record")
        }
        for entry in entries where entry.ordinal >= ordinal {
            if let earlier = upcoming.updateValue(entry.digest, forKey: entry.ordinal), earlier != entry.digest { return false }
        }
        return true
    }

    private func record(at offset: Int, length: Int) throws(ReplayJournalError) -> ReplayJournalRecord {
        let payload = try openReader().bytes(at: offset, count: length)
        guard payload.count == length else { throw changed(at: offset, "the file is shorter") }
        do {
            return try ReplayJournalRecord.decode(payload)
        } catch {
            throw changed(at: offset, error.description)
        }
    }

    /// The file was intact when the journal was opened; a record that no longer reads means something else wrote to it.
    private func changed(at offset: Int, _ reason: String) -> ReplayJournalError {
        .cannotRead(path: path, reason: "the record at byte \(offset) changed while the replay ran (\(reason)); was the journal used by another run at the same time?")
    }

    /// Reads every acknowledged key's digest (one pass over the file, a record at a time) and matches by key from now on.
    private func switchToKeys() throws(ReplayJournalError) -> Set<ReplayJournalKeyDigest> {
        if let keys { return keys }
        var digests = Set<ReplayJournalKeyDigest>(minimumCapacity: index.events)
        let reader = try openReader()
        var recordNumber = 0
        do {
            _ = try ReplayJournalFraming.scan(size: reader.size, read: { try reader.bytes(at: $0, count: $1) }) { payload, _ in
                recordNumber += 1
                switch try ReplayJournalRecord.decode(payload) {
                case .header: break
                case .acknowledged(let keys): for key in keys { digests.insert(ReplayJournalKeyDigest(key)) }
                case .batch(let entries): for entry in entries { digests.insert(entry.digest) }
                }
            }
        } catch let error as ReplayJournalError {
            throw error
        } catch {
            throw .unreadableRecord(path: path, record: recordNumber, reason: "\(error)")
        }
        upcoming = [:]
        keys = digests
        return digests
    }

    private func openReader() throws(ReplayJournalError) -> ReplayJournalFileReader {
        if let reader { return reader }
        let opened = try ReplayJournalFileReader(path: path, limit: validLength)
        reader = opened
        return opened
    }
}
