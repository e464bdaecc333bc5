import AzureCore

/// A request as errors and logs name it: method and URL with every secret (SAS `sig`, tokens) redacted.
public struct BlobRequestSummary: Sendable, Hashable, CustomStringConvertible {
    public let method: String
    /// Already redacted.
    public let url: String

    public init(method: String, url: String) {
        self.method = method
        self.url = Redactor.redact(url)
    }

    public var description: String { "\(method) \(url)" }
}
