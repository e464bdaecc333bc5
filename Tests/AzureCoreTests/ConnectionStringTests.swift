import AzureCore
import XCTest

final class ConnectionStringTests: XCTestCase {
    func testDevelopmentStorageShortcut() throws {
        let cs = try StorageConnectionString("UseDevelopmentStorage=true")
        XCTAssertEqual(cs.blobEndpoint, "http://127.0.0.1:10000/devstoreaccount1")
        guard case .sharedKey(let account, let key) = cs.credential else { return XCTFail("expected a shared key") }
        XCTAssertEqual(account, "devstoreaccount1")
        XCTAssertEqual(key, StorageConnectionString.developmentAccountKey)
    }

    func testAccountKeyWithSuffixAndCaseInsensitiveKeys() throws {
        let cs = try StorageConnectionString("defaultendpointsprotocol=https;ACCOUNTNAME=acct;AccountKey=\(StorageConnectionString.developmentAccountKey);EndpointSuffix=core.windows.net")
        XCTAssertEqual(cs.blobEndpoint, "https://acct.blob.core.windows.net")
    }

    func testBlobEndpointWithSAS() throws {
        let cs = try StorageConnectionString("BlobEndpoint=https://acct.blob.core.windows.net/;SharedAccessSignature=sv=2021-12-02&sp=rl&se=2030-01-01T00%3A00%3A00Z&sig=abc%3D")
        XCTAssertEqual(cs.blobEndpoint, "https://acct.blob.core.windows.net")
        guard case .sas(let token) = cs.credential else { return XCTFail("expected a SAS") }
        XCTAssertEqual(token.permissions, "rl")
        XCTAssertEqual(token.expiry, "2030-01-01T00:00:00Z")
        XCTAssertEqual(token.rawQuery, "sv=2021-12-02&sp=rl&se=2030-01-01T00%3A00%3A00Z&sig=abc%3D", "a user's token is kept verbatim")
    }

    func testMissingAccountIsAnError() {
        XCTAssertThrowsError(try StorageConnectionString("AccountKey=abcd")) { error in
            XCTAssertTrue(String(describing: error).contains("AccountName"))
        }
    }

    func testServiceBusConnectionString() throws {
        let cs = try ServiceBusConnectionString("Endpoint=sb://myns.servicebus.windows.net/;SharedAccessKeyName=send;SharedAccessKey=k=ey;EntityPath=hub1")
        XCTAssertEqual(cs.endpoint, "https://myns.servicebus.windows.net")
        XCTAssertEqual(cs.key, "k=ey", "values may contain '='")
        XCTAssertEqual(cs.entityPath, "hub1")
        XCTAssertFalse(cs.useDevelopmentEmulator)
        let dev = try ServiceBusConnectionString("Endpoint=sb://127.0.0.1:5672;SharedAccessKeyName=a;SharedAccessKey=b;UseDevelopmentEmulator=true")
        XCTAssertEqual(dev.endpoint, "http://127.0.0.1:5672")
    }
}
