import AsyncHTTPClient
import AzureCore
import XCTest
@testable import DeadLetterKit

/// The HTTP requests the client builds, without sending them.
final class BlobClientRequestTests: XCTestCase {
    private static let httpClient = HTTPClient(eventLoopGroup: HTTPClient.defaultEventLoopGroup)

    func testEveryRequestCarriesVersionDateRequestIdAndAgent() async throws {
        let location = try BlobContainerLocation(url: "https://acct.blob.core.windows.net/dlq?sv=2021-12-02&sp=rl&sr=c&se=2030-01-01&sig=S%2BIG")
        let client = BlobClient(location: location, authorizer: SASAuthorizer(token: location.sas!, source: .sasInContainerURL(SASSummary(permissions: "rl"))),
                                httpClient: Self.httpClient)
        var plan = BlobRequestPlan(operation: .list, method: .GET)
        plan.query = [("restype", "container"), ("comp", "list"), ("prefix", "ep 1/2024/"), ("marker", "2!80!abc+/=")]
        let (request, summary) = try await client.makeRequest(plan, clientRequestID: "0f8fad5b-d9cb-469f-a165-70867728950e")
        XCTAssertEqual(request.url, "https://acct.blob.core.windows.net/dlq?restype=container&comp=list&prefix=ep%201%2F2024%2F&marker=2%2180%21abc%2B%2F%3D&sv=2021-12-02&sp=rl&sr=c&se=2030-01-01&sig=S%2BIG")
        XCTAssertEqual(request.method, .GET)
        XCTAssertEqual(request.headers.first(name: "x-ms-version"), "2021-12-02")
        XCTAssertEqual(request.headers.first(name: "x-ms-client-request-id"), "0f8fad5b-d9cb-469f-a165-70867728950e")
        XCTAssertEqual(request.headers.first(name: "User-Agent"), "deadletter/\(DeadLetterVersion.current)")
        let date = try XCTUnwrap(request.headers.first(name: "x-ms-date").flatMap(HTTPDate.parse))
        XCTAssertEqual(date.timeIntervalSinceNow, 0, accuracy: 5)
        XCTAssertEqual(summary.description, "GET https://acct.blob.core.windows.net/dlq?restype=container&comp=list&prefix=ep%201%2F2024%2F&marker=2%2180%21abc%2B%2F%3D&sv=2021-12-02&sp=rl&sr=c&se=2030-01-01&sig=REDACTED")
    }

    /// A sent request keeps the signed URL for its failure messages; every way of printing it shows the redacted form.
    func testSentRequestNeverShowsTheSignature() async throws {
        let location = try BlobContainerLocation(url: "https://acct.blob.core.windows.net/dlq?sv=2021-12-02&sp=rl&sr=c&se=2030-01-01&sig=S%2BIG")
        let client = BlobClient(location: location, authorizer: SASAuthorizer(token: location.sas!, source: .sasInContainerURL(SASSummary(permissions: "rl"))),
                                httpClient: Self.httpClient)
        let (request, sent) = try await client.makeRequest(BlobRequestPlan(operation: .read, method: .GET, blobName: "ep1/a.json"),
                                                           clientRequestID: "id")
        XCTAssertTrue(request.url.hasSuffix("&sig=S%2BIG"))
        XCTAssertEqual(sent.summary.url, "https://acct.blob.core.windows.net/dlq/ep1/a.json?sv=2021-12-02&sp=rl&sr=c&se=2030-01-01&sig=REDACTED")
        var dumped = ""
        dump(sent, to: &dumped)
        for text in [sent.description, String(reflecting: sent), "\(sent)", dumped] {
            XCTAssertFalse(text.contains("S%2BIG"), text)
            XCTAssertTrue(text.contains("sig=REDACTED"), text)
        }
    }

    func testBlobWritesSignContentLengthAndConditions() async throws {
        let location = try BlobContainerLocation(url: "http://127.0.0.1:10000/devstoreaccount1/dlq")
        let authorizer = try SharedKeyAuthorizer(accountName: "devstoreaccount1", accountKey: StorageConnectionString.developmentAccountKey,
                                                 source: .developmentStorage)
        let client = BlobClient(location: location, authorizer: authorizer, httpClient: Self.httpClient)
        var plan = BlobRequestPlan(operation: .setTags, method: .PUT, blobName: "ep1/a b.json")
        plan.query = [("comp", "tags")]
        plan.body = Array(BlobClient.tagsXML(["k": "v & <w>"]).utf8)
        let (request, _) = try await client.makeRequest(plan, clientRequestID: "id")
        XCTAssertEqual(request.url, "http://127.0.0.1:10000/devstoreaccount1/dlq/ep1/a%20b.json?comp=tags")
        XCTAssertEqual(request.headers.first(name: "Content-Length"), String(plan.body!.count))
        XCTAssertTrue(request.headers.first(name: "Authorization")?.hasPrefix("SharedKey devstoreaccount1:") ?? false)
        XCTAssertEqual(BlobClient.tagsXML(["k": "v & <w>", "a": "1"]),
                       "<?xml version=\"1.0\" encoding=\"utf-8\"?><Tags><TagSet><Tag><Key>a</Key><Value>1</Value></Tag><Tag><Key>k</Key><Value>v &amp; &lt;w&gt;</Value></Tag></TagSet></Tags>")
        XCTAssertEqual(BlobClient.quotedETag("0x8DC1"), "\"0x8DC1\"")
        XCTAssertEqual(BlobClient.quotedETag("\"0x8DC1\""), "\"0x8DC1\"")
        XCTAssertEqual(BlobClient.unquotedETag("\"0x8DC1\""), "0x8DC1")
    }

    func testIdempotencyFollowsTheMethod() {
        XCTAssertTrue(BlobRequestPlan(operation: .delete, method: .DELETE, blobName: "x").isIdempotent)
        XCTAssertTrue(BlobRequestPlan(operation: .copy, method: .PUT, blobName: "x").isIdempotent)
        XCTAssertFalse(BlobRequestPlan(operation: .list, method: .POST).isIdempotent)
    }

    func testConnectionPoolIsSizedToTheConcurrency() {
        let configuration = BlobClientConfiguration(concurrency: 48, connectTimeout: .seconds(3), readTimeout: .seconds(20))
        let http = configuration.httpClientConfiguration
        XCTAssertEqual(http.connectionPool.concurrentHTTP1ConnectionsPerHostSoftLimit, 48)
        XCTAssertFalse(http.connectionPool.retryConnectionEstablishment)
        XCTAssertEqual(http.timeout.connect, .seconds(3))
        XCTAssertEqual(http.timeout.read, .seconds(20))
        XCTAssertEqual(BlobClientConfiguration().concurrency, 32)
        XCTAssertEqual(BlobClientConfiguration().apiVersion, "2021-12-02")
    }
}
