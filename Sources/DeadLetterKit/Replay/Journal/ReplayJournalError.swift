/// Why the replay journal could not be opened or written. Each message names the file and says what to do.
public enum ReplayJournalError: Error, Sendable, Equatable, CustomStringConvertible {
    case cannotOpen(path: String, reason: String)
    case cannotRead(path: String, reason: String)
    /// The file exists but is not a replay journal (its first bytes are not the journal magic).
    case notAJournal(path: String)
    /// The journal was written for another source or target; applying it would skip the wrong events.
    case identityMismatch(path: String, recorded: String, expected: String)
    case unreadableRecord(path: String, record: Int, reason: String)
    case writeFailed(path: String, reason: String)
    case closed(path: String)

    public var description: String {
        switch self {
        case .cannotOpen(let path, let reason):
            return "cannot open the replay journal \(path): \(reason) (choose another file with --journal)"
        case .cannotRead(let path, let reason):
            return "cannot read the replay journal \(path): \(reason)"
        case .notAJournal(let path):
            return "\(path) is not a deadletter replay journal; refusing to append to it (choose another file with --journal)"
        case .identityMismatch(let path, let recorded, let expected):
            return "the replay journal \(path) belongs to another replay (\(recorded)), not to this one (\(expected)); "
                + "use a different --journal file, or delete this one to start over"
        case .unreadableRecord(let path, let record, let reason):
            return "record \(record) of the replay journal \(path) is intact but cannot be read (\(reason)); was it written by a newer deadletter?"
        case .writeFailed(let path, let reason):
            return "cannot write to the replay journal \(path): \(reason); the run stops because acknowledged batches could no longer be recorded"
        case .closed(let path):
            return "the replay journal \(path) is already closed"
        }
    }
}
