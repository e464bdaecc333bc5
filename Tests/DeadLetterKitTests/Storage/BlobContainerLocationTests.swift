import XCTest
import AzureCore
@testable import DeadLetterKit

final class BlobContainerLocationTests: XCTestCase {
    func testHostStyleWithSAS() throws {
        let location = try BlobContainerLocation(url: "https://acct.blob.core.windows.net/deadletters?sv=2021-12-02&sp=w&sr=c&se=2030-01-01T00%3A00%3A00Z&sig=abc%2Bdef%3D")
        XCTAssertEqual(location.origin, "https://acct.blob.core.windows.net")
        XCTAssertEqual(location.accountName, "acct")
        XCTAssertEqual(location.containerName, "deadletters")
        XCTAssertEqual(location.containerPath, "/deadletters")
        XCTAssertFalse(location.isPathStyle)
        XCTAssertEqual(location.endpoint, "https://acct.blob.core.windows.net")
        XCTAssertEqual(location.sas?.rawQuery, "sv=2021-12-02&sp=w&sr=c&se=2030-01-01T00%3A00%3A00Z&sig=abc%2Bdef%3D")
        XCTAssertEqual(location.sas?.permissions, "w")
        XCTAssertEqual(location.url, "https://acct.blob.core.windows.net/deadletters")
    }

    func testPathStyleEmulator() throws {
        let location = try BlobContainerLocation(url: "http://127.0.0.1:10000/devstoreaccount1/dl")
        XCTAssertEqual(location.origin, "http://127.0.0.1:10000")
        XCTAssertEqual(location.accountName, "devstoreaccount1")
        XCTAssertEqual(location.containerPath, "/devstoreaccount1/dl")
        XCTAssertTrue(location.isPathStyle)
        XCTAssertEqual(location.endpoint, "http://127.0.0.1:10000/devstoreaccount1")
        XCTAssertNil(location.sas)
        XCTAssertTrue(try BlobContainerLocation(url: "http://azurite:10000/devstoreaccount1/dl").isPathStyle)
        XCTAssertTrue(try BlobContainerLocation(url: "http://localhost:10000/devstoreaccount1/dl/").isPathStyle)
        XCTAssertEqual(try BlobContainerLocation(url: "http://[::1]:10000/devstoreaccount1/dl").origin, "http://[::1]:10000")
    }

    func testBlobPathsAreEncodedPerSegment() throws {
        let location = try BlobContainerLocation(url: "http://127.0.0.1:10000/devstoreaccount1/dl")
        XCTAssertEqual(location.blobPath("ep1/2024/1/5/13/a b&c+d%e'f\"g<h>测.json"),
                       "/devstoreaccount1/dl/ep1/2024/1/5/13/a%20b%26c%2Bd%25e%27f%22g%3Ch%3E%E6%B5%8B.json")
    }

    func testEndpointPlusName() throws {
        let dev = try BlobContainerLocation(endpoint: "http://127.0.0.1:10000/devstoreaccount1/", containerName: "dl")
        XCTAssertEqual(dev.containerPath, "/devstoreaccount1/dl")
        XCTAssertEqual(dev.accountName, "devstoreaccount1")
        XCTAssertTrue(dev.isPathStyle)
        let azure = try BlobContainerLocation(endpoint: "https://acct.blob.core.windows.net", containerName: "$root")
        XCTAssertEqual(azure.containerPath, "/$root")
        XCTAssertEqual(azure.accountName, "acct")
    }

    func testRejectedURLsSayWhyWithoutSecrets() {
        let cases = ["ftp://x/y", "https://acct.blob.core.windows.net/", "https://acct.blob.core.windows.net/dl/ep1",
                     "http://127.0.0.1:10000/dl", "https://acct.blob.core.windows.net/dl?sig=SECRET&foo=1"]
        for url in cases {
            XCTAssertThrowsError(try BlobContainerLocation(url: url), url) { error in
                XCTAssertTrue(error is CredentialError)
                XCTAssertFalse("\(error)".contains("SECRET"), "\(error)")
            }
        }
    }
}
