import AsyncHTTPClient
import AzureCore
import XCTest
@testable import DeadLetterKit

/// Resolution order from injected environments; nothing is contacted.
final class StorageCredentialResolverTests: XCTestCase {
    private static let httpClient = HTTPClient(eventLoopGroup: HTTPClient.defaultEventLoopGroup)
    private let sasURL = "https://acct.blob.core.windows.net/dl?sv=2021-12-02&sp=rl&sr=c&se=2030-01-01&sig=URLSIG"
    private let key = "MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY="
    private lazy var everything: [String: String] = [
        "AZURE_STORAGE_CONNECTION_STRING": "DefaultEndpointsProtocol=https;AccountName=csacct;AccountKey=\(key);EndpointSuffix=core.windows.net",
        "AZURE_STORAGE_ACCOUNT": "envacct", "AZURE_STORAGE_KEY": key,
        "AZURE_STORAGE_SAS_TOKEN": "sv=2021-12-02&ss=b&srt=co&sp=rl&se=2030-01-01&sig=ENVSIG",
        "AZURE_STORAGE_TOKEN": "TOKSECRET",
        "IDENTITY_ENDPOINT": "http://127.0.0.1:1/msi/token", "IDENTITY_HEADER": "HEADERSECRET",
    ]

    private func resolve(_ environment: [String: String], _ options: StorageCredentialOptions) throws -> ResolvedStorageCredential {
        try StorageCredentialResolver(environment: environment, httpClient: Self.httpClient).resolve(options)
    }

    func testTheChainOrder() throws {
        var environment = everything
        var options = StorageCredentialOptions(containerURL: sasURL, tokenCommand: "echo t")
        XCTAssertEqual(try resolve(environment, options).source,
                       .sasInContainerURL(SASSummary(permissions: "rl", expiry: "2030-01-01", signedResource: "c")))

        options.containerURL = "https://csacct.blob.core.windows.net/dl"
        XCTAssertEqual(try resolve(environment, options).source, .connectionStringSharedKey(account: "csacct"))

        environment["AZURE_STORAGE_CONNECTION_STRING"] = nil
        XCTAssertEqual(try resolve(environment, options).source, .accountKeyEnvironment(account: "envacct"))

        environment["AZURE_STORAGE_KEY"] = nil
        XCTAssertEqual(try resolve(environment, options).source,
                       .sasTokenEnvironment(SASSummary(permissions: "rl", expiry: "2030-01-01", resourceTypes: "co", isAccountSAS: true)))

        environment["AZURE_STORAGE_SAS_TOKEN"] = nil
        XCTAssertEqual(try resolve(environment, options).source, .bearerTokenEnvironment(variable: "AZURE_STORAGE_TOKEN"))

        environment["AZURE_STORAGE_TOKEN"] = nil
        XCTAssertEqual(try resolve(environment, options).source, .tokenCommand(program: "echo"))

        options.tokenCommand = nil
        XCTAssertEqual(try resolve(environment, options).source, .managedIdentity(flow: .identityEndpoint, clientID: nil))

        environment["IDENTITY_ENDPOINT"] = nil
        XCTAssertThrowsError(try resolve(environment, options)) { error in
            guard case .noCredential(let tried) = error as? CredentialError else { return XCTFail("\(error)") }
            XCTAssertEqual(tried.count, 7)
            XCTAssertTrue("\(error)".contains("AZURE_STORAGE_SAS_TOKEN"))
        }
    }

    func testIMDSIsOnlyInTheChainWhenOptedIn() throws {
        var options = StorageCredentialOptions(containerURL: "https://acct.blob.core.windows.net/dl")
        XCTAssertThrowsError(try resolve([:], options))
        options.allowManagedIdentityInChain = true
        options.managedIdentityEndpoint = "http://127.0.0.1:9/token"
        let resolved = try resolve(["AZURE_CLIENT_ID": "cid"], options)
        XCTAssertEqual(resolved.source, .managedIdentity(flow: .instanceMetadata, clientID: "cid"))
        XCTAssertEqual(resolved.source.description, "managed identity via IMDS (client id cid)")
        let provider = try XCTUnwrap((resolved.authorizer as? BearerTokenAuthorizer)?.provider as? ManagedIdentityTokenProvider)
        XCTAssertEqual(provider.endpoint, .instanceMetadata(url: "http://127.0.0.1:9/token"))
        let request = provider.makeRequest()
        XCTAssertEqual(request.url, "http://127.0.0.1:9/token?api-version=2018-02-01&resource=https%3A%2F%2Fstorage.azure.com%2F&client_id=cid")
        XCTAssertEqual(request.headers.first(name: "Metadata"), "true")
    }

    func testIdentityEndpointRequest() throws {
        let options = StorageCredentialOptions(containerURL: "https://acct.blob.core.windows.net/dl", explicitKind: .managedIdentity)
        let resolved = try resolve(["IDENTITY_ENDPOINT": "http://127.0.0.1:42356/msi/token", "IDENTITY_HEADER": "HEADERSECRET"], options)
        let provider = try XCTUnwrap((resolved.authorizer as? BearerTokenAuthorizer)?.provider as? ManagedIdentityTokenProvider)
        let request = provider.makeRequest()
        XCTAssertEqual(request.url, "http://127.0.0.1:42356/msi/token?api-version=2019-08-01&resource=https%3A%2F%2Fstorage.azure.com%2F")
        XCTAssertEqual(request.headers.first(name: "X-IDENTITY-HEADER"), "HEADERSECRET")
        XCTAssertFalse(resolved.source.description.contains("HEADERSECRET"))
    }

    func testExplicitKindSkipsTheChain() throws {
        let options = StorageCredentialOptions(containerURL: sasURL, explicitKind: .accountKey)
        XCTAssertEqual(try resolve(everything, options).source, .accountKeyEnvironment(account: "envacct"))
        XCTAssertThrowsError(try resolve([:], options)) { error in
            XCTAssertEqual(error as? CredentialError, .missingSetting(kind: "account-key", needs: "AZURE_STORAGE_ACCOUNT and AZURE_STORAGE_KEY"))
        }
        let anonymous = try resolve(everything, StorageCredentialOptions(containerURL: sasURL, explicitKind: .anonymous))
        XCTAssertEqual(anonymous.source, .anonymous)
    }

    func testConnectionStringForms() throws {
        let development = try resolve([:], StorageCredentialOptions(containerName: "dl", connectionString: "UseDevelopmentStorage=true"))
        XCTAssertEqual(development.source, .developmentStorage)
        XCTAssertEqual(development.location.url, "http://127.0.0.1:10000/devstoreaccount1/dl")
        XCTAssertEqual((development.authorizer as? SharedKeyAuthorizer)?.accountName, "devstoreaccount1")

        let endpoint = try resolve([:], StorageCredentialOptions(containerName: "dl",
            connectionString: "BlobEndpoint=http://127.0.0.1:41000/devstoreaccount1;SharedAccessSignature=sv=2021-12-02&sp=rl&sr=c&se=2030-01-01&sig=CS"))
        XCTAssertEqual(endpoint.location.url, "http://127.0.0.1:41000/devstoreaccount1/dl")
        XCTAssertEqual(endpoint.source, .connectionStringSAS(SASSummary(permissions: "rl", expiry: "2030-01-01", signedResource: "c")))

        let fromEnvironment = try resolve(["AZURE_STORAGE_CONNECTION_STRING": "AccountName=a1;AccountKey=\(key)"],
                                          StorageCredentialOptions(containerName: "dl"))
        XCTAssertEqual(fromEnvironment.location.url, "https://a1.blob.core.windows.net/dl")
        // The option wins over the variable.
        let option = try resolve(["AZURE_STORAGE_CONNECTION_STRING": "AccountName=a1;AccountKey=\(key)"],
                                 StorageCredentialOptions(containerName: "dl", connectionString: "AccountName=a2;AccountKey=\(key)"))
        XCTAssertEqual(option.source, .connectionStringSharedKey(account: "a2"))

        XCTAssertThrowsError(try resolve([:], StorageCredentialOptions(containerName: "dl", connectionString: "AccountName=a;AccountKey=%%%"))) { error in
            XCTAssertFalse("\(error)".contains("%%%"))
        }
        XCTAssertThrowsError(try resolve([:], StorageCredentialOptions(connectionString: "UseDevelopmentStorage=true"))) { error in
            XCTAssertEqual(error as? CredentialError, .noContainer)
        }
    }

    func testContainerByNameUsesTheAccountVariable() throws {
        let resolved = try resolve(["AZURE_STORAGE_ACCOUNT": "acct", "AZURE_STORAGE_TOKEN": "t"], StorageCredentialOptions(containerName: "dl"))
        XCTAssertEqual(resolved.location.url, "https://acct.blob.core.windows.net/dl")
        XCTAssertEqual(resolved.source, .bearerTokenEnvironment(variable: "AZURE_STORAGE_TOKEN"))
        let named = try resolve(["AZURE_STORAGE_ACCOUNT": "acct", "MY_TOKEN": "t"], StorageCredentialOptions(containerName: "dl", tokenVariable: "MY_TOKEN"))
        XCTAssertEqual(named.source, .bearerTokenEnvironment(variable: "MY_TOKEN"))
    }

    func testDescriptionsCarryNoSecrets() throws {
        let secrets = ["URLSIG", "ENVSIG", key, "HEADERSECRET", "TOKSECRET"]
        var environment = everything
        for kind in StorageCredentialKind.allCases {
            let options = StorageCredentialOptions(containerURL: sasURL, explicitKind: kind, tokenCommand: "az account get-access-token --password hunter2")
            environment["AZURE_STORAGE_TOKEN"] = "TOKSECRET"
            guard let resolved = try? resolve(environment, options) else { continue }
            let text = resolved.source.description
            for secret in secrets + ["hunter2"] { XCTAssertFalse(text.contains(secret), "\(kind): \(text)") }
        }
    }
}
