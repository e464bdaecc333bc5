import Foundation

/// The durable record of what a replay has delivered: one record per acknowledged batch, appended and `fsync`ed
/// before the run counts the batch as sent, so a rerun after a crash, `kill -9` or Ctrl-C skips exactly those events.
///
/// Opening reads the existing file: intact records give the keys to skip (kept as 16-byte digests); a torn or
/// damaged tail — the only damage an append-only file can suffer from a crash — is ignored and cut off, so new
/// records follow the last good one. Events of a batch that was in flight when the process died are not in the
/// journal and are sent again: at most the batches in flight become duplicates, nothing is lost.
public final class ReplayJournal: Sendable {
    public let path: String
    /// Which source and target this journal belongs to (its first record).
    public let identity: String
    /// Keys found in the file when it was opened.
    public let previouslyAcknowledged: Int
    /// Bytes of a torn or damaged tail that were ignored and cut off when the file was opened (0 normally).
    public let discardedTailBytes: Int
    private let acknowledged: Set<ReplayJournalKeyDigest>
    private let writer: ReplayJournalWriter

    /// Opens (or creates) the journal at `path` for the replay named by `identity`.
    /// - Throws: `ReplayJournalError.identityMismatch` when the file was written for another source or target.
    public static func open(path: String, identity: String) throws(ReplayJournalError) -> ReplayJournal {
        let existing = try readExisting(path: path)
        var digests = Set<ReplayJournalKeyDigest>()
        var recordedIdentity: String?
        var scan = ReplayJournalFraming.Scan(validLength: 0, records: 0, discardedBytes: 0)
        if let existing {
            var recordNumber = 0
            do {
                scan = try ReplayJournalFraming.scan(existing) { payload in
                    recordNumber += 1
                    do {
                        try ReplayJournalRecord.decode(payload, header: { recordedIdentity = $0 },
                                                       key: { digests.insert(ReplayJournalKeyDigest(utf8: $0)) })
                    } catch {
                        throw ReplayJournalError.unreadableRecord(path: path, record: recordNumber, reason: "\(error)")
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
        let fresh = scan.validLength == 0
        let writer = try ReplayJournalWriter(path: path, validLength: scan.validLength)
        let journal = ReplayJournal(path: path, identity: identity, acknowledged: digests, discarded: scan.discardedBytes, writer: writer)
        if recordedIdentity == nil {
            // A new file (or one torn before its first record was complete): magic and header first.
            let header = ReplayJournalFraming.frame(ReplayJournalRecord.header(identity: identity).encoded())
            try writer.appendNow((fresh ? ReplayJournalFraming.magic : []) + header)
        }
        return journal
    }

    private init(path: String, identity: String, acknowledged: Set<ReplayJournalKeyDigest>, discarded: Int, writer: ReplayJournalWriter) {
        self.path = path
        self.identity = identity
        self.acknowledged = acknowledged
        previouslyAcknowledged = acknowledged.count
        discardedTailBytes = discarded
        self.writer = writer
    }

    /// Whether an earlier run recorded this event as acknowledged.
    public func contains(_ key: ReplayEventKey) -> Bool {
        !acknowledged.isEmpty && acknowledged.contains(ReplayJournalKeyDigest(key))
    }

    /// Records one acknowledged batch; returns once the record is on disk.
    public func recordAcknowledged(_ keys: [ReplayEventKey]) async throws(ReplayJournalError) {
        guard !keys.isEmpty else { return }
        try await writer.append(ReplayJournalFraming.frame(ReplayJournalRecord.acknowledged(keys: keys).encoded()))
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

    private static func readExisting(path: String) throws(ReplayJournalError) -> [UInt8]? {
        guard FileManager.default.fileExists(atPath: path) else {
            let directory = (path as NSString).deletingLastPathComponent
            if !directory.isEmpty {
                do { try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true) } catch {
                    throw .cannotOpen(path: path, reason: "cannot create its folder \(directory): \(error.localizedDescription)")
                }
            }
            return nil
        }
        do {
            return [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
        } catch {
            throw .cannotRead(path: path, reason: error.localizedDescription)
        }
    }
}
