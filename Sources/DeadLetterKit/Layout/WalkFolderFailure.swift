/// A folder whose listing failed for good (after the client's retries) in a walk that records such failures and goes
/// on (`ContainerWalker(recordsFolderFailures: true)`). Blobs of the folder listed before the failing page were
/// yielded; the rest of the folder is missing from the walk, which is why the folder is named.
public struct WalkFolderFailure: Sendable, Hashable, CustomStringConvertible {
    /// The folder's listing prefix, `ep1/2024/1/5/13/`.
    public var prefix: String
    public var level: WalkLevel
    /// The marker of the page that failed; nil when the first page failed.
    public var marker: String?
    /// What went wrong, from the lister (the Azure client keeps credentials out of its own messages).
    public var cause: String

    public init(prefix: String, level: WalkLevel, marker: String?, cause: String) {
        self.prefix = prefix
        self.level = level
        self.marker = marker
        self.cause = cause
    }

    /// The failure a walk records instead of stopping; nil for errors that must stop the walk (cancellation and
    /// anything that is not about one folder's listing).
    init?(_ error: any Error) {
        switch error {
        case ContainerWalkError.listingFailed(let prefix, let level, let marker, let underlying):
            self.init(prefix: prefix, level: level, marker: marker, cause: "\(underlying)")
        case ContainerWalkError.pagingStalled(let prefix, let level, let marker):
            self.init(prefix: prefix, level: level, marker: marker,
                      cause: "the listing returned the same marker '\(marker)' twice and was not advancing")
        default:
            return nil
        }
    }

    /// What is missing because of it, without the folder's name (for a summary that names the folder itself).
    public var consequence: String {
        let blobs = marker.map { "its blobs after marker '\($0)' are" } ?? "its blobs are"
        let subject = level == .flat ? "the flat listing could not go on" : "the \(level) folder could not be listed"
        return "\(subject), so \(blobs) missing: \(cause)"
    }

    public var description: String {
        "'\(prefix.isEmpty ? "/" : prefix)': \(consequence)"
    }
}
