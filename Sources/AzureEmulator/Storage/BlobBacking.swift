import Foundation

/// Blob bytes that have been received (or copied) but not yet made visible under a name. Staging happens outside
/// the store's actor so a 300 MB upload does not hold up everyone else; the commit is then a quick rename.
enum StagedContent: Sendable {
    case memory([UInt8])
    case temporaryFile(path: String, length: Int64)

    var length: Int64 {
        switch self {
        case .memory(let bytes): return Int64(bytes.count)
        case .temporaryFile(_, let length): return length
        }
    }
}

/// A container as found at start-up.
struct LoadedContainer: Sendable {
    var records: [BlobRecord]
    var creationTime: Date
}

/// Where blobs persist. The store keeps every record in memory (its index); the backing makes writes durable and
/// rebuilds the index at start-up.
protocol BlobBacking: Sendable {
    /// Containers and blobs per account, for the accounts the emulator serves.
    func load(accounts: [String]) throws -> [String: [String: LoadedContainer]]
    func createContainer(account: String, container: String) throws
    func deleteContainer(account: String, container: String) throws
    func stage(_ bytes: [UInt8]) async throws -> StagedContent
    func stageCopy(of content: BlobContent, length: Int64) async throws -> StagedContent
    /// Makes staged bytes the content of `record` (whose content field is ignored) and returns where they now are.
    func commit(_ staged: StagedContent, record: BlobRecord, replacing old: BlobRecord?, account: String, container: String) throws -> BlobContent
    /// Throws away staged bytes that will not be committed.
    func discard(_ staged: StagedContent)
    /// Persists a change of metadata, tags or properties (content unchanged).
    func saveProperties(of record: BlobRecord, account: String, container: String) throws
    func delete(_ record: BlobRecord, account: String, container: String) throws
}

/// Everything in memory; nothing survives shutdown.
struct MemoryBacking: BlobBacking {
    func load(accounts: [String]) throws -> [String: [String: LoadedContainer]] { [:] }
    func createContainer(account: String, container: String) throws {}
    func deleteContainer(account: String, container: String) throws {}
    func stage(_ bytes: [UInt8]) async throws -> StagedContent { .memory(bytes) }

    func stageCopy(of content: BlobContent, length: Int64) async throws -> StagedContent {
        switch content {
        case .memory(let bytes): return .memory(bytes)  // copy-on-write: no bytes move
        case .file(let path): return .memory(try BlobFileIO.readWholeFile(path))
        }
    }

    func commit(_ staged: StagedContent, record: BlobRecord, replacing old: BlobRecord?, account: String, container: String) throws -> BlobContent {
        switch staged {
        case .memory(let bytes): return .memory(bytes)
        case .temporaryFile(let path, _):
            defer { BlobFileIO.removeIfPresent(path) }
            return .memory(try BlobFileIO.readWholeFile(path))
        }
    }

    func discard(_ staged: StagedContent) {
        if case .temporaryFile(let path, _) = staged { BlobFileIO.removeIfPresent(path) }
    }

    func saveProperties(of record: BlobRecord, account: String, container: String) throws {}
    func delete(_ record: BlobRecord, account: String, container: String) throws {}
}
