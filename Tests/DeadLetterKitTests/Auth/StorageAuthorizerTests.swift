import AsyncHTTPClient
import AzureCore
import XCTest
@testable import DeadLetterKit

/// What each authorizer adds to a request, checked against signatures computed independently (Python's hmac over a
/// hand-written string-to-sign).
final class StorageAuthorizerTests: XCTestCase {
    func testSharedKeySignsThePathExactlyAsSentForPathStyleURLs() async throws {
        let authorizer = try SharedKeyAuthorizer(accountName: "devstoreaccount1", accountKey: StorageConnectionString.developmentAccountKey,
                                                 source: .developmentStorage)
        var request = HTTPClientRequest(url: "http://127.0.0.1:10000/devstoreaccount1/dl?restype=container&comp=list&prefix=ep1%2F2024%2F&maxresults=7")
        request.headers.add(name: "x-ms-version", value: "2021-12-02")
        request.headers.add(name: "x-ms-date", value: "Fri, 05 Jan 2024 13:02:11 GMT")
        request.headers.add(name: "x-ms-client-request-id", value: "0f8fad5b-d9cb-469f-a165-70867728950e")
        request.headers.add(name: "User-Agent", value: "deadletter/0.1.0")
        try await authorizer.authorize(request: &request, method: "GET", path: "/devstoreaccount1/dl",
                                       query: [("restype", "container"), ("comp", "list"), ("prefix", "ep1/2024/"), ("maxresults", "7")])
        XCTAssertEqual(request.headers.first(name: "Authorization"),
                       "SharedKey devstoreaccount1:3fiSKbZnZVGDMf7p+CKnLtgb1ty5pPb/ccnvedjaCU8=")
        XCTAssertEqual(request.url, "http://127.0.0.1:10000/devstoreaccount1/dl?restype=container&comp=list&prefix=ep1%2F2024%2F&maxresults=7")
    }

    func testSharedKeySignsContentLengthAndTypeOfABody() async throws {
        let key = "MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY="
        let authorizer = try SharedKeyAuthorizer(accountName: "acct", accountKey: key, source: .accountKeyEnvironment(account: "acct"))
        var request = HTTPClientRequest(url: "https://acct.blob.core.windows.net/dl/ep1/a%20b.json?comp=tags")
        request.method = .PUT
        request.headers.add(name: "x-ms-version", value: "2021-12-02")
        request.headers.add(name: "x-ms-date", value: "Fri, 05 Jan 2024 13:02:11 GMT")
        request.headers.add(name: "Content-Type", value: "application/xml; charset=utf-8")
        request.headers.add(name: "Content-Length", value: "155")
        try await authorizer.authorize(request: &request, method: "PUT", path: "/dl/ep1/a%20b.json", query: [("comp", "tags")])
        XCTAssertEqual(request.headers.first(name: "Authorization"), "SharedKey acct:hlbrPQWzlkWypGUiP77x/Ny13j18XFeB3epuidQ44PM=")
    }

    func testSASIsAppendedVerbatim() async throws {
        let raw = "sv=2021-12-02&se=2030-01-01T00%3A00%3A00Z&sr=c&sp=rl&sig=a%2Bb%2Fc%3D"
        let authorizer = SASAuthorizer(token: StorageSASToken("?" + raw), source: .sasTokenEnvironment(SASSummary(permissions: "rl")))
        var withQuery = HTTPClientRequest(url: "https://acct.blob.core.windows.net/dl?restype=container&comp=list")
        try await authorizer.authorize(request: &withQuery, method: "GET", path: "/dl", query: [])
        XCTAssertEqual(withQuery.url, "https://acct.blob.core.windows.net/dl?restype=container&comp=list&" + raw)
        var bare = HTTPClientRequest(url: "https://acct.blob.core.windows.net/dl/a.json")
        try await authorizer.authorize(request: &bare, method: "GET", path: "/dl/a.json", query: [])
        XCTAssertEqual(bare.url, "https://acct.blob.core.windows.net/dl/a.json?" + raw)
        XCTAssertNil(bare.headers.first(name: "Authorization"))
        let access = try await authorizer.copySourceAccess(container: "dl", blob: "a.json")
        XCTAssertEqual(access, .query(raw))
    }

    func testBearerAndAnonymous() async throws {
        let bearer = BearerTokenAuthorizer(provider: EnvironmentTokenProvider(variable: "AZURE_STORAGE_TOKEN", value: "opaque-token\n"))
        var request = HTTPClientRequest(url: "https://acct.blob.core.windows.net/dl/a.json")
        try await bearer.authorize(request: &request, method: "GET", path: "/dl/a.json", query: [])
        XCTAssertEqual(request.headers.first(name: "Authorization"), "Bearer opaque-token")
        let access = try await bearer.copySourceAccess(container: "dl", blob: "a.json")
        XCTAssertEqual(access, .authorizationHeader("Bearer opaque-token"))
        XCTAssertEqual(bearer.source.description, "an access token from AZURE_STORAGE_TOKEN")

        var anonymous = HTTPClientRequest(url: "https://acct.blob.core.windows.net/dl/a.json")
        try await AnonymousAuthorizer().authorize(request: &anonymous, method: "GET", path: "/dl/a.json", query: [])
        XCTAssertEqual(anonymous.headers.count, 0)
        XCTAssertEqual(anonymous.url, "https://acct.blob.core.windows.net/dl/a.json")
    }

    func testSharedKeyCopySourceIsAReadOnlyBlobSAS() async throws {
        let authorizer = try SharedKeyAuthorizer(accountName: "devstoreaccount1", accountKey: StorageConnectionString.developmentAccountKey,
                                                 source: .developmentStorage)
        guard case .query(let raw) = try await authorizer.copySourceAccess(container: "dl", blob: "ep1/a.json") else { return XCTFail() }
        let token = StorageSASToken(raw)
        XCTAssertEqual(token.permissions, "r")
        XCTAssertEqual(token.signedResource, "b")
        XCTAssertNotNil(token.fields["sig"])
        let expiry = try XCTUnwrap(token.expiry.flatMap(SASTime.parse))
        XCTAssertEqual(expiry.timeIntervalSinceNow, 3600, accuracy: 120)
    }

    func testExpiredEnvironmentTokenIsRefusedBeforeSending() async {
        let expired = Self.jwt(exp: 1_700_000_000)
        let provider = EnvironmentTokenProvider(variable: "MY_TOKEN", value: expired)
        do {
            _ = try await provider.token()
            XCTFail("expired token accepted")
        } catch let error as CredentialError {
            XCTAssertEqual(error, .tokenExpired(source: "MY_TOKEN", expiredAt: "2023-11-14T22:13:20Z"))
            XCTAssertFalse(error.description.contains(expired))
        } catch {
            XCTFail("\(error)")
        }
    }

    func testJWTExpiryAndDescriptionWithoutValue() {
        let token = AccessToken(jwt: Self.jwt(exp: 1_900_000_000))
        XCTAssertEqual(token.expiresOn, Date(timeIntervalSince1970: 1_900_000_000))
        XCTAssertEqual(token.description, "access token (expires 2030-03-17T17:46:40Z)")
        XCTAssertNil(AccessToken(jwt: "not-a-jwt").expiresOn)
        XCTAssertNil(AccessToken(jwt: "a.%%%.c").expiresOn)
    }

    /// An unsigned JWT with only an `exp` claim.
    static func jwt(exp: Int) -> String {
        func base64URL(_ text: String) -> String {
            Data(text.utf8).base64EncodedString().replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
                .replacingOccurrences(of: "=", with: "")
        }
        return base64URL("{\"alg\":\"none\",\"typ\":\"JWT\"}") + "." + base64URL("{\"aud\":\"https://storage.azure.com/\",\"exp\":\(exp)}") + ".sig"
    }
}
