/// A parsed List Blobs response: the page the walker uses plus the request echoes, which help when a listing looks
/// wrong (which prefix and marker did the service actually see?).
public struct ListBlobsResult: Sendable, Hashable {
    public var page: ListBlobsPage
    /// `ServiceEndpoint` and `ContainerName` attributes of `<EnumerationResults>`.
    public var serviceEndpoint: String?
    public var containerName: String?
    public var prefix: String?
    public var marker: String?
    public var maxResults: Int?
    public var delimiter: String?

    public init(page: ListBlobsPage = ListBlobsPage(), serviceEndpoint: String? = nil, containerName: String? = nil,
                prefix: String? = nil, marker: String? = nil, maxResults: Int? = nil, delimiter: String? = nil) {
        self.page = page
        self.serviceEndpoint = serviceEndpoint
        self.containerName = containerName
        self.prefix = prefix
        self.marker = marker
        self.maxResults = maxResults
        self.delimiter = delimiter
    }
}
