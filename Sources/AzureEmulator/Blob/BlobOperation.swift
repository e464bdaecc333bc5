import AzureCore

/// The Blob service operations the emulator implements; also the keys of the request counters.
public enum BlobOperation: String, Sendable, CaseIterable, Codable {
    case createContainer
    case getContainerProperties
    case deleteContainer
    case listBlobs
    case getBlob
    /// Get Blob Properties (HEAD).
    case headBlob
    case putBlob
    case deleteBlob
    case copyBlob
    case getBlobMetadata
    case setBlobMetadata
    case getBlobTags
    case setBlobTags
    /// Anything else; answered with an Azure error.
    case unsupported

    /// Whether the operation addresses the container itself (account SAS `srt` needs `c`) or a blob (`o`).
    var isContainerLevel: Bool {
        switch self {
        case .createContainer, .getContainerProperties, .deleteContainer, .listBlobs: return true
        default: return false
        }
    }

    /// Reads that answer 304 rather than 412 when `If-None-Match` / `If-Modified-Since` fail.
    var isRead: Bool {
        switch self {
        case .getBlob, .headBlob, .getBlobMetadata, .getBlobTags, .getContainerProperties, .listBlobs: return true
        default: return false
        }
    }
}

/// `/<account>[/<container>[/<blob>]]`, path-style as Azurite and the emulator address accounts.
struct BlobRequestTarget: Sendable, Equatable {
    var account: String
    var container: String?
    /// Decoded blob name (`%2F` and `/` are both a slash; `+` is a plus).
    var blob: String?

    /// nil when the path names no account.
    init?(path: String) {
        guard path.hasPrefix("/") else { return nil }
        let trimmed = path.dropFirst()
        let parts = trimmed.split(separator: "/", maxSplits: 2, omittingEmptySubsequences: false)
        guard let first = parts.first, !first.isEmpty else { return nil }
        account = PercentEncoding.decode(String(first))
        container = parts.count > 1 && !parts[1].isEmpty ? PercentEncoding.decode(String(parts[1])) : nil
        if parts.count > 2, !parts[2].isEmpty, container != nil {
            blob = PercentEncoding.decode(String(parts[2]))
        } else {
            blob = nil
        }
    }

    init(account: String, container: String?, blob: String?) {
        self.account = account
        self.container = container
        self.blob = blob
    }
}


extension BlobOperation {
    /// Which operation a request asks for, from its verb, target and `restype`/`comp` parameters.
    static func classify(_ request: EmulatorRequest, target: BlobRequestTarget) -> BlobOperation {
        let method = request.method.uppercased()
        let restype = request.queryValue("restype")?.lowercased()
        let comp = request.queryValue("comp")?.lowercased()
        guard target.container != nil else { return .unsupported }
        if target.blob == nil {
            guard restype == "container" else { return .unsupported }
            switch (method, comp) {
            case ("PUT", nil): return .createContainer
            case ("GET", nil), ("HEAD", nil): return .getContainerProperties
            case ("DELETE", nil): return .deleteContainer
            case ("GET", "list"): return .listBlobs
            default: return .unsupported
            }
        }
        switch (method, comp) {
        case ("GET", nil): return .getBlob
        case ("HEAD", nil): return .headBlob
        case ("PUT", nil): return request.header("x-ms-copy-source") != nil ? .copyBlob : .putBlob
        case ("DELETE", nil): return .deleteBlob
        case ("GET", "metadata"), ("HEAD", "metadata"): return .getBlobMetadata
        case ("PUT", "metadata"): return .setBlobMetadata
        case ("GET", "tags"): return .getBlobTags
        case ("PUT", "tags"): return .setBlobTags
        default: return .unsupported
        }
    }
}
