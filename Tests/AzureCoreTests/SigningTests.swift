import AzureCore
import XCTest

/// Signing vectors computed independently (Python's hmac/base64/urllib, the same recipes the Azure SDKs use) for
/// fixed inputs; `tools/sdk-crosscheck` checks the SDKs themselves against `Fixtures/oracle/`.
final class SigningTests: XCTestCase {
    let devKey = StorageConnectionString.developmentAccountKey

    func testSharedKeyStringToSignForPathStyleListing() throws {
        let headers: [(name: String, value: String)] = [
            ("x-ms-version", "2021-12-02"), ("x-ms-date", "Fri, 05 Jan 2024 13:02:11 GMT"), ("x-ms-client-request-id", "abc"),
            ("Content-Length", "0"),
        ]
        let query: [(name: String, value: String)] = [("restype", "container"), ("comp", "list"), ("prefix", "ep1/2024/"), ("maxresults", "7")]
        let text = SharedKeyStringToSign.make(method: "GET", accountName: "devstoreaccount1", path: "/devstoreaccount1/dl", query: query, headers: headers)
        XCTAssertEqual(text, "GET\n\n\n\n\n\n\n\n\n\n\n\nx-ms-client-request-id:abc\nx-ms-date:Fri, 05 Jan 2024 13:02:11 GMT\nx-ms-version:2021-12-02\n/devstoreaccount1/devstoreaccount1/dl\ncomp:list\nmaxresults:7\nprefix:ep1/2024/\nrestype:container")
        let credential = try SharedKeyCredential(accountName: "devstoreaccount1", accountKey: devKey)
        XCTAssertEqual(credential.authorization(method: "GET", path: "/devstoreaccount1/dl", query: query, headers: headers),
                       "SharedKey devstoreaccount1:uVFtiGlnRX/DzBFciDuGZ/8dVqp/6uWiSx/jVgePIGQ=")
    }

    func testSharedKeyRejectsNonBase64Key() {
        XCTAssertThrowsError(try SharedKeyCredential(accountName: "a", accountKey: "not base64!")) { error in
            XCTAssertFalse(String(describing: error).contains("not base64!"), "the key must not appear in the message")
        }
    }

    func testServiceSASSignature() throws {
        let values = StorageSASSigner.ServiceValues(permissions: "rl", expiry: "2030-01-01T00:00:00Z", resource: "c", container: "dl")
        let key = try XCTUnwrap(HMACSigning.decodeBase64Key(devKey))
        XCTAssertEqual(StorageSASSigner.sign(values.stringToSign(accountName: "devstoreaccount1"), accountKey: key),
                       "GJS4qQLluzsrFQwO6/CIJ3zNFMzDu/uYpIxjYeTk4n8=")
        let token = StorageSASToken(StorageSASSigner.serviceToken(values, accountName: "devstoreaccount1", accountKey: key))
        XCTAssertEqual(token.permissions, "rl")
        XCTAssertEqual(token.signedResource, "c")
        XCTAssertEqual(token.fields["sig"], "GJS4qQLluzsrFQwO6/CIJ3zNFMzDu/uYpIxjYeTk4n8=")
        XCTAssertFalse(token.isAccountSAS)
    }

    func testAccountSASSignature() throws {
        let values = StorageSASSigner.AccountValues(permissions: "rl", services: "b", resourceTypes: "co", expiry: "2030-01-01T00:00:00Z")
        let key = try XCTUnwrap(HMACSigning.decodeBase64Key(devKey))
        XCTAssertEqual(StorageSASSigner.sign(values.stringToSign(accountName: "devstoreaccount1"), accountKey: key),
                       "jOWVul7Jhm0F/PLvm/3BdcdeA31/nw5YlyDIN4P4OlI=")
        XCTAssertTrue(StorageSASToken(StorageSASSigner.accountToken(values, accountName: "devstoreaccount1", accountKey: key)).isAccountSAS)
    }

    func testEventGridSASToken() throws {
        let token = try XCTUnwrap(EventGridSAS.token(resource: "https://mytopic.westus2-1.eventgrid.azure.net/api/events",
                                                     expiry: "2030-01-01 00:00:00+00:00", topicKey: "MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY="))
        XCTAssertEqual(token, "r=https%3A%2F%2Fmytopic.westus2-1.eventgrid.azure.net%2Fapi%2Fevents&e=2030-01-01%2000%3A00%3A00%2B00%3A00&s=mGV%2FubLoUYCBtf2vi9L%2Bs6bUC04DQM3PBBWj%2BxfmQIk%3D")
        let parsed = try XCTUnwrap(EventGridSAS.parse(token))
        XCTAssertEqual(parsed.resource, "https://mytopic.westus2-1.eventgrid.azure.net/api/events")
        XCTAssertTrue(EventGridSAS.isValid(parsed, topicKey: "MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY="))
        XCTAssertFalse(EventGridSAS.isValid(parsed, topicKey: "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA="))
        XCTAssertEqual(EventGridSAS.parseExpiry("2030-01-01 00:00:00+00:00"), Date(timeIntervalSince1970: 1_893_456_000))
        XCTAssertEqual(EventGridSAS.parseExpiry("1/1/2030 12:00:00 AM"), Date(timeIntervalSince1970: 1_893_456_000))
    }

    func testServiceBusSASToken() throws {
        let token = ServiceBusSAS.token(resourceURI: "https://myns.servicebus.windows.net/replay-hub", keyName: "RootManageSharedAccessKey",
                                        key: "sbkey123", expiry: 1_893_456_000)
        XCTAssertEqual(token, "SharedAccessSignature sr=https%3A%2F%2Fmyns.servicebus.windows.net%2Freplay-hub&sig=T3FHrRVGKYtt3lE4lLnC2S8nByCKy1tvqyTtR7jwBjQ%3D&se=1893456000&skn=RootManageSharedAccessKey")
        let parsed = try XCTUnwrap(ServiceBusSAS.parse(token))
        XCTAssertEqual(parsed.resource, "https://myns.servicebus.windows.net/replay-hub")
        XCTAssertTrue(ServiceBusSAS.isValid(parsed, key: "sbkey123"))
        XCTAssertFalse(ServiceBusSAS.isValid(parsed, key: "other"))
    }
}
