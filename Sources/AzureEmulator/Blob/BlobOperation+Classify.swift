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
        case ("PUT", "block"): return .putBlock
        case ("PUT", "blocklist"): return .putBlockList
        case ("GET", "metadata"), ("HEAD", "metadata"): return .getBlobMetadata
        case ("PUT", "metadata"): return .setBlobMetadata
        case ("GET", "tags"): return .getBlobTags
        case ("PUT", "tags"): return .setBlobTags
        default: return .unsupported
        }
    }
}
