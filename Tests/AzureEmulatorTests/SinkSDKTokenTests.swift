import AzureCore
import XCTest
@testable import AzureEmulator

/// Tokens made by Microsoft's Python SDKs for fixed inputs (tools/sdk-crosscheck --oracle-out; azure-eventgrid 4.22.1
/// `generate_sas`, azure-servicebus 7.15.0 / azure-eventhub 5.15.1 `_pyamqp.utils.generate_sas_token`, expiry
/// 2030-01-01T00:00:00Z). The sinks must accept them as they are, and AzureCore must produce the same text.
final class SinkSDKTokenTests: XCTestCase {
    private let clock = SinkTestClock()

    private static let eventGridEmulatorToken = "r=http%3A%2F%2F127.0.0.1%3A10000%2Freplay-topic%2Fapi%2Fevents%3FapiVersion%3D2018-01-01&e=2030-01-01%2000%3A00%3A00%2B00%3A00&s=r1LlOlNPrGML67AopBgbZwqTwoSKMOvAcWlfSqQ0QyU%3D"
    private static let eventGridAzureToken = "r=https%3A%2F%2Freplay-topic.westeurope-1.eventgrid.azure.net%2Fapi%2Fevents%3FapiVersion%3D2018-01-01&e=2030-01-01%2000%3A00%3A00%2B00%3A00&s=nKhn8UVB8%2B0Bq6jal35CBrRat13ihwOtXsyUHi5jIKg%3D"
    private static let serviceBusTokens: [(entity: String, audience: String, token: String)] = [
        ("replay-queue", "https://crosscheck.servicebus.windows.net/replay-queue",
         "SharedAccessSignature sr=https%3A%2F%2Fcrosscheck.servicebus.windows.net%2Freplay-queue&sig=atJMqCwufOjCe9yHBSATWvHtPF12Vt6wM0HBYnrtuT0%3D&se=1893456000&skn=RootManageSharedAccessKey"),
        ("replay-hub", "sb://crosscheck.servicebus.windows.net/replay-hub",
         "SharedAccessSignature sr=sb%3A%2F%2Fcrosscheck.servicebus.windows.net%2Freplay-hub&sig=IlPNUschzEAMz%2Biqynya%2FDHr%2FS7fLtIeHPekLApqPOk%3D&se=1893456000&skn=RootManageSharedAccessKey"),
        ("replay-queue", "http://127.0.0.1:10000/replay-queue",
         "SharedAccessSignature sr=http%3A%2F%2F127.0.0.1%3A10000%2Freplay-queue&sig=fPZK5zreiOE8vAWUE2whvXwdfMzU7S3mSpoRd%2FjD9SI%3D&se=1893456000&skn=RootManageSharedAccessKey"),
    ]

    func testEventGridSinkAcceptsPythonSDKTokens() async {
        for token in [Self.eventGridEmulatorToken, Self.eventGridAzureToken] {
            let response = await SinkFixtures.sinks(clock: clock).handle(
                SinkFixtures.request(path: "/replay-topic/api/events", query: "api-version=2018-01-01",
                                     headers: [("aeg-sas-token", token), ("Content-Type", SinkFixtures.cloudEventsBatch)],
                                     json: "[\(SinkFixtures.cloudEvent(id: "sdk"))]"))
            XCTAssertEqual(response?.status, 200, SinkFixtures.text(response))
        }
    }

    func testAzureCoreEventGridTokenEqualsPythonSDK() {
        let token = EventGridSAS.token(resource: "http://127.0.0.1:10000/replay-topic/api/events?apiVersion=2018-01-01",
                                       expiry: "2030-01-01 00:00:00+00:00", topicKey: SinkFixtures.eventGridKey)
        XCTAssertEqual(token, Self.eventGridEmulatorToken)
        XCTAssertEqual(EventGridSAS.expiryText(Date(timeIntervalSince1970: 1_893_456_000)), "2030-01-01 00:00:00+00:00")
    }

    func testMessagingSinksAcceptPythonSDKTokens() async {
        for (entity, _, token) in Self.serviceBusTokens {
            let response = await SinkFixtures.sinks(clock: clock).handle(
                SinkFixtures.request(path: "/\(entity)/messages", query: "timeout=60&api-version=2014-01",
                                     headers: [("Authorization", token), ("Content-Type", "application/vnd.microsoft.servicebus.json")],
                                     json: #"[{"Body":"sdk"}]"#))
            XCTAssertEqual(response?.status, 201, "\(entity): \(SinkFixtures.text(response))")
        }
    }

    func testAzureCoreServiceBusTokenEqualsPythonSDK() {
        for (_, audience, token) in Self.serviceBusTokens {
            XCTAssertEqual(ServiceBusSAS.token(resourceURI: audience, keyName: SinkFixtures.policy, key: SinkFixtures.messagingKey, expiry: 1_893_456_000),
                           token)
        }
    }
}
