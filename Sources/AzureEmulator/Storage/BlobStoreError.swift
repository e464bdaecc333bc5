/// Storage-level outcomes the Blob service turns into Azure errors.
enum BlobStoreError: Error, CustomStringConvertible {
    case accountNotFound(account: String)
    case containerNotFound(account: String, container: String)
    case containerAlreadyExists(account: String, container: String)
    case blobNotFound(account: String, container: String, blob: String)
    case storageFailed(operation: String, reason: String)

    var description: String {
        switch self {
        case .accountNotFound(let account): return "account '\(account)' is not configured in the emulator"
        case .containerNotFound(let account, let container): return "container '\(container)' does not exist in account '\(account)'"
        case .containerAlreadyExists(let account, let container): return "container '\(container)' already exists in account '\(account)'"
        case .blobNotFound(let account, let container, let blob): return "blob '\(blob)' does not exist in \(account)/\(container)"
        case .storageFailed(let operation, let reason): return "the emulator's storage failed to \(operation): \(reason)"
        }
    }
}
