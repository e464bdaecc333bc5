import AsyncHTTPClient
import AzureCore
import Foundation
import NIOCore
import NIOHTTP1
import XCTest
@testable import AzureEmulator

/// Test cases that start emulators: every harness started through `startHarness` is shut down after the test,
/// whether it passed or not.
class EmulatorTestCase: XCTestCase {
    private var harnesses: [EmulatorHarness] = []

    func startHarness(_ configuration: EmulatorConfiguration = EmulatorConfiguration()) async throws -> EmulatorHarness {
        let harness = try await EmulatorHarness.start(configuration)
        harnesses.append(harness)
        return harness
    }

    override func tearDown() async throws {
        for harness in harnesses { try await harness.shutdown() }
        harnesses = []
    }
}

/// A running emulator plus an HTTP client that signs like the SDKs do, for tests that go through real HTTP.
final class EmulatorHarness: @unchecked Sendable {
    let server: EmulatorServer
    let http: HTTPClient
    let account = StorageConnectionString.developmentAccountName
    let key = StorageConnectionString.developmentAccountKey
    static let version = "2021-12-02"

    struct Response {
        var status: Int
        var headers: HTTPHeaders
        var body: [UInt8]
        var text: String { String(decoding: body, as: UTF8.self) }
        var errorCode: String? { headers.first(name: "x-ms-error-code") }
        func header(_ name: String) -> String? { headers.first(name: name) }
    }

    enum Auth {
        case sharedKey
        case sharedKeyWith(key: String)
        case bearer(String)
        case anonymous
    }

    private init(server: EmulatorServer) {
        self.server = server
        var configuration = HTTPClient.Configuration()
        configuration.timeout = .init(connect: .seconds(5), read: .seconds(20))
        http = HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
    }

    static func start(_ configuration: EmulatorConfiguration = EmulatorConfiguration()) async throws -> EmulatorHarness {
        EmulatorHarness(server: try await EmulatorServer.start(configuration))
    }

    private let shutdownState = NSLock()
    private var isShutDown = false

    /// Idempotent, so a test may shut down early and `EmulatorTestCase.tearDown` still clean up after a failure
    /// (an HTTPClient that is never shut down traps in its deinit and would take the whole test run down).
    func shutdown() async throws {
        let first = shutdownState.withLock { () -> Bool in
            defer { isShutDown = true }
            return !isShutDown
        }
        guard first else { return }
        try await http.shutdown()
        try await server.shutdown()
    }

    /// `path` is percent-encoded as it goes on the wire; `query` is the raw query string.
    func send(_ method: String, _ path: String, query: String = "", headers: [(String, String)] = [], body: [UInt8] = [],
              auth: Auth = .sharedKey, version: String? = EmulatorHarness.version) async throws -> Response {
        var all = headers
        all.append(("x-ms-date", HTTPDate.format(Date())))
        if let version { all.append(("x-ms-version", version)) }
        if !body.isEmpty { all.append(("Content-Length", String(body.count))) }
        switch auth {
        case .sharedKey, .sharedKeyWith:
            var signingKey = key
            if case .sharedKeyWith(let other) = auth { signingKey = other }
            let credential = try SharedKeyCredential(accountName: account, accountKey: signingKey)
            all.append(("Authorization", credential.authorization(method: method, path: path, query: PercentEncoding.decodeQuery(query), headers: all)))
        case .bearer(let token):
            all.append(("Authorization", "Bearer \(token)"))
        case .anonymous:
            break
        }
        var request = HTTPClientRequest(url: server.baseURL + path + (query.isEmpty ? "" : "?" + query))
        request.method = HTTPMethod(rawValue: method)
        for (name, value) in all where name != "Content-Length" { request.headers.add(name: name, value: value) }
        if !body.isEmpty { request.body = .bytes(ByteBuffer(bytes: body)) }
        let response = try await http.execute(request, timeout: .seconds(20))
        let collected = try await response.body.collect(upTo: 400 * 1024 * 1024)
        return Response(status: Int(response.status.code), headers: response.headers, body: Array(collected.readableBytesView))
    }

    func containerPath(_ container: String) -> String { "/\(account)/\(container)" }

    func blobPath(_ container: String, _ name: String) -> String { "/\(account)/\(container)/\(PercentEncoding.encodePath(name))" }

    @discardableResult
    func createContainer(_ name: String) async throws -> Response {
        try await send("PUT", containerPath(name), query: "restype=container")
    }

    @discardableResult
    func putBlob(_ container: String, _ name: String, _ bytes: [UInt8], headers: [(String, String)] = []) async throws -> Response {
        try await send("PUT", blobPath(container, name), headers: [("x-ms-blob-type", "BlockBlob")] + headers, body: bytes)
    }

    /// Every name of a container, page by page, and how many pages it took.
    func listAll(_ container: String, maxResults: Int?, extraQuery: String = "") async throws -> (names: [String], pages: Int) {
        var names: [String] = []
        var marker: String?
        var pages = 0
        repeat {
            var query = "restype=container&comp=list" + extraQuery
            if let maxResults { query += "&maxresults=\(maxResults)" }
            if let marker { query += "&marker=\(PercentEncoding.encode(marker))" }
            let response = try await send("GET", containerPath(container), query: query)
            XCTAssertEqual(response.status, 200, response.text)
            let page = XMLElementNames.listing(response.body)
            if let maxResults { XCTAssertLessThanOrEqual(page.names.count, maxResults) }
            names += page.names
            marker = page.nextMarker
            pages += 1
        } while marker != nil && pages < 100_000
        return (names, pages)
    }

    func serviceSAS(permissions: String, container: String, blob: String? = nil, start: String = "", expiry: Date = Date().addingTimeInterval(3600)) -> String {
        var values = StorageSASSigner.ServiceValues(permissions: permissions, expiry: Self.isoTime(expiry), resource: blob == nil ? "c" : "b",
                                                    container: container, blob: blob)
        values.start = start
        return StorageSASSigner.serviceToken(values, accountName: account, accountKey: HMACSigning.decodeBase64Key(key)!)
    }

    func accountSAS(permissions: String, services: String = "b", resourceTypes: String, expiry: Date = Date().addingTimeInterval(3600)) -> String {
        let values = StorageSASSigner.AccountValues(permissions: permissions, services: services, resourceTypes: resourceTypes,
                                                    expiry: Self.isoTime(expiry))
        return StorageSASSigner.accountToken(values, accountName: account, accountKey: HMACSigning.decodeBase64Key(key)!)
    }

    static func isoTime(_ date: Date) -> String {
        String(AzureTimestamp.iso8601(date).prefix(19)) + "Z"
    }
}

extension EmulatorHarness {
    /// Stores `size` patterned bytes as `name`, reads them back with a plain Get Blob and checks status, length and
    /// content; returns the bytes for further checks.
    @discardableResult
    func assertRoundTrip(_ container: String, _ name: String, size: Int, file: StaticString = #filePath,
                         line: UInt = #line) async throws -> [UInt8] {
        let bytes = (0..<size).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ size) }
        let stored = try await putBlob(container, name, bytes).status
        XCTAssertEqual(stored, 201, file: file, line: line)
        let get = try await send("GET", blobPath(container, name))
        XCTAssertEqual(get.status, 200, file: file, line: line)
        XCTAssertEqual(get.header("Content-Length"), String(size), file: file, line: line)
        XCTAssert(get.body == bytes, "blob of \(size) bytes", file: file, line: line)
        return bytes
    }
}
