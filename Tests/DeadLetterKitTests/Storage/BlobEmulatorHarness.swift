import AsyncHTTPClient
import AzureCore
import AzureEmulator
import Foundation
@testable import DeadLetterKit

/// Starts an in-memory emulator and an HTTP client for one test, and tears both down afterwards.
enum BlobEmulatorHarness {
    /// Fast retries so fault tests finish quickly; generous attempts so seeded fault sequences always get through.
    static let fastRetry = RetryPolicy(maxAttempts: 12, maxTotalTime: .seconds(60), baseDelay: .milliseconds(2),
                                       maxDelay: .milliseconds(20), maxRetryAfter: .seconds(5))

    static func run(_ configuration: EmulatorConfiguration = EmulatorConfiguration(),
                    _ body: (EmulatorServer, HTTPClient) async throws -> Void) async throws {
        let server = try await EmulatorServer.start(configuration)
        let httpClient = BlobClient.makeHTTPClient(BlobClientConfiguration(concurrency: 8, connectTimeout: .seconds(2), readTimeout: .seconds(10)))
        do {
            try await body(server, httpClient)
        } catch {
            try? await httpClient.shutdown()
            try? await server.shutdown()
            throw error
        }
        try await httpClient.shutdown()
        try await server.shutdown()
    }

    static func sharedKeyClient(_ server: EmulatorServer, _ httpClient: HTTPClient, container: String = "dlq",
                                retry: RetryPolicy = fastRetry, listInclude: ListBlobsInclude = []) throws -> BlobClient {
        let location = try BlobContainerLocation(url: server.blobEndpoint() + "/" + container)
        let authorizer = try SharedKeyAuthorizer(accountName: StorageConnectionString.developmentAccountName,
                                                 accountKey: StorageConnectionString.developmentAccountKey, source: .developmentStorage)
        return BlobClient(location: location, authorizer: authorizer, httpClient: httpClient,
                          configuration: BlobClientConfiguration(retry: retry, listInclude: listInclude))
    }

    /// A container SAS for the development account.
    static func containerSAS(permissions: String, container: String = "dlq", expiry: String = "2099-01-01T00:00:00Z",
                             start: String = "") -> String {
        var values = StorageSASSigner.ServiceValues(permissions: permissions, expiry: expiry, resource: "c", container: container)
        values.start = start
        return StorageSASSigner.serviceToken(values, accountName: StorageConnectionString.developmentAccountName,
                                             accountKey: HMACSigning.decodeBase64Key(StorageConnectionString.developmentAccountKey)!)
    }

    static func accountSAS(permissions: String, resourceTypes: String, expiry: String = "2099-01-01T00:00:00Z") -> String {
        let values = StorageSASSigner.AccountValues(permissions: permissions, services: "b", resourceTypes: resourceTypes, expiry: expiry)
        return StorageSASSigner.accountToken(values, accountName: StorageConnectionString.developmentAccountName,
                                             accountKey: HMACSigning.decodeBase64Key(StorageConnectionString.developmentAccountKey)!)
    }

    /// All names a listing yields, page by page, plus the number of pages.
    static func listAll(_ client: BlobClient, prefix: String = "", pageSize: Int?) async throws -> (names: [String], pages: Int) {
        var names: [String] = []
        var pages = 0
        for try await page in client.list(prefix: prefix, pageSize: pageSize) {
            pages += 1
            names += page.blobs.map(\.name)
        }
        return (names, pages)
    }

    static func content(for name: String) -> [UInt8] {
        Array("{\"id\":\"\(name.utf8.count)\",\"name\":\(name.utf8.count),\"pad\":\"\(String(repeating: "x", count: name.utf8.count % 97))\"}".utf8)
    }
}
