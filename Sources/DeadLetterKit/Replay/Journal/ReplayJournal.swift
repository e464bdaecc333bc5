import Foundation

/// The durable record of what a replay has delivered: one record per acknowledged batch — each event's ordinal (its
/// position among the selected events) and key digest — appended and `fsync`ed before the run counts the batch as
/// sent, so a rerun after a crash, `kill -9` or Ctrl-C skips exactly those events.
///
/// Opening reads the existing file a record at a time and keeps only where each batch record lies and which
/// ordinals it spans (`ReplayJournalIndex`); the rerun checks events against the records as it reaches their
/// ordinals (`ReplayJournalLookup`), so memory does not grow with the journal. A torn or damaged tail — the only
/// damage an append-only file can suffer from a crash — is ignored and cut off, so new records follow the last good
/// one. Events of a batch that was in flight when the process died are not in the journal and are sent again: at
/// most the batches in flight become duplicates, nothing is lost.
public final class ReplayJournal: Sendable {
    public let path: String
    /// Which source and target this journal belongs to (its first record).
    public let identity: String
    /// Events found acknowledged in the file when it was opened.
    public let previouslyAcknowledged: Int
    /// Bytes of a torn or damaged tail that were ignored and cut off when the file was opened (0 normally).
    public let discardedTailBytes: Int
    private let index: ReplayJournalIndex
    /// The intact part of the file when it was opened: what lookups read.
    private let validLength: Int
    private let writer: ReplayJournalWriter

    /// Opens (or creates) the journal at `path` for the replay named by `identity`.
    /// - Throws: `ReplayJournalError.identityMismatch` when the file was written for another source or target.
    public static func open(path: String, identity: String) throws(ReplayJournalError) -> ReplayJournal {
        var index = ReplayJournalIndex()
        var recordedIdentity: String?
        var scan = ReplayJournalFraming.Scan(validLength: 0, records: 0, discardedBytes: 0)
        if try prepare(path: path) {
            let reader = try ReplayJournalFileReader(path: path)
            var recordNumber = 0
            do {
                scan = try ReplayJournalFraming.scan(size: reader.size, read: { try reader.bytes(at: $0, count: $1) }) { payload, offset in
                    recordNumber += 1
                    let record: ReplayJournalRecord
                    do { record = try ReplayJournalRecord.decode(payload) } catch {
                        throw ReplayJournalError.unreadableRecord(path: path, record: recordNumber, reason: "\(error)")
                    }
                    switch record {
                    case .header(let identity): recordedIdentity = identity
                    case .acknowledged(let keys): index.addKeysWithoutOrdinals(count: keys.count)
                    case .batch(let entries): index.add(entries, payloadOffset: offset, payloadLength: payload.count)
                    }
                }
            } catch let error as ReplayJournalError {
                throw error
            } catch {
                throw .notAJournal(path: path)
            }
        }
        if let recordedIdentity, recordedIdentity != identity {
            throw .identityMismatch(path: path, recorded: recordedIdentity, expected: identity)
        }
        index.finish()
        let fresh = scan.validLength == 0
        let writer = try ReplayJournalWriter(path: path, validLength: scan.validLength)
        let journal = ReplayJournal(path: path, identity: identity, index: index, scan: scan, writer: writer)
        if recordedIdentity == nil {
            // A new file (or one torn before its first record was complete): magic and header first.
            let header = ReplayJournalFraming.frame(ReplayJournalRecord.header(identity: identity).encoded())
            try writer.appendNow((fresh ? ReplayJournalFraming.magic : []) + header)
        }
        return journal
    }

    private init(path: String, identity: String, index: ReplayJournalIndex, scan: ReplayJournalFraming.Scan, writer: ReplayJournalWriter) {
        self.path = path
        self.identity = identity
        self.index = index
        previouslyAcknowledged = index.events
        discardedTailBytes = scan.discardedBytes
        validLength = scan.validLength
        self.writer = writer
    }

    /// What the rerun asks, event by event in source order, to skip what an earlier run acknowledged.
    func makeLookup() -> ReplayJournalLookup {
        ReplayJournalLookup(path: path, index: index, validLength: validLength)
    }

    /// Records one acknowledged batch; returns once the record is on disk.
    public func recordAcknowledged(_ entries: [ReplayJournalEntry]) async throws(ReplayJournalError) {
        guard !entries.isEmpty else { return }
        try await writer.append(ReplayJournalFraming.frame(ReplayJournalRecord.batch(entries: entries).encoded()))
    }

    /// Waits for records still being written, then closes the file.
    public func close() async {
        await writer.finish()
    }

    /// The identity string for a replay from `source` to `target` (both without credentials).
    public static func identity(source: String, target: String) -> String {
        "source=\(source) target=\(target)"
    }

    /// Where a journal goes when `--journal` is not given: next to an export file that is the source
    /// (`<export>.replay-<hash>.journal`), otherwise `~/.deadletter/journals/<hash>.journal`, the hash naming
    /// source and target so different replays never share a journal.
    public static func defaultPath(source: String, target: String, environment: [String: String]) -> String {
        let hash = String(ReplayJournalKeyDigest(utf8: identity(source: source, target: target).utf8).hex.prefix(20))
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: source, isDirectory: &isDirectory), !isDirectory.boolValue {
            return "\(source).replay-\(hash).journal"
        }
        let home = environment["HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? NSHomeDirectory()
        return "\(home)/.deadletter/journals/\(hash).journal"
    }

    /// True when a journal exists at `path`; otherwise makes sure its folder does, so the writer can create it.
    private static func prepare(path: String) throws(ReplayJournalError) -> Bool {
        if FileManager.default.fileExists(atPath: path) { return true }
        let directory = (path as NSString).deletingLastPathComponent
        if !directory.isEmpty {
            do { try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true) } catch {
                throw .cannotOpen(path: path, reason: "cannot create its folder \(directory): \(error.localizedDescription)")
            }
        }
        return false
    }
}
