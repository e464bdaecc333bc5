/// What identifies one selected event across runs, as the journal records it: the blob and the event's position in
/// it for events read from storage, or the CloudEvents `source` + `id` pair (unique by definition) for events read
/// from an export that no longer knows their blob.
public struct ReplayEventKey: Sendable, Hashable, CustomStringConvertible {
    public let text: String

    public init(text: String) {
        self.text = text
    }

    /// `blob:<name>#<index>`.
    public init(blobName: String, index: Int) {
        text = "blob:\(blobName)#\(index)"
    }

    /// `id:<source> <id>` (a space cannot occur in a URI-reference `source` unescaped).
    public init(eventSource: String?, id: String) {
        text = "id:\(eventSource ?? "") \(id)"
    }

    public var description: String { text }
}
