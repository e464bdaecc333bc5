/// Which SAS permission letters allow an operation (any one of them is enough), after Azure's tables for service
/// and account SAS. nil means no SAS of that kind can do it (a container SAS cannot create or delete containers).
enum SASPermissionRequirement {
    static func letters(for operation: BlobOperation, accountSAS: Bool) -> Set<Character>? {
        switch operation {
        case .listBlobs: return ["l"]
        case .getBlob, .headBlob, .getBlobMetadata, .getContainerProperties: return ["r"]
        case .putBlob, .copyBlob, .putBlockList: return ["w", "c"]
        case .putBlock: return ["w", "c", "a"]
        case .deleteBlob: return ["d"]
        case .setBlobMetadata: return ["w"]
        case .getBlobTags, .setBlobTags: return ["t"]
        case .createContainer: return accountSAS ? ["c", "w"] : nil
        case .deleteContainer: return accountSAS ? ["d"] : nil
        case .unsupported: return nil
        }
    }
}
