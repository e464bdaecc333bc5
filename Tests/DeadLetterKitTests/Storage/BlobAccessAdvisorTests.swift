import XCTest
@testable import DeadLetterKit

final class BlobAccessAdvisorTests: XCTestCase {
    private let location = try! BlobContainerLocation(url: "https://acct.blob.core.windows.net/dl")
    private let now = SASTime.parse("2024-06-01T12:00:00Z")!

    private func hint(_ code: String, _ operation: StorageOperation = .list, _ source: CredentialSource, status: Int = 403) -> String? {
        BlobAccessAdvisor.hint(.init(status: status, code: code, operation: operation, source: source, location: location,
                                     blobName: "ep1/x.json", now: now))
    }

    func testADTWriteOnlySAS() {
        let source = CredentialSource.sasInContainerURL(SASSummary(permissions: "w", expiry: "2030-01-01", signedResource: "c"))
        XCTAssertEqual(hint("AuthorizationPermissionMismatch", .list, source),
                       "the SAS allows 'w' only; listing needs 'l' and reading 'r' (ADT's dead-letter SAS only has 'w': create one with --permissions rl)")
        XCTAssertEqual(hint("AuthorizationPermissionMismatch", .delete, source),
                       "the SAS allows 'w' only; deleting needs 'd' (for replay with clean-up create one with --permissions rld, plus 'w'/'t' to mark blobs)")
    }

    func testAccountSASWithoutContainerResourceType() {
        let source = CredentialSource.sasTokenEnvironment(SASSummary(permissions: "rwl", resourceTypes: "o", isAccountSAS: true))
        XCTAssertEqual(hint("AuthorizationResourceTypeMismatch", .list, source),
                       "the account SAS has --resource-types 'o'; listing needs 'c': add 'c' (and 'o') to --resource-types (srt=co lists and reads)")
    }

    func testExpiredAndNotYetValidSAS() {
        let expired = CredentialSource.sasInContainerURL(SASSummary(permissions: "rl", expiry: "2024-05-01T00:00:00Z"))
        XCTAssertEqual(hint("AuthenticationFailed", .list, expired),
                       "the SAS expired at 2024-05-01T00:00:00Z (it is now 2024-06-01T12:00:00Z); create a new one")
        let future = CredentialSource.sasInContainerURL(SASSummary(permissions: "rl", expiry: "2030-01-01", start: "2024-07-01"))
        XCTAssertTrue(hint("AuthenticationFailed", .list, future)!.hasPrefix("the SAS is not valid before 2024-07-01"))
        let bad = CredentialSource.sasInContainerURL(SASSummary(permissions: "rl", expiry: "2030-01-01"))
        XCTAssertTrue(hint("AuthenticationFailed", .list, bad)!.contains("unquoted '&'"))
    }

    func testSharedKeyMismatch() {
        XCTAssertEqual(hint("AuthenticationFailed", .read, .accountKeyEnvironment(account: "acct")),
                       "the account key doesn't match account 'acct' (check AZURE_STORAGE_KEY or the connection string's AccountKey; keys change when rotated)")
        XCTAssertEqual(hint("AuthenticationFailed", .read, .connectionStringSharedKey(account: "other")),
                       "the account key is for account 'other' but the container URL is in account 'acct'")
    }

    func testBearerAndAnonymous() {
        XCTAssertTrue(hint("AuthorizationPermissionMismatch", .list, .bearerTokenEnvironment(variable: "AZURE_STORAGE_TOKEN"))!
            .contains("'Storage Blob Data Reader'"))
        XCTAssertTrue(hint("AuthorizationPermissionMismatch", .delete, .managedIdentity(flow: .instanceMetadata, clientID: nil))!
            .contains("'Storage Blob Data Contributor'"))
        XCTAssertTrue(hint("NoAuthenticationInformation", .list, .anonymous, status: 401)!.hasPrefix("no credential was sent"))
        XCTAssertTrue(hint("ResourceNotFound", .list, .anonymous, status: 404)!.hasPrefix("no credential was sent"))
    }

    func testOtherSASMismatches() {
        let sas = CredentialSource.sasInContainerURL(SASSummary(permissions: "rl"))
        XCTAssertEqual(hint("AuthorizationServiceMismatch", .list, sas), "the account SAS does not cover the blob service: create it with --services b")
        XCTAssertEqual(hint("AuthorizationProtocolMismatch", .list, sas), "the SAS only allows HTTPS (spr=https) but the container URL uses http")
        XCTAssertTrue(hint("AuthorizationSourceIPMismatch", .list, sas)!.contains("sip="))
        XCTAssertTrue(hint("AuthorizationFailure", .list, .accountKeyEnvironment(account: "acct"))!.contains("allowSharedKeyAccess=false"))
    }

    func testNotFoundAndConditions() {
        XCTAssertEqual(hint("ContainerNotFound", .list, .anonymous, status: 404),
                       "container 'dl' does not exist at https://acct.blob.core.windows.net")
        XCTAssertEqual(hint("BlobNotFound", .read, .anonymous, status: 404),
                       "blob 'ep1/x.json' does not exist in container 'dl' (deleted or moved since it was listed?)")
        XCTAssertEqual(hint("ConditionNotMet", .delete, .anonymous, status: 412),
                       "blob 'ep1/x.json' changed since it was listed (its ETag no longer matches), so it was left alone")
        XCTAssertNil(hint("InternalError", .list, .accountKeyEnvironment(account: "acct"), status: 500))
    }

    func testSignatureInAuthenticationDetailIsMasked() {
        let detail = "The MAC signature found in the HTTP request 'abcDEF123+/=' is not the same as any computed signature. Server used following string to sign: 'GET\n...'."
        XCTAssertEqual(BlobAccessAdvisor.sanitizeDetail(detail),
                       "The MAC signature found in the HTTP request 'REDACTED' is not the same as any computed signature. Server used following string to sign: 'GET\n...'.")
    }

    func testFailureDescriptionIsRedactedAndNamesTheRequest() {
        let failure = BlobHTTPFailure(status: 403, code: "AuthorizationPermissionMismatch", message: "This request is not authorized…",
                                      authenticationDetail: nil, requestID: "rid-1", operation: .list,
                                      request: BlobRequestSummary(method: "GET", url: "https://acct.blob.core.windows.net/dl?restype=container&comp=list&sv=1&sig=SECRET"),
                                      hint: "the SAS allows 'w' only")
        XCTAssertEqual(BlobServiceError.http(failure).description,
                       "List Blobs GET https://acct.blob.core.windows.net/dl?restype=container&comp=list&sv=1&sig=REDACTED returned HTTP 403 AuthorizationPermissionMismatch: the SAS allows 'w' only [x-ms-request-id rid-1]")
    }
}
