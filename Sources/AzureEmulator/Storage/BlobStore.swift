import Foundation

/// Every account's containers and blobs. All records live in memory in sorted indexes (so listings of a million
/// blobs stay fast); the backing keeps them durable. Writes stage their bytes outside the actor and commit inside
/// it, so the check of preconditions (If-Match, exists) and the change are one atomic step.
actor BlobStore {
    struct ContainerState: Sendable {
        var creationTime: Date
        var lastModified: Date
        var etag: String
        var index = SortedBlobIndex()
    }

    /// Properties the caller chooses for a new blob version; the store adds length, dates and ETag.
    struct WriteTemplate: Sendable {
        var contentType: String = "application/octet-stream"
        var contentEncoding: String = ""
        var contentLanguage: String = ""
        var contentDisposition: String = ""
        var cacheControl: String = ""
        var contentMD5: String?
        var metadata: [BlobKeyValue] = []
        var tags: [BlobKeyValue] = []
        var copy: BlobCopyInfo?
    }

    /// Checks the current version (nil when absent) just before a change; throwing cancels the change.
    typealias Precondition = @Sendable (BlobRecord?) throws -> Void

    nonisolated let backing: any BlobBacking
    private var accounts: [String: [String: ContainerState]]
    private var clock = WriteClock()

    init(backing: any BlobBacking, accountNames: [String]) throws {
        self.backing = backing
        var accounts: [String: [String: ContainerState]] = [:]
        let loaded = try backing.load(accounts: accountNames)
        for name in accountNames {
            var containers: [String: ContainerState] = [:]
            for (container, content) in loaded[name] ?? [:] {
                let ticks = AzureTimestamp.ticks(content.creationTime)
                containers[container] = ContainerState(creationTime: content.creationTime, lastModified: content.creationTime,
                                                       etag: AzureTimestamp.etag(ticks: ticks),
                                                       index: SortedBlobIndex(unsorted: content.records))
            }
            accounts[name] = containers
        }
        self.accounts = accounts
    }

    // MARK: containers

    func container(account: String, container: String) throws -> ContainerState {
        guard let containers = accounts[account] else { throw BlobStoreError.accountNotFound(account: account) }
        guard let state = containers[container] else { throw BlobStoreError.containerNotFound(account: account, container: container) }
        return state
    }

    func hasAccount(_ account: String) -> Bool { accounts[account] != nil }

    @discardableResult
    func createContainer(account: String, container: String) throws -> ContainerState {
        guard accounts[account] != nil else { throw BlobStoreError.accountNotFound(account: account) }
        if accounts[account]?[container] != nil { throw BlobStoreError.containerAlreadyExists(account: account, container: container) }
        do { try backing.createContainer(account: account, container: container) } catch {
            throw BlobStoreError.storageFailed(operation: "create container \(container)", reason: "\(error)")
        }
        let stamp = clock.next()
        let state = ContainerState(creationTime: stamp.date, lastModified: stamp.date, etag: stamp.etag)
        accounts[account]?[container] = state
        return state
    }

    func deleteContainer(account: String, container: String) throws {
        _ = try self.container(account: account, container: container)
        do { try backing.deleteContainer(account: account, container: container) } catch {
            throw BlobStoreError.storageFailed(operation: "delete container \(container)", reason: "\(error)")
        }
        accounts[account]?[container] = nil
    }

    // MARK: reads

    func list(account: String, container: String, request: BlobListingRequest) throws -> BlobListingPage {
        try self.container(account: account, container: container).index.list(request)
    }

    func blob(account: String, container: String, name: String) throws -> BlobRecord {
        let state = try self.container(account: account, container: container)
        guard let record = state.index.find(name) else { throw BlobStoreError.blobNotFound(account: account, container: container, blob: name) }
        return record
    }

    /// The record and its bytes as one consistent version: a file is opened here, so a concurrent overwrite cannot
    /// swap the bytes under headers that describe the old version.
    func openBlob(account: String, container: String, name: String) throws -> (BlobRecord, BlobReadable) {
        let record = try blob(account: account, container: container, name: name)
        switch record.content {
        case .memory(let bytes): return (record, .memory(bytes))
        case .file(let path):
            do { return (record, .file(try OpenedBlobFile(path: path))) } catch {
                throw BlobStoreError.storageFailed(operation: "read blob \(name)", reason: "\(error)")
            }
        }
    }

    // MARK: writes

    /// Stages `bytes` (outside the actor) then commits them as the new version of `name`.
    func putBlob(account: String, container: String, name: String, bytes: [UInt8], template: WriteTemplate,
                 precondition: Precondition) async throws -> BlobRecord {
        _ = try self.container(account: account, container: container)
        let staged: StagedContent
        do { staged = try await backing.stage(bytes) } catch {
            throw BlobStoreError.storageFailed(operation: "store blob \(name)", reason: "\(error)")
        }
        return try commit(staged, account: account, container: container, name: name, template: template, precondition: precondition)
    }

    /// Copies the current version of a source blob's bytes (outside the actor), then commits them under `name`.
    func copyBlob(from source: BlobRecord, account: String, container: String, name: String, template: WriteTemplate,
                  precondition: Precondition) async throws -> BlobRecord {
        _ = try self.container(account: account, container: container)
        let staged: StagedContent
        do { staged = try await backing.stageCopy(of: source.content, length: source.properties.contentLength) } catch {
            throw BlobStoreError.storageFailed(operation: "copy blob \(source.name)", reason: "\(error)")
        }
        return try commit(staged, account: account, container: container, name: name, template: template, precondition: precondition)
    }

    private func commit(_ staged: StagedContent, account: String, container: String, name: String, template: WriteTemplate,
                        precondition: Precondition) throws -> BlobRecord {
        let state: ContainerState
        do {
            state = try self.container(account: account, container: container)
            try precondition(state.index.find(name))
        } catch {
            backing.discard(staged)
            throw error
        }
        let old = state.index.find(name)
        let stamp = clock.next()
        let properties = BlobProperties(contentLength: staged.length, contentType: template.contentType,
                                        contentEncoding: template.contentEncoding, contentLanguage: template.contentLanguage,
                                        contentDisposition: template.contentDisposition, cacheControl: template.cacheControl,
                                        contentMD5: template.contentMD5, creationTime: old?.properties.creationTime ?? stamp.date,
                                        lastModified: stamp.date, etag: stamp.etag, copy: template.copy)
        var record = BlobRecord(name: name, properties: properties, metadata: template.metadata, tags: template.tags, content: .memory([]))
        do {
            record.content = try backing.commit(staged, record: record, replacing: old, account: account, container: container)
        } catch {
            backing.discard(staged)
            throw BlobStoreError.storageFailed(operation: "store blob \(name)", reason: "\(error)")
        }
        accounts[account]?[container]?.index.upsert(record)
        return record
    }

    /// Changes metadata, tags or HTTP properties in place. `touch` gives the blob a new ETag and Last-Modified
    /// (metadata and properties do; tags do not, as in Azure).
    func update(account: String, container: String, name: String, touch: Bool, precondition: Precondition,
                change: @Sendable (inout BlobRecord) -> Void) throws -> BlobRecord {
        var record = try blob(account: account, container: container, name: name)
        try precondition(record)
        change(&record)
        if touch {
            let stamp = clock.next()
            record.properties.lastModified = stamp.date
            record.properties.etag = stamp.etag
        }
        do { try backing.saveProperties(of: record, account: account, container: container) } catch {
            throw BlobStoreError.storageFailed(operation: "update blob \(name)", reason: "\(error)")
        }
        accounts[account]?[container]?.index.upsert(record)
        return record
    }

    func deleteBlob(account: String, container: String, name: String, precondition: Precondition) throws {
        let record = try blob(account: account, container: container, name: name)
        try precondition(record)
        do { try backing.delete(record, account: account, container: container) } catch {
            throw BlobStoreError.storageFailed(operation: "delete blob \(name)", reason: "\(error)")
        }
        accounts[account]?[container]?.index.remove(name)
    }
}

/// A blob's bytes ready to be sent.
enum BlobReadable: Sendable {
    case memory([UInt8])
    case file(OpenedBlobFile)
}
