extension ReplayEventKey {
    /// The key of a dead letter: its blob and index when it knows its blob (read from storage, or an export record
    /// that kept them); otherwise, for a bare event line, its `source` (or Event Grid `topic`) and `id`.
    public init(_ letter: DeadLetter) {
        if !letter.origin.blobName.isEmpty {
            self.init(blobName: letter.origin.blobName, index: letter.origin.index)
        } else if let id = letter.attributes.id {
            self.init(eventSource: letter.attributes.source ?? letter.attributes.topic, id: id)
        } else {
            // Neither a blob nor an id: its line in the export is all that identifies it.
            self.init(text: "line:\(letter.origin.index)")
        }
    }
}

extension ReplayBlobReference {
    /// The source blob of a dead letter read from a container or directory; nil for a bare export line.
    init?(_ letter: DeadLetter) {
        guard !letter.origin.blobName.isEmpty else { return nil }
        self.init(source: letter.origin.source, blobName: letter.origin.blobName, etag: letter.origin.blobProperties?.etag)
    }
}
