extension BlobClient {
    /// The method and signed URL of a request that was sent, kept for the messages of its possible failures.
    ///
    /// Why not a `BlobRequestSummary` right away: that redacts the URL (a SAS is in it), and doing so for every
    /// request was 5% of an export's CPU, for messages that almost never come. The URL is redacted when a message
    /// asks for `summary`; printing or dumping this value shows only the redacted form.
    struct SentRequest: Sendable, CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
        let method: String
        private let signedURL: String

        init(method: String, signedURL: String) {
            self.method = method
            self.signedURL = signedURL
        }

        var summary: BlobRequestSummary { BlobRequestSummary(method: method, url: signedURL) }

        var description: String { summary.description }
        var debugDescription: String { summary.description }
        var customMirror: Mirror { Mirror(reflecting: summary) }
    }
}
