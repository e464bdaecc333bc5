/// The Blob service operations the client performs; used to say in a 403 which permission was missing.
public enum StorageOperation: String, Sendable, Hashable {
    case list = "List Blobs"
    case read = "Get Blob"
    case getProperties = "Get Blob Properties"
    case delete = "Delete Blob"
    case setMetadata = "Set Blob Metadata"
    case setTags = "Set Blob Tags"
    case copy = "Copy Blob"

    /// The gerund messages use: "listing needs 'l'".
    var activity: String {
        switch self {
        case .list: return "listing"
        case .read, .getProperties: return "reading"
        case .delete: return "deleting"
        case .setMetadata: return "setting metadata"
        case .setTags: return "setting tags"
        case .copy: return "copying"
        }
    }

    /// The SAS permission letter the operation needs.
    var sasPermission: Character {
        switch self {
        case .list: return "l"
        case .read, .getProperties: return "r"
        case .delete: return "d"
        case .setMetadata, .copy: return "w"
        case .setTags: return "t"
        }
    }

    /// The account SAS resource type it needs: `c` for container operations, `o` for blob operations.
    var accountSASResourceType: Character { self == .list ? "c" : "o" }
}
