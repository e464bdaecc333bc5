import AzureCore
import Foundation

/// Direct access to the store for tests and the demo, bypassing HTTP and authorization.
extension EmulatorServer {
    public func createContainer(_ name: String, account: String = "devstoreaccount1") async throws {
        guard ContainerName.isValid(name) else { throw EmulatorSeedingError.invalidContainerName(name) }
        do { try await store.createContainer(account: account, container: name) } catch let error as BlobStoreError {
            throw EmulatorSeedingError.store(error.description)
        }
    }

    public func putBlob(container: String, name: String, bytes: [UInt8], account: String = "devstoreaccount1",
                        metadata: [String: String] = [:]) async throws {
        var template = BlobStore.WriteTemplate()
        template.contentMD5 = ContentHash.md5Base64(bytes)
        template.metadata = metadata.keys.sorted().map { BlobKeyValue(name: $0, value: metadata[$0]!) }
        if name.hasSuffix(".json") { template.contentType = "application/json" }
        do {
            _ = try await store.putBlob(account: account, container: container, name: name, bytes: bytes, template: template) { _ in }
        } catch let error as BlobStoreError {
            throw EmulatorSeedingError.store(error.description)
        }
    }

    /// Names in a container, in listing order.
    public func blobNames(container: String, account: String = "devstoreaccount1") async throws -> [String] {
        do {
            let page = try await store.list(account: account, container: container, request: BlobListingRequest(maxResults: .max))
            return page.items.compactMap { if case .blob(let record) = $0 { return record.name } else { return nil } }
        } catch let error as BlobStoreError {
            throw EmulatorSeedingError.store(error.description)
        }
    }
}

public enum EmulatorSeedingError: Error, CustomStringConvertible, Equatable {
    case invalidContainerName(String)
    case store(String)

    public var description: String {
        switch self {
        case .invalidContainerName(let name): return "'\(name)' is not a valid container name (3–63 lowercase letters, digits and single hyphens)"
        case .store(let reason): return reason
        }
    }
}
