import AsyncHTTPClient
import AzureCore
import AzureEmulator
import Foundation
import XCTest
@testable import DeadLetterKit

/// Every credential kind against the emulator, resolved from injected environments: it works, and when it cannot,
/// the message says what is missing.
final class CredentialEmulatorTests: XCTestCase {
    private static let acceptedToken = "emulator-accepted-token"

    private func emulatorConfiguration() -> EmulatorConfiguration {
        var configuration = EmulatorConfiguration()
        configuration.acceptedBearerTokens = [Self.acceptedToken]
        return configuration
    }

    private func seed(_ server: EmulatorServer) async throws {
        try await server.createContainer("dlq")
        try await server.putBlob(container: "dlq", name: "ep1/2024/1/5/13/a.json", bytes: Array("{\"a\":1}".utf8))
    }

    /// Resolves, lists and reads; returns the client for further checks.
    @discardableResult
    private func listAndRead(_ server: EmulatorServer, _ httpClient: HTTPClient, environment: [String: String],
                             options: StorageCredentialOptions, expect source: CredentialSource? = nil) async throws -> BlobClient {
        let resolved = try StorageCredentialResolver(environment: environment, httpClient: httpClient).resolve(options)
        if let source { XCTAssertEqual(resolved.source, source) }
        let client = BlobClient(location: resolved.location, authorizer: resolved.authorizer, httpClient: httpClient,
                                configuration: BlobClientConfiguration(retry: BlobEmulatorHarness.fastRetry))
        let (names, _) = try await BlobEmulatorHarness.listAll(client, pageSize: nil)
        XCTAssertEqual(names, ["ep1/2024/1/5/13/a.json"], "\(resolved.source)")
        let bytes = try await client.downloadBlob(named: "ep1/2024/1/5/13/a.json")
        XCTAssertEqual(bytes, Array("{\"a\":1}".utf8))
        return client
    }

    /// Resolves and lists, expecting a failure whose description contains `message`.
    private func expectListFailure(_ server: EmulatorServer, _ httpClient: HTTPClient, environment: [String: String],
                                   options: StorageCredentialOptions, code: String, message: String,
                                   file: StaticString = #filePath, line: UInt = #line) async throws {
        let resolved = try StorageCredentialResolver(environment: environment, httpClient: httpClient).resolve(options)
        let client = BlobClient(location: resolved.location, authorizer: resolved.authorizer, httpClient: httpClient,
                                configuration: BlobClientConfiguration(retry: BlobEmulatorHarness.fastRetry))
        do {
            _ = try await client.listPage(prefix: "", delimiter: nil, marker: nil, maxResults: nil)
            XCTFail("listing succeeded with \(resolved.source)", file: file, line: line)
        } catch let error as BlobServiceError {
            XCTAssertEqual(error.errorCode, code, file: file, line: line)
            XCTAssertTrue(error.description.contains(message), error.description, file: file, line: line)
            XCTAssertFalse(error.description.contains("sig=") && !error.description.contains("sig=REDACTED"), error.description)
        }
    }

    func testSASInTheContainerURL() async throws {
        try await BlobEmulatorHarness.run(emulatorConfiguration()) { server, httpClient in
            try await seed(server)
            let good = server.blobEndpoint() + "/dlq?" + BlobEmulatorHarness.containerSAS(permissions: "rl")
            try await listAndRead(server, httpClient, environment: [:], options: StorageCredentialOptions(containerURL: good))
            let adtStyle = server.blobEndpoint() + "/dlq?" + BlobEmulatorHarness.containerSAS(permissions: "w")
            try await expectListFailure(server, httpClient, environment: [:], options: StorageCredentialOptions(containerURL: adtStyle),
                                        code: "AuthorizationPermissionMismatch",
                                        message: "the SAS allows 'w' only; listing needs 'l' and reading 'r' (ADT's dead-letter SAS only has 'w': create one with --permissions rl)")
            let expired = server.blobEndpoint() + "/dlq?" + BlobEmulatorHarness.containerSAS(permissions: "rl", expiry: "2020-01-01T00:00:00Z")
            try await expectListFailure(server, httpClient, environment: [:], options: StorageCredentialOptions(containerURL: expired),
                                        code: "AuthenticationFailed", message: "the SAS expired at 2020-01-01T00:00:00Z")
        }
    }

    func testConnectionStringsSharedKeyAndSAS() async throws {
        try await BlobEmulatorHarness.run(emulatorConfiguration()) { server, httpClient in
            try await seed(server)
            try await listAndRead(server, httpClient, environment: [:],
                                  options: StorageCredentialOptions(containerName: "dlq", connectionString: server.connectionString()),
                                  expect: .connectionStringSharedKey(account: "devstoreaccount1"))
            try await listAndRead(server, httpClient, environment: ["AZURE_STORAGE_CONNECTION_STRING": server.connectionString()],
                                  options: StorageCredentialOptions(containerName: "dlq"))
            let sasString = "BlobEndpoint=\(server.blobEndpoint());SharedAccessSignature=\(BlobEmulatorHarness.containerSAS(permissions: "rl"))"
            try await listAndRead(server, httpClient, environment: [:], options: StorageCredentialOptions(containerName: "dlq", connectionString: sasString))

            let wrongKey = "DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=\(Data(repeating: 7, count: 64).base64EncodedString());BlobEndpoint=\(server.blobEndpoint());"
            try await expectListFailure(server, httpClient, environment: [:],
                                        options: StorageCredentialOptions(containerName: "dlq", connectionString: wrongKey),
                                        code: "AuthenticationFailed", message: "the account key doesn't match account 'devstoreaccount1'")
        }
    }

    func testAccountVariablesAndSASTokenVariable() async throws {
        try await BlobEmulatorHarness.run(emulatorConfiguration()) { server, httpClient in
            try await seed(server)
            let url = server.blobEndpoint() + "/dlq"
            try await listAndRead(server, httpClient,
                                  environment: ["AZURE_STORAGE_ACCOUNT": "devstoreaccount1", "AZURE_STORAGE_KEY": StorageConnectionString.developmentAccountKey],
                                  options: StorageCredentialOptions(containerURL: url), expect: .accountKeyEnvironment(account: "devstoreaccount1"))
            try await listAndRead(server, httpClient,
                                  environment: ["AZURE_STORAGE_SAS_TOKEN": "?" + BlobEmulatorHarness.accountSAS(permissions: "rl", resourceTypes: "co")],
                                  options: StorageCredentialOptions(containerURL: url))
            try await expectListFailure(server, httpClient,
                                        environment: ["AZURE_STORAGE_SAS_TOKEN": BlobEmulatorHarness.accountSAS(permissions: "rwl", resourceTypes: "o")],
                                        options: StorageCredentialOptions(containerURL: url), code: "AuthorizationResourceTypeMismatch",
                                        message: "the account SAS has --resource-types 'o'; listing needs 'c': add 'c' (and 'o') to --resource-types")
        }
    }

    func testBearerTokenFromAVariableAndFromACommand() async throws {
        try await BlobEmulatorHarness.run(emulatorConfiguration()) { server, httpClient in
            try await seed(server)
            let url = server.blobEndpoint() + "/dlq"
            try await listAndRead(server, httpClient, environment: ["AZURE_STORAGE_TOKEN": Self.acceptedToken],
                                  options: StorageCredentialOptions(containerURL: url), expect: .bearerTokenEnvironment(variable: "AZURE_STORAGE_TOKEN"))
            try await expectListFailure(server, httpClient, environment: ["AZURE_STORAGE_TOKEN": "stolen-or-stale"],
                                        options: StorageCredentialOptions(containerURL: url), code: "InvalidAuthenticationInfo",
                                        message: "the service did not accept the access token")

            let directory = FileManager.default.temporaryDirectory.appendingPathComponent("deadletter-az-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(at: directory) }
            let script = directory.appendingPathComponent("az")
            try "#!/bin/sh\necho '\(Self.acceptedToken)'\n".write(to: script, atomically: true, encoding: .utf8)
            try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: script.path)
            try await listAndRead(server, httpClient, environment: [:],
                                  options: StorageCredentialOptions(containerURL: url, tokenCommand: "\(script.path) account get-access-token -o tsv"),
                                  expect: .tokenCommand(program: script.path))
        }
    }

    func testManagedIdentityThroughIMDSAndIdentityEndpoint() async throws {
        let body = "{\"access_token\":\"\(Self.acceptedToken)\",\"expires_on\":\"\(Int(Date().timeIntervalSince1970) + 3600)\",\"resource\":\"https://storage.azure.com/\",\"token_type\":\"Bearer\"}"
        let endpoint = try FakeTokenEndpoint(body: body)
        defer { endpoint.close() }
        try await BlobEmulatorHarness.run(emulatorConfiguration()) { server, httpClient in
            try await seed(server)
            let url = server.blobEndpoint() + "/dlq"
            // IMDS, opted into; the client id comes from AZURE_CLIENT_ID.
            let client = try await listAndRead(server, httpClient, environment: ["AZURE_CLIENT_ID": "11111111-2222"],
                                               options: StorageCredentialOptions(containerURL: url, allowManagedIdentityInChain: true,
                                                                                 managedIdentityEndpoint: endpoint.url),
                                               expect: .managedIdentity(flow: .instanceMetadata, clientID: "11111111-2222"))
            _ = try await client.downloadBlob(named: "ep1/2024/1/5/13/a.json")
            XCTAssertEqual(endpoint.requests.count, 1, "the token is cached across requests")
            let imds = try XCTUnwrap(endpoint.requests.first)
            XCTAssertEqual(imds.requestLine, "GET /metadata/identity/oauth2/token?api-version=2018-02-01&resource=https%3A%2F%2Fstorage.azure.com%2F&client_id=11111111-2222 HTTP/1.1")
            XCTAssertEqual(imds.headers["metadata"], "true")

            // App Service / Container Apps: IDENTITY_ENDPOINT + IDENTITY_HEADER are enough to enter the chain.
            try await listAndRead(server, httpClient, environment: ["IDENTITY_ENDPOINT": endpoint.url, "IDENTITY_HEADER": "secret-header"],
                                  options: StorageCredentialOptions(containerURL: url),
                                  expect: .managedIdentity(flow: .identityEndpoint, clientID: nil))
            let appService = try XCTUnwrap(endpoint.requests.last)
            XCTAssertEqual(appService.requestLine, "GET /metadata/identity/oauth2/token?api-version=2019-08-01&resource=https%3A%2F%2Fstorage.azure.com%2F HTTP/1.1")
            XCTAssertEqual(appService.headers["x-identity-header"], "secret-header")

            // No identity assigned: the endpoint's refusal is reported, not a storage error.
            endpoint.answer(status: 400, body: "{\"error\":\"invalid_request\",\"error_description\":\"Identity not found\"}")
            let resolved = try StorageCredentialResolver(environment: [:], httpClient: httpClient)
                .resolve(StorageCredentialOptions(containerURL: url, explicitKind: .managedIdentity, managedIdentityEndpoint: endpoint.url))
            let failing = BlobClient(location: resolved.location, authorizer: resolved.authorizer, httpClient: httpClient)
            do {
                _ = try await failing.listPage(prefix: "", delimiter: nil, marker: nil, maxResults: nil)
                XCTFail("no error")
            } catch let error as CredentialError {
                guard case .managedIdentityRejected(_, let status, let message) = error else { return XCTFail("\(error)") }
                XCTAssertEqual(status, 400)
                XCTAssertTrue(message.contains("Identity not found"))
                XCTAssertTrue(error.description.contains("is an identity assigned?"), error.description)
            }
        }
    }

    func testUnreachableManagedIdentityEndpoint() async throws {
        let httpClient = BlobClient.makeHTTPClient(BlobClientConfiguration(connectTimeout: .seconds(1)))
        let endpoint = try FakeTokenEndpoint(body: "{}")
        let deadURL = endpoint.url
        endpoint.close()
        let provider = ManagedIdentityTokenProvider(endpoint: .instanceMetadata(url: deadURL), httpClient: httpClient,
                                                    retryPolicy: RetryPolicy(maxAttempts: 2, baseDelay: .milliseconds(1), maxDelay: .milliseconds(1)))
        do {
            _ = try await provider.token()
            XCTFail("no error")
        } catch let error as CredentialError {
            guard case .managedIdentityUnreachable(let url, _) = error else { return XCTFail("\(error)") }
            XCTAssertEqual(url, deadURL)
        }
        try await httpClient.shutdown()
    }

    func testAnonymousIsRefusedWithAHint() async throws {
        try await BlobEmulatorHarness.run(emulatorConfiguration()) { server, httpClient in
            try await seed(server)
            try await expectListFailure(server, httpClient, environment: [:],
                                        options: StorageCredentialOptions(containerURL: server.blobEndpoint() + "/dlq", explicitKind: .anonymous),
                                        code: "ResourceNotFound", message: "no credential was sent and the container is not public")
        }
    }
}
