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
    /// Put Block: one block of a block blob, staged until Put Block List commits it.
    case putBlock
    case putBlockList
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
}
