import AsyncHTTPClient
import AzureCore
import XCTest
@testable import DeadLetterKit

/// The plain-HTTP rule: what counts as this machine, which URLs are refused, what the refusal says, and that the
/// storage resolver and the replay target factory apply it to the URL they resolved. No network.
final class InsecureTransportPolicyTests: XCTestCase {
    private static let httpClient = HTTPClient(eventLoopGroup: HTTPClient.defaultEventLoopGroup)
    private let strict = InsecureTransportPolicy()
    private let key = "MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY="

    func testLoopbackIsExactly127Slash8IPv6LoopbackAndLocalhost() {
        for host in ["127.0.0.1", "127.255.3.9", "127.0.0.0", "::1", "[::1]", "0:0:0:0:0:0:0:1", "::ffff:127.0.0.1", "localhost",
                     "LocalHost", "localhost."] {
            XCTAssertTrue(InsecureTransportPolicy.isLoopback(host), host)
        }
        for host in ["128.0.0.1", "10.0.0.1", "0.0.0.0", "169.254.169.254", "::", "::2", "::ffff:10.0.0.1", "fe80::1", "127.1",
                     "127.0.0.1.nip.io", "localhost.example.com", "mylocalhost", "azurite", ""] {
            XCTAssertFalse(InsecureTransportPolicy.isLoopback(host), host)
        }
    }

    func testPlainHTTPIsRefusedOnlyOffThisMachine() throws {
        for url in ["https://acct.blob.core.windows.net/dl", "http://127.0.0.1:10000/devstoreaccount1/dl", "http://[::1]:8080/a/b",
                    "HTTP://LOCALHOST:10000/devstoreaccount1/dl", "http://127.8.9.10/t/api/events"] {
            XCTAssertNoThrow(try strict.check(url, for: .storage), url)
        }
        for (url, host) in [("http://acct.blob.core.windows.net/dl", "acct.blob.core.windows.net"), ("HTTP://10.1.2.3:10000/a/dl", "10.1.2.3"),
                            ("http://azurite:10000/devstoreaccount1/dl", "azurite"), ("http://[fe80::1]:80/a/b", "fe80::1")] {
            XCTAssertThrowsError(try strict.check(url, for: .storage), url) { error in
                XCTAssertEqual(error as? InsecureTransportError, .plainHTTP(host: host, use: .storage))
            }
        }
        let allowing = InsecureTransportPolicy(allowInsecureHTTP: true)
        XCTAssertNoThrow(try allowing.check("http://acct.blob.core.windows.net/dl", for: .storage))
        XCTAssertNoThrow(try allowing.check("http://10.0.0.4:5000/hub", for: .replayTarget(.eventHubs)))
    }

    func testTheInstanceMetadataAddressIsExemptForManagedIdentityOnly() {
        XCTAssertNoThrow(try strict.check(ManagedIdentityTokenProvider.Endpoint.defaultInstanceMetadataURL, for: .managedIdentity))
        XCTAssertThrowsError(try strict.check("http://169.254.169.254/devstoreaccount1/dl", for: .storage))
        XCTAssertThrowsError(try strict.check("http://169.254.169.254/t/api/events", for: .replayTarget(.eventGrid)))
        XCTAssertThrowsError(try strict.check("http://10.0.0.7:8081/msi/token", for: .managedIdentity))
        XCTAssertNoThrow(try strict.check("http://localhost:42356/msi/token", for: .managedIdentity))
    }

    func testTheRefusalSaysWhatToDoAndQuotesNoSecret() {
        XCTAssertThrowsError(try strict.check("http://acct.blob.core.windows.net/dl?sv=2021-12-02&sp=rl&sig=SIGSECRET", for: .storage)) { error in
            let text = "\(error)"
            XCTAssertTrue(text.contains("acct.blob.core.windows.net"), text)
            XCTAssertTrue(text.contains("--allow-insecure-http"), text)
            XCTAssertTrue(text.contains("https://"), text)
            XCTAssertFalse(text.contains("SIGSECRET"), text)
            XCTAssertFalse(text.contains("sp=rl"), text)
        }
        XCTAssertThrowsError(try strict.check("http://sb.example:5672/hub", for: .replayTarget(.eventHubs))) { error in
            XCTAssertTrue("\(error)".contains("--to eventhubs:https://"), "\(error)")
            XCTAssertTrue("\(error)".contains("UseDevelopmentEmulator=true"), "\(error)")
        }
    }

    // MARK: - Storage: every way a container's address is given

    private func checkStorage(_ environment: [String: String], _ options: StorageCredentialOptions) throws {
        let resolved = try StorageCredentialResolver(environment: environment, httpClient: Self.httpClient).resolve(options)
        try options.transportPolicy.check(resolved)
    }

    func testStorageAddressesFromURLsConnectionStringsAndVariables() throws {
        let refusedConnectionStrings = [
            "DefaultEndpointsProtocol=http;AccountName=acct;AccountKey=\(key)",
            "AccountName=acct;AccountKey=\(key);BlobEndpoint=http://10.1.2.3:10000/acct",
            "UseDevelopmentStorage=true;DevelopmentStorageProxyUri=http://devbox.example",
            "BlobEndpoint=http://acct.blob.core.windows.net;SharedAccessSignature=sv=2021-12-02&sp=rl&sig=X",
        ]
        for text in refusedConnectionStrings {
            XCTAssertThrowsError(try checkStorage([:], StorageCredentialOptions(containerName: "dl", connectionString: text)), text) { error in
                guard case .plainHTTP(_, .storage)? = error as? InsecureTransportError else { return XCTFail("\(error)") }
            }
        }
        XCTAssertNoThrow(try checkStorage([:], StorageCredentialOptions(containerName: "dl", connectionString: "UseDevelopmentStorage=true")))
        XCTAssertNoThrow(try checkStorage([:], StorageCredentialOptions(
            containerName: "dl", connectionString: "AccountName=acct;AccountKey=\(key);BlobEndpoint=http://localhost:10000/acct")))
        XCTAssertNoThrow(try checkStorage([:], StorageCredentialOptions(containerName: "dl", connectionString: "AccountName=acct;AccountKey=\(key)")))

        let account = ["AZURE_STORAGE_ACCOUNT": "acct", "AZURE_STORAGE_KEY": key]
        XCTAssertNoThrow(try checkStorage(account, StorageCredentialOptions(containerName: "dl")))
        XCTAssertThrowsError(try checkStorage(account, StorageCredentialOptions(containerURL: "http://acct.blob.core.windows.net/dl")))

        var allowed = StorageCredentialOptions(containerURL: "http://10.1.2.3:10000/devstoreaccount1/dl?sv=2021-12-02&sp=rl&sig=X")
        XCTAssertThrowsError(try checkStorage([:], allowed))
        allowed.transportPolicy = InsecureTransportPolicy(allowInsecureHTTP: true)
        XCTAssertNoThrow(try checkStorage([:], allowed))
    }

    func testManagedIdentityEndpointsOfTheStorageChain() throws {
        let https = StorageCredentialOptions(containerURL: "https://acct.blob.core.windows.net/dl", explicitKind: .managedIdentity)
        XCTAssertNoThrow(try checkStorage([:], https), "IMDS over plain HTTP is exempt")
        XCTAssertNoThrow(try checkStorage(["IDENTITY_ENDPOINT": "http://127.0.0.1:41741/msi/token", "IDENTITY_HEADER": "h"], https))
        XCTAssertThrowsError(try checkStorage(["IDENTITY_ENDPOINT": "http://10.0.0.7:8081/msi/token", "IDENTITY_HEADER": "h"], https)) { error in
            XCTAssertEqual(error as? InsecureTransportError, .plainHTTP(host: "10.0.0.7", use: .managedIdentity))
        }
        var overridden = https
        overridden.managedIdentityEndpoint = "http://metadata.example/token"
        XCTAssertThrowsError(try checkStorage([:], overridden))
    }

    func testScanSourceResolutionRefusesBeforeAnythingIsSent() throws {
        let source = "http://203.0.113.9:10000/devstoreaccount1/dl?sv=2021-12-02&sp=rl&se=2099-01-01&sr=c&sig=SIGSECRET"
        XCTAssertThrowsError(try ScanSource.resolve(source, credentials: StorageCredentialOptions(), environment: [:],
                                                    httpClient: Self.httpClient, configuration: BlobClientConfiguration())) { error in
            XCTAssertEqual(error as? InsecureTransportError, .plainHTTP(host: "203.0.113.9", use: .storage))
        }
        var options = StorageCredentialOptions()
        options.transportPolicy = InsecureTransportPolicy(allowInsecureHTTP: true)
        XCTAssertNoThrow(try ScanSource.resolve(source, credentials: options, environment: [:], httpClient: Self.httpClient,
                                                configuration: BlobClientConfiguration()))
    }

    // MARK: - Replay targets

    private func makeTarget(_ to: String, _ environment: [String: String], transport: InsecureTransportPolicy = InsecureTransportPolicy(),
                            credentials: ReplayCredentialOptions = ReplayCredentialOptions()) throws -> any ReplayTarget {
        try ReplayTargetFactory.makeTarget(address: ReplayTargetAddress.parse(to), credentials: credentials, transport: transport,
                                           environment: environment, httpClient: Self.httpClient)
    }

    private func assertRefused(_ to: String, _ environment: [String: String], host: String, use: InsecureTransportUse,
                               credentials: ReplayCredentialOptions = ReplayCredentialOptions(), line: UInt = #line) {
        XCTAssertThrowsError(try makeTarget(to, environment, credentials: credentials), line: line) { error in
            XCTAssertEqual(error as? ReplayTargetError, .insecureTransport(.plainHTTP(host: host, use: use)), line: line)
        }
        XCTAssertNoThrow(try makeTarget(to, environment, transport: InsecureTransportPolicy(allowInsecureHTTP: true), credentials: credentials),
                         "--allow-insecure-http lets it through", line: line)
    }

    func testReplayTargetsFromToURLsAndConnectionStrings() throws {
        let topicKey = ["DEADLETTER_TARGET_KEY": key]
        assertRefused("eventgrid:http://topic1.westus2-1.eventgrid.azure.net/api/events", topicKey,
                      host: "topic1.westus2-1.eventgrid.azure.net", use: .replayTarget(.eventGrid))
        XCTAssertNoThrow(try makeTarget("eventgrid:https://topic1.westus2-1.eventgrid.azure.net/api/events", topicKey))
        XCTAssertNoThrow(try makeTarget("eventgrid:http://127.0.0.1:10000/replay-topic/api/events", topicKey))

        let namespace = "Endpoint=sb://ns.servicebus.windows.net/;SharedAccessKeyName=send;SharedAccessKey=\(key)"
        assertRefused("servicebus:http://ns.servicebus.windows.net/q1", ["DEADLETTER_TARGET_CONNECTION_STRING": namespace],
                      host: "ns.servicebus.windows.net", use: .replayTarget(.serviceBus))
        XCTAssertNoThrow(try makeTarget("eventhubs", ["DEADLETTER_TARGET_CONNECTION_STRING": namespace + ";EntityPath=hub1"]))

        // UseDevelopmentEmulator=true means plain HTTP: fine for an emulator on this machine, refused elsewhere.
        let emulator = { (host: String) in
            ["DEADLETTER_TARGET_CONNECTION_STRING": "Endpoint=sb://\(host):5672/;SharedAccessKeyName=send;SharedAccessKey=\(self.key);EntityPath=hub1;UseDevelopmentEmulator=true"]
        }
        XCTAssertNoThrow(try makeTarget("eventhubs", emulator("localhost")))
        XCTAssertNoThrow(try makeTarget("eventhubs", emulator("127.0.0.1")))
        assertRefused("eventhubs", emulator("eventhubs-emulator"), host: "eventhubs-emulator", use: .replayTarget(.eventHubs))
        assertRefused("servicebus", emulator("192.0.2.10"), host: "192.0.2.10", use: .replayTarget(.serviceBus))
    }

    func testReplayManagedIdentityEndpoint() throws {
        var identity = ReplayCredentialOptions()
        identity.managedIdentity = .init()
        let to = "eventgrid:https://topic1.westus2-1.eventgrid.azure.net/api/events"
        XCTAssertNoThrow(try makeTarget(to, [:], credentials: identity), "IMDS is exempt")
        XCTAssertNoThrow(try makeTarget(to, ["IDENTITY_ENDPOINT": "http://localhost:42356/msi/token", "IDENTITY_HEADER": "h"], credentials: identity))
        assertRefused(to, ["IDENTITY_ENDPOINT": "http://10.0.0.7:8081/msi/token", "IDENTITY_HEADER": "h"], host: "10.0.0.7",
                      use: .managedIdentity, credentials: identity)
    }
}
