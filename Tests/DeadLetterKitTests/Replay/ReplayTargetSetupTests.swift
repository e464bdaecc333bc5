import AsyncHTTPClient
import AzureCore
import XCTest
@testable import DeadLetterKit

/// `--to` parsing and credential resolution from an environment dictionary: no network.
final class ReplayTargetSetupTests: XCTestCase {
    private var http: HTTPClient!

    override func setUp() { http = HTTPClient(eventLoopGroupProvider: .singleton) }
    override func tearDown() async throws { try await http.shutdown() }

    private let key = "ZGVhZGxldHRlci1lbXVsYXRvci1ldmVudGdyaWQtazE="
    private let connection = "Endpoint=sb://contoso.servicebus.windows.net/;SharedAccessKeyName=send;SharedAccessKey=c2VjcmV0LWtleQ==;EntityPath=hub1"

    private func make(_ to: String, _ environment: [String: String], _ options: ReplayCredentialOptions = ReplayCredentialOptions()) throws -> any ReplayTarget {
        try ReplayTargetFactory.makeTarget(address: ReplayTargetAddress.parse(to), credentials: options, environment: environment, httpClient: http)
    }

    func testAddressForms() throws {
        XCTAssertEqual(try ReplayTargetAddress.parse("eventhubs"), ReplayTargetAddress(kind: .eventHubs, url: nil))
        XCTAssertEqual(try ReplayTargetAddress.parse("Service-Bus"), ReplayTargetAddress(kind: .serviceBus, url: nil))
        XCTAssertEqual(try ReplayTargetAddress.parse("servicebus:sb://ns.servicebus.windows.net/q1").url, "https://ns.servicebus.windows.net/q1")
        XCTAssertEqual(try ReplayTargetAddress.parse("eventgrid:http://127.0.0.1:1234/t").kind, .eventGrid)
        XCTAssertThrowsError(try ReplayTargetAddress.parse("eventgrid")) { XCTAssertEqual($0 as? ReplayTargetError, .missingURL(kind: .eventGrid)) }
        XCTAssertThrowsError(try ReplayTargetAddress.parse("kafka:https://x")) { XCTAssertTrue("\($0)".contains("eventgrid:<topic endpoint URL>")) }
        XCTAssertThrowsError(try ReplayTargetAddress.parse("eventhubs:ftp://x/y"))
        XCTAssertThrowsError(try ReplayTargetAddress.parse("eventgrid:https://t.westus2-1.eventgrid.azure.net/api/events?aeg-sas-key=abc")) {
            XCTAssertEqual($0 as? ReplayTargetError, .credentialInURL)
        }
    }

    func testEventGridEndpointAndCredentials() throws {
        let target = try make("eventgrid:https://topic1.westus2-1.eventgrid.azure.net", ["DEADLETTER_TARGET_KEY": key])
        XCTAssertEqual(target.requestURL, "https://topic1.westus2-1.eventgrid.azure.net/api/events?api-version=2018-01-01")
        XCTAssertEqual(target.displayName, "eventgrid:https://topic1.westus2-1.eventgrid.azure.net/api/events")
        guard case .eventGridKey(_, "DEADLETTER_TARGET_KEY", false) = target.credential else { return XCTFail("\(target.credential)") }
        XCTAssertFalse(target.credential.description.contains(key))

        let renamed = try make("eventgrid:https://t.westus2-1.eventgrid.azure.net/api/events", ["MY_KEY": key],
                               ReplayCredentialOptions(keyVariable: "MY_KEY", eventGridSASToken: true))
        XCTAssertEqual(renamed.credential.description, "an aeg-sas-token signed with the topic key in MY_KEY")

        XCTAssertThrowsError(try make("eventgrid:https://t.x/api/events", ["DEADLETTER_TARGET_KEY": "not base64!"])) {
            XCTAssertEqual($0 as? ReplayTargetError, .invalidEventGridKey(variable: "DEADLETTER_TARGET_KEY"))
        }
        XCTAssertThrowsError(try make("eventgrid:https://t.x/api/events", [:])) { error in
            XCTAssertTrue("\(error)".contains("DEADLETTER_TARGET_KEY") && "\(error)".contains("DEADLETTER_TARGET_TOKEN"), "\(error)")
        }
        XCTAssertThrowsError(try make("eventgrid:https://t.x/api/events", ["DEADLETTER_TARGET_CONNECTION_STRING": connection])) { error in
            guard case ReplayTargetError.wrongCredentialKind = error else { return XCTFail("\(error)") }
        }
    }

    func testMessagingEntityFromConnectionStringOrURL() throws {
        let bare = try make("eventhubs", ["DEADLETTER_TARGET_CONNECTION_STRING": connection])
        XCTAssertEqual(bare.requestURL, "https://contoso.servicebus.windows.net/hub1/messages?timeout=60&api-version=2014-01")
        guard case .sharedAccessKey("send", _, _) = bare.credential else { return XCTFail("\(bare.credential)") }

        let explicit = try make("servicebus:https://contoso.servicebus.windows.net/hub1/messages", ["DEADLETTER_TARGET_CONNECTION_STRING": connection])
        XCTAssertEqual(explicit.displayName, "servicebus:https://contoso.servicebus.windows.net/hub1")

        XCTAssertThrowsError(try make("eventhubs:https://contoso.servicebus.windows.net/other", ["DEADLETTER_TARGET_CONNECTION_STRING": connection])) {
            guard case ReplayTargetError.entityMismatch = $0 else { return XCTFail("\($0)") }
        }
        let noEntity = "Endpoint=sb://contoso.servicebus.windows.net/;SharedAccessKeyName=send;SharedAccessKey=k"
        XCTAssertThrowsError(try make("eventhubs", ["DEADLETTER_TARGET_CONNECTION_STRING": noEntity])) {
            XCTAssertEqual($0 as? ReplayTargetError, .connectionStringHasNoEntity(variable: "DEADLETTER_TARGET_CONNECTION_STRING", kind: .eventHubs))
        }
        XCTAssertThrowsError(try make("servicebus", ["DEADLETTER_TARGET_TOKEN": "t"])) {
            XCTAssertEqual($0 as? ReplayTargetError, .noEntity(kind: .serviceBus, variable: "DEADLETTER_TARGET_CONNECTION_STRING"))
        }
        XCTAssertThrowsError(try make("eventhubs", ["DEADLETTER_TARGET_CONNECTION_STRING": "Endpoint=sb://x/;SharedAccessKey=secretvalue"])) { error in
            XCTAssertFalse("\(error)".contains("secretvalue"), "\(error)")
        }
        let emulator = try make("eventhubs", ["DEADLETTER_TARGET_CONNECTION_STRING":
            "Endpoint=sb://127.0.0.1:5673/;SharedAccessKeyName=p;SharedAccessKey=k;EntityPath=h;UseDevelopmentEmulator=true"])
        XCTAssertEqual(emulator.displayName, "eventhubs:http://127.0.0.1:5673/h")
    }

    func testBearerSourcesTakePrecedenceWhenChosen() throws {
        let command = try make("eventhubs:https://ns.servicebus.windows.net/h", ["DEADLETTER_TARGET_CONNECTION_STRING": connection.replacingOccurrences(of: "EntityPath=hub1", with: "EntityPath=h")],
                               ReplayCredentialOptions(tokenCommand: "az account get-access-token --query accessToken -o tsv"))
        XCTAssertTrue(command.credential.description.contains("token command 'az'"), command.credential.description)
        XCTAssertFalse(command.credential.description.contains("accessToken"), "only the program is named")
        let identity = try make("servicebus:https://ns.servicebus.windows.net/q", [:],
                                ReplayCredentialOptions(managedIdentity: .init(clientID: "abc")))
        XCTAssertTrue(identity.credential.description.contains("managed identity"), identity.credential.description)
        let token = try make("servicebus:https://ns.servicebus.windows.net/q", ["DEADLETTER_TARGET_TOKEN": "eyJ0"])
        XCTAssertTrue(token.credential.description.contains("DEADLETTER_TARGET_TOKEN"), token.credential.description)
    }

    func testSASTokensAreCachedAndRenewed() async throws {
        let clock = ReplayTestClock()
        let authorizer = ReplayRequestAuthorizer(credential: .sharedAccessKey(keyName: "send", key: "k", variable: "V"),
                                                 resource: "https://ns.servicebus.windows.net/h", lifetime: .seconds(100), now: { clock.now })
        let first = try await authorizer.header()
        XCTAssertEqual(first.name, "Authorization")
        XCTAssertTrue(first.value.hasPrefix("SharedAccessSignature sr=https%3A%2F%2Fns.servicebus.windows.net%2Fh&sig="))
        clock.advance(79)
        let sameToken = try await authorizer.header().value
        XCTAssertEqual(sameToken, first.value, "kept while most of its lifetime remains")
        clock.advance(2)
        let laterToken = try await authorizer.header().value
        XCTAssertNotEqual(laterToken, first.value, "renewed before it lapses")
        let parsed = try XCTUnwrap(ServiceBusSAS.parse(first.value))
        XCTAssertEqual(parsed.expiry, 1_800_000_100)
    }
}

/// A clock tests move by hand.
final class ReplayTestClock: @unchecked Sendable {
    private let lock = NSLock()
    private var current = Date(timeIntervalSince1970: 1_800_000_000)
    var now: Date { lock.withLock { current } }
    func advance(_ seconds: TimeInterval) { lock.withLock { current += seconds } }
}
