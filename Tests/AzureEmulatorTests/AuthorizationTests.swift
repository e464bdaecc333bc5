import AzureCore
import XCTest
@testable import AzureEmulator

final class AuthorizationTests: EmulatorTestCase {
    private var harness: EmulatorHarness!
    private let token = "local-test-token"

    override func setUp() async throws {
        var configuration = EmulatorConfiguration()
        configuration.acceptedBearerTokens = [token]
        harness = try await startHarness(configuration)
        try await harness.server.createContainer("dlq")
        try await harness.server.putBlob(container: "dlq", name: "ep1/2024/1/5/13/a.json", bytes: Array("{\"a\":1}".utf8))
    }

    // MARK: Shared Key

    func testSharedKeySucceeds() async throws {
        let list = try await harness.send("GET", harness.containerPath("dlq"), query: "restype=container&comp=list&maxresults=10")
        XCTAssertEqual(list.status, 200)
        XCTAssertEqual(XMLElementNames.listing(list.body).names, ["ep1/2024/1/5/13/a.json"])
        let get = try await harness.send("GET", harness.blobPath("dlq", "ep1/2024/1/5/13/a.json"))
        XCTAssertEqual(get.text, "{\"a\":1}")
    }

    func testSharedKeyWithWrongKeyShowsStringToSignButNoSecret() async throws {
        let wrongKey = Data("not the right key at all........".utf8).base64EncodedString()
        let response = try await harness.send("GET", harness.containerPath("dlq"), query: "restype=container&comp=list",
                                              auth: .sharedKeyWith(key: wrongKey))
        XCTAssertEqual(response.status, 403)
        XCTAssertEqual(response.errorCode, "AuthenticationFailed")
        XCTAssert(response.text.contains("<AuthenticationErrorDetail>The MAC signature found in the HTTP request"))
        XCTAssert(response.text.contains("Server used following string to sign: 'GET\n"))
        XCTAssert(response.text.contains("/devstoreaccount1/devstoreaccount1/dlq\ncomp:list\nrestype:container"),
                  "path-style canonical resource repeats the account")
        XCTAssertFalse(response.text.contains(harness.key))
        XCTAssertFalse(response.text.contains(wrongKey))
        XCTAssert(response.text.contains("found in the HTTP request 'REDACTED'"), "the request's signature is not echoed")
    }

    func testStringToSignInErrorsHasSignedCredentialsRedacted() async throws {
        let wrongKey = Data("another wrong key...............".utf8).base64EncodedString()
        let source = harness.server.baseURL + "/devstoreaccount1/dlq/a?sv=2021-12-02&sr=c&sp=r&se=2099-01-01&sig=c2VjcmV0LXNpZ25hdHVyZQ%3D%3D"
        let response = try await harness.send("PUT", harness.blobPath("dlq", "copy"), headers: [("x-ms-copy-source", source)],
                                              auth: .sharedKeyWith(key: wrongKey))
        XCTAssertEqual(response.errorCode, "AuthenticationFailed")
        XCTAssert(response.text.contains("x-ms-copy-source:"), response.text)
        XCTAssertFalse(response.text.contains("c2VjcmV0LXNpZ25hdHVyZQ"), response.text)
    }

    func testSharedKeyForAnotherAccountFails() async throws {
        let response = try await harness.send("GET", "/otheraccount/dl", query: "restype=container&comp=list")
        XCTAssertEqual(response.status, 404, "unknown accounts do not exist")
    }

    // MARK: service SAS

    func testContainerSASListsAndReads() async throws {
        let sas = harness.serviceSAS(permissions: "rl", container: "dlq")
        let list = try await harness.send("GET", harness.containerPath("dlq"), query: "restype=container&comp=list&" + sas, auth: .anonymous)
        XCTAssertEqual(list.status, 200, list.text)
        let get = try await harness.send("GET", harness.blobPath("dlq", "ep1/2024/1/5/13/a.json"), query: sas, auth: .anonymous)
        XCTAssertEqual(get.status, 200)
    }

    func testBlobSASReadsOnlyItsBlob() async throws {
        let sas = harness.serviceSAS(permissions: "r", container: "dlq", blob: "ep1/2024/1/5/13/a.json")
        let get = try await harness.send("GET", harness.blobPath("dlq", "ep1/2024/1/5/13/a.json"), query: sas, auth: .anonymous)
        XCTAssertEqual(get.status, 200, get.text)
        try await harness.server.putBlob(container: "dlq", name: "other.json", bytes: [1])
        let other = try await harness.send("GET", harness.blobPath("dlq", "other.json"), query: sas, auth: .anonymous)
        XCTAssertEqual(other.status, 403)
        XCTAssertEqual(other.errorCode, "AuthenticationFailed")
    }

    func testExpiredSASIsRefusedWithAzuresTimeFrameMessage() async throws {
        let sas = harness.serviceSAS(permissions: "rl", container: "dlq", expiry: Date().addingTimeInterval(-60))
        let response = try await harness.send("GET", harness.containerPath("dlq"), query: "restype=container&comp=list&" + sas, auth: .anonymous)
        XCTAssertEqual(response.status, 403)
        XCTAssertEqual(response.errorCode, "AuthenticationFailed")
        XCTAssert(response.text.contains("Signature not valid in the specified time frame: Start [] - Expiry ["), response.text)
    }

    func testSASWhoseStartIsAfterExpiry() async throws {
        let sas = harness.serviceSAS(permissions: "rl", container: "dlq", start: EmulatorHarness.isoTime(Date().addingTimeInterval(7200)))
        let response = try await harness.send("GET", harness.containerPath("dlq"), query: "restype=container&comp=list&" + sas, auth: .anonymous)
        XCTAssertEqual(response.status, 403)
        XCTAssert(response.text.contains("must be after signed start time"), response.text)
    }

    func testSASWithoutListPermission() async throws {
        let sas = harness.serviceSAS(permissions: "r", container: "dlq")
        let response = try await harness.send("GET", harness.containerPath("dlq"), query: "restype=container&comp=list&" + sas, auth: .anonymous)
        XCTAssertEqual(response.status, 403)
        XCTAssertEqual(response.errorCode, "AuthorizationPermissionMismatch")
        let delete = try await harness.send("DELETE", harness.blobPath("dlq", "ep1/2024/1/5/13/a.json"), query: sas, auth: .anonymous)
        XCTAssertEqual(delete.errorCode, "AuthorizationPermissionMismatch")
    }

    func testCreateOnlySASCannotOverwrite() async throws {
        let sas = harness.serviceSAS(permissions: "c", container: "dlq")
        let create = try await harness.send("PUT", harness.blobPath("dlq", "new.json"), query: sas, headers: [("x-ms-blob-type", "BlockBlob")],
                                            body: [1, 2], auth: .anonymous)
        XCTAssertEqual(create.status, 201, create.text)
        let overwrite = try await harness.send("PUT", harness.blobPath("dlq", "new.json"), query: sas, headers: [("x-ms-blob-type", "BlockBlob")],
                                               body: [3], auth: .anonymous)
        XCTAssertEqual(overwrite.errorCode, "AuthorizationPermissionMismatch")
    }

    func testTamperedSASFailsWithStringToSign() async throws {
        let sas = harness.serviceSAS(permissions: "r", container: "dlq").replacingOccurrences(of: "sp=r", with: "sp=rl")
        let response = try await harness.send("GET", harness.containerPath("dlq"), query: "restype=container&comp=list&" + sas, auth: .anonymous)
        XCTAssertEqual(response.status, 403)
        XCTAssertEqual(response.errorCode, "AuthenticationFailed")
        XCTAssert(response.text.contains("Signature did not match. String to sign used was rl\n"), response.text)
        XCTAssertFalse(response.text.contains("sig="))
    }

    func testHTTPSOnlySASIsRefusedOverHTTP() async throws {
        var values = StorageSASSigner.ServiceValues(permissions: "rl", expiry: EmulatorHarness.isoTime(Date().addingTimeInterval(600)),
                                                    resource: "c", container: "dlq")
        values.protocols = "https"
        let sas = StorageSASSigner.serviceToken(values, accountName: harness.account, accountKey: HMACSigning.decodeBase64Key(harness.key)!)
        let response = try await harness.send("GET", harness.containerPath("dlq"), query: "restype=container&comp=list&" + sas, auth: .anonymous)
        XCTAssertEqual(response.errorCode, "AuthorizationProtocolMismatch")
    }

    func testOlderSignedVersionsVerify() async throws {
        // sv 2019-12-12 signs 15 fields (no encryption scope); SDKs pinned to older versions still send it.
        let expiry = EmulatorHarness.isoTime(Date().addingTimeInterval(600))
        let stringToSign = ["rl", "", expiry, "/blob/devstoreaccount1/dlq", "", "", "", "2019-12-12", "c", "", "", "", "", "", ""].joined(separator: "\n")
        let sig = HMACSigning.sha256Base64(key: HMACSigning.decodeBase64Key(harness.key)!, message: stringToSign)
        let sas = "sv=2019-12-12&sr=c&sp=rl&se=\(PercentEncoding.encode(expiry))&sig=\(PercentEncoding.encode(sig))"
        let response = try await harness.send("GET", harness.containerPath("dlq"), query: "restype=container&comp=list&" + sas, auth: .anonymous)
        XCTAssertEqual(response.status, 200, response.text)
    }

    // MARK: account SAS

    func testAccountSASWithContainerAndObjectTypes() async throws {
        let sas = harness.accountSAS(permissions: "rl", resourceTypes: "co")
        let list = try await harness.send("GET", harness.containerPath("dlq"), query: "restype=container&comp=list&" + sas, auth: .anonymous)
        XCTAssertEqual(list.status, 200, list.text)
        let get = try await harness.send("GET", harness.blobPath("dlq", "ep1/2024/1/5/13/a.json"), query: sas, auth: .anonymous)
        XCTAssertEqual(get.status, 200)
    }

    func testAccountSASWithoutContainerTypeCannotList() async throws {
        // The ADT docs' `--resource-types o` SAS: it reads blobs but cannot list them.
        let sas = harness.accountSAS(permissions: "rl", resourceTypes: "o")
        let list = try await harness.send("GET", harness.containerPath("dlq"), query: "restype=container&comp=list&" + sas, auth: .anonymous)
        XCTAssertEqual(list.status, 403)
        XCTAssertEqual(list.errorCode, "AuthorizationResourceTypeMismatch")
        let get = try await harness.send("GET", harness.blobPath("dlq", "ep1/2024/1/5/13/a.json"), query: sas, auth: .anonymous)
        XCTAssertEqual(get.status, 200)
    }

    func testAccountSASWithoutObjectTypeCannotRead() async throws {
        let sas = harness.accountSAS(permissions: "rl", resourceTypes: "sc")
        let get = try await harness.send("GET", harness.blobPath("dlq", "ep1/2024/1/5/13/a.json"), query: sas, auth: .anonymous)
        XCTAssertEqual(get.errorCode, "AuthorizationResourceTypeMismatch")
    }

    func testAccountSASForAnotherService() async throws {
        let sas = harness.accountSAS(permissions: "rl", services: "q", resourceTypes: "co")
        let list = try await harness.send("GET", harness.containerPath("dlq"), query: "restype=container&comp=list&" + sas, auth: .anonymous)
        XCTAssertEqual(list.errorCode, "AuthorizationServiceMismatch")
    }

    func testAccountSASCanCreateContainersButServiceSASCannot() async throws {
        let account = harness.accountSAS(permissions: "c", resourceTypes: "c")
        let created = try await harness.send("PUT", harness.containerPath("fresh"), query: "restype=container&" + account, auth: .anonymous)
        XCTAssertEqual(created.status, 201, created.text)
        let service = harness.serviceSAS(permissions: "racwdl", container: "fresh2")
        let refused = try await harness.send("PUT", harness.containerPath("fresh2"), query: "restype=container&" + service, auth: .anonymous)
        XCTAssertEqual(refused.errorCode, "AuthorizationPermissionMismatch")
    }

    // MARK: bearer tokens and anonymous

    func testAcceptedBearerToken() async throws {
        let list = try await harness.send("GET", harness.containerPath("dlq"), query: "restype=container&comp=list", auth: .bearer(token))
        XCTAssertEqual(list.status, 200)
    }

    func testBearerTokenNeedsRecentVersion() async throws {
        let response = try await harness.send("GET", harness.containerPath("dlq"), query: "restype=container&comp=list", auth: .bearer(token),
                                              version: "2017-07-29")
        XCTAssertEqual(response.status, 403)
        XCTAssert(response.text.contains("Authentication scheme Bearer is not supported in this version."))
    }

    func testUnknownBearerToken() async throws {
        let response = try await harness.send("GET", harness.containerPath("dlq"), query: "restype=container&comp=list", auth: .bearer("forged"))
        XCTAssertEqual(response.status, 401)
        XCTAssertEqual(response.errorCode, "InvalidAuthenticationInfo")
        XCTAssertNotNil(response.header("WWW-Authenticate"))
        XCTAssertFalse(response.text.contains("forged"))
    }

    func testAnonymousReadsLookLikeMissingResources() async throws {
        let list = try await harness.send("GET", harness.containerPath("dlq"), query: "restype=container&comp=list", auth: .anonymous)
        XCTAssertEqual(list.status, 404)
        XCTAssertEqual(list.errorCode, "ResourceNotFound")
        let head = try await harness.send("HEAD", harness.blobPath("dlq", "ep1/2024/1/5/13/a.json"), auth: .anonymous)
        XCTAssertEqual(head.status, 404)
        XCTAssertEqual(head.errorCode, "ResourceNotFound")
        XCTAssert(head.body.isEmpty)
    }

    func testAnonymousWritesNeedAuthentication() async throws {
        let delete = try await harness.send("DELETE", harness.blobPath("dlq", "ep1/2024/1/5/13/a.json"), auth: .anonymous)
        XCTAssertEqual(delete.status, 401)
        XCTAssertEqual(delete.errorCode, "NoAuthenticationInformation")
        XCTAssert(delete.header("WWW-Authenticate")?.hasPrefix("Bearer authorization_uri=") ?? false)
        let remaining = try await harness.server.blobNames(container: "dlq")
        XCTAssertEqual(remaining, ["ep1/2024/1/5/13/a.json"])
    }

    func testMalformedAuthorizationHeader() async throws {
        let response = try await harness.send("GET", harness.containerPath("dlq"), query: "restype=container&comp=list",
                                              headers: [("Authorization", "Basic dXNlcjpwYXNz")], auth: .anonymous)
        XCTAssertEqual(response.status, 400)
        XCTAssertEqual(response.errorCode, "InvalidAuthenticationInfo")
    }
}
