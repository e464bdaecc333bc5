import AzureCore
import Foundation
import XCTest

/// AzureCore against what Microsoft's Python SDKs compute for the same fixed inputs. The oracle file is written by
/// `tools/sdk-crosscheck --oracle-out` (tools/crosscheck/oracle.py); `tools/test` regenerates it from the pinned SDKs
/// and fails if it no longer equals the committed copy, so these expectations cannot drift from the SDKs.
final class SDKOracleTests: XCTestCase {
    private var oracle: [String: Any] = [:]

    override func setUpWithError() throws {
        var directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        while !FileManager.default.fileExists(atPath: directory.appendingPathComponent("Package.swift").path) {
            directory.deleteLastPathComponent()
        }
        let data = try Data(contentsOf: directory.appendingPathComponent("Fixtures/oracle/sdk-oracle.json"))
        oracle = try XCTUnwrap(JSONSerialization.jsonObject(with: data) as? [String: Any])
    }

    func testSharedKeyMatchesTheStorageSDK() throws {
        let cases = try XCTUnwrap(oracle["sharedKey"] as? [[String: Any]])
        XCTAssertEqual(cases.count, 3)
        for sample in cases {
            let name = sample["name"] as? String ?? "?"
            let url = try XCTUnwrap(URLComponents(string: try XCTUnwrap(sample["url"] as? String)))
            let headers = try XCTUnwrap(sample["headers"] as? [[String]]).map { (name: $0[0], value: $0[1]) }
            let query = PercentEncoding.decodeQuery(url.percentEncodedQuery ?? "")
            let method = try XCTUnwrap(sample["method"] as? String)
            let text = SharedKeyStringToSign.make(method: method, accountName: "devstoreaccount1", path: url.percentEncodedPath,
                                                  query: query, headers: headers)
            XCTAssertEqual(text, sample["stringToSign"] as? String, name)
            let credential = try SharedKeyCredential(accountName: "devstoreaccount1", accountKey: try XCTUnwrap(sample["accountKey"] as? String))
            XCTAssertEqual(credential.authorization(method: method, path: url.percentEncodedPath, query: query, headers: headers),
                           sample["authorization"] as? String, name)
        }
    }

    func testServiceSASMatchesTheStorageSDK() throws {
        let cases = try XCTUnwrap(oracle["serviceSAS"] as? [[String: Any]])
        XCTAssertEqual(cases.count, 2)
        for sample in cases {
            var values = StorageSASSigner.ServiceValues(permission: sample, blob: sample["blob"] as? String)
            values.start = sample["start"] as? String ?? ""
            values.version = try XCTUnwrap(sample["version"] as? String)
            XCTAssertEqual(values.stringToSign(accountName: "devstoreaccount1"), sample["stringToSign"] as? String)
            let key = try XCTUnwrap(HMACSigning.decodeBase64Key(try XCTUnwrap(sample["accountKey"] as? String)))
            let ours = StorageSASToken(StorageSASSigner.serviceToken(values, accountName: "devstoreaccount1", accountKey: key))
            let theirs = StorageSASToken(try XCTUnwrap(sample["token"] as? String))
            // Compare the decoded parameters: the SDK leaves '/' unencoded inside sig, we encode it.
            XCTAssertEqual(ours.fields, theirs.fields, sample["name"] as? String ?? "")
        }
    }

    func testAccountSASMatchesTheStorageSDK() throws {
        let sample = try XCTUnwrap(oracle["accountSAS"] as? [String: Any])
        var values = StorageSASSigner.AccountValues(permissions: try XCTUnwrap(sample["permission"] as? String),
                                                    services: try XCTUnwrap(sample["services"] as? String),
                                                    resourceTypes: try XCTUnwrap(sample["resourceTypes"] as? String),
                                                    expiry: try XCTUnwrap(sample["expiry"] as? String))
        values.start = try XCTUnwrap(sample["start"] as? String)
        values.version = try XCTUnwrap(sample["version"] as? String)
        XCTAssertEqual(values.stringToSign(accountName: "devstoreaccount1"), sample["stringToSign"] as? String)
        let key = try XCTUnwrap(HMACSigning.decodeBase64Key(try XCTUnwrap(sample["accountKey"] as? String)))
        let ours = StorageSASToken(StorageSASSigner.accountToken(values, accountName: "devstoreaccount1", accountKey: key))
        XCTAssertEqual(ours.fields, StorageSASToken(try XCTUnwrap(sample["token"] as? String)).fields)
    }

    func testEventGridSASMatchesTheEventGridSDK() throws {
        let cases = try XCTUnwrap(oracle["eventGridSAS"] as? [[String: Any]])
        XCTAssertFalse(cases.isEmpty)
        for sample in cases {
            let token = EventGridSAS.token(resource: try XCTUnwrap(sample["signedResource"] as? String),
                                           expiry: try XCTUnwrap(sample["expiry"] as? String),
                                           topicKey: try XCTUnwrap(sample["key"] as? String))
            XCTAssertEqual(token, sample["token"] as? String)
        }
    }

    func testServiceBusSASMatchesTheServiceBusAndEventHubsSDKs() throws {
        let cases = try XCTUnwrap(oracle["serviceBusSAS"] as? [[String: Any]])
        XCTAssertFalse(cases.isEmpty)
        for sample in cases {
            let token = ServiceBusSAS.token(resourceURI: try XCTUnwrap(sample["audience"] as? String),
                                            keyName: try XCTUnwrap(sample["keyName"] as? String),
                                            key: try XCTUnwrap(sample["key"] as? String),
                                            expiry: try XCTUnwrap(sample["expiry"] as? Int))
            XCTAssertEqual(token, sample["token"] as? String, sample["sdk"] as? String ?? "")
        }
    }
}

private extension StorageSASSigner.ServiceValues {
    init(permission sample: [String: Any], blob: String?) {
        self.init(permissions: sample["permission"] as? String ?? "", expiry: sample["expiry"] as? String ?? "",
                  resource: sample["resource"] as? String ?? "", container: sample["container"] as? String ?? "", blob: blob)
    }
}
