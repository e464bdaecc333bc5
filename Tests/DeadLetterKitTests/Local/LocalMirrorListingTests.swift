import XCTest
@testable import DeadLetterKit

final class LocalMirrorListingTests: XCTestCase {
    private var fixture: LocalMirrorFixture!

    override func setUpWithError() throws {
        fixture = try LocalMirrorFixture(names: LocalMirrorFixture.awkwardNames, emptyDirectories: ["empty/sub", "ep1/2024/2"])
    }

    override func tearDown() {
        fixture.remove()
    }

    /// Every page of a listing, followed through its markers.
    private func allPages(_ lister: some BlobLister, prefix: String, delimiter: String?,
                          pageSize: Int?) async throws -> [ListBlobsPage] {
        var pages: [ListBlobsPage] = []
        var marker: String?
        repeat {
            let page = try await lister.listPage(prefix: prefix, delimiter: delimiter, marker: marker, maxResults: pageSize)
            pages.append(page)
            marker = page.nextMarker
        } while marker != nil && pages.count < 1000
        return pages
    }

    func testListingsEqualTheReferenceForEveryPrefixDelimiterAndPageSize() async throws {
        let reference = InMemoryBlobLister(names: LocalMirrorFixture.awkwardNames)
        var folderPrefixes: Set<String> = [""]
        for name in LocalMirrorFixture.awkwardNames {
            var path = ""
            for segment in name.split(separator: "/").dropLast() {
                path += segment + "/"
                folderPrefixes.insert(path)
            }
        }
        let partialPrefixes = ["e", "ep", "ep1", "ep1.", "ep1/2024/1", "ep1/2024/1/5/13/b", "é", "ep%", "ep ", "zzz",
                               "ep1/../", "../", "ep1//", "./", "empty/", "ep1/2024/2/"]
        for capacity in [4096, 2] {
            let mirror = try LocalContainerMirror(directory: fixture.root.path, maxCachedDirectories: capacity)
            for prefix in folderPrefixes.sorted() + partialPrefixes {
                for delimiter in [nil, "/", "-", "1/"] as [String?] {
                    for pageSize in [1, 3, nil] as [Int?] {
                        let expected = try await allPages(reference, prefix: prefix, delimiter: delimiter, pageSize: pageSize)
                        let actual = try await allPages(mirror, prefix: prefix, delimiter: delimiter, pageSize: pageSize)
                        let context = "prefix '\(prefix)' delimiter \(delimiter ?? "nil") page \(pageSize ?? 0) cache \(capacity)"
                        XCTAssertEqual(actual.map { $0.blobs.map(\.name) }, expected.map { $0.blobs.map(\.name) }, context)
                        XCTAssertEqual(actual.map(\.blobPrefixes), expected.map(\.blobPrefixes), context)
                        XCTAssertEqual(actual.map(\.nextMarker), expected.map(\.nextMarker), context)
                    }
                }
            }
        }
    }

    func testRootListingOrderAndHiddenFiles() async throws {
        let mirror = try LocalContainerMirror(directory: fixture.root.path + "/")
        let page = try await mirror.listPage(prefix: "", delimiter: "/", marker: nil, maxResults: nil)
        XCTAssertEqual(page.blobs.map(\.name), [".DS_Store", "ep1.json"])
        // Byte order: space, %, &, +, -, /, upper case, lower case, then é (0xC3); `empty/` holds no file.
        XCTAssertEqual(page.blobPrefixes, ["MY-SUB/", "a/", "ep 2/", "ep%4/", "ep&3/", "ep+5/", "ep1-x/", "ep1/", "notes/", "épsilon/"])
        XCTAssertNil(page.nextMarker)
    }

    func testPropertiesComeFromTheFile() async throws {
        let name = "ep1/2024/1/5/13/测试.json"
        let modified = Date(timeIntervalSince1970: 1_704_459_731)  // Fri, 05 Jan 2024 13:02:11 GMT
        try FileManager.default.setAttributes([.modificationDate: modified],
                                              ofItemAtPath: fixture.root.appendingPathComponent(name).path)
        let mirror = try LocalContainerMirror(directory: fixture.root.path)
        let page = try await mirror.listPage(prefix: "ep1/2024/1/5/13/", delimiter: "/", marker: nil, maxResults: nil)
        let item = try XCTUnwrap(page.blobs.first { $0.name == name })
        XCTAssertEqual(item.properties.contentLength, Int64(name.utf8.count))
        XCTAssertEqual(item.properties.lastModified, "Fri, 05 Jan 2024 13:02:11 GMT")
        XCTAssertEqual(item.properties.contentType, "application/json")
        XCTAssertEqual(item.properties.blobType, "BlockBlob")
        let etag = try XCTUnwrap(item.properties.etag)
        XCTAssertTrue(etag.hasPrefix("0x"))
        XCTAssertEqual(etag.count, 34)
        XCTAssertTrue(etag.dropFirst(2).allSatisfy(\.isHexDigit))
        XCTAssertTrue(etag.hasSuffix(String(name.utf8.count, radix: 16, uppercase: true)))

        // Rewriting the file changes the ETag.
        try Data("longer content".utf8).write(to: fixture.root.appendingPathComponent(name))
        let again = try await mirror.listPage(prefix: name, delimiter: nil, marker: nil, maxResults: nil)
        XCTAssertNotEqual(again.blobs.first?.properties.etag, etag)

        let hidden = try await mirror.listPage(prefix: ".DS", delimiter: "/", marker: nil, maxResults: nil)
        XCTAssertEqual(hidden.blobs.first?.properties.contentType, "application/octet-stream")
    }

    func testErrors() async throws {
        XCTAssertThrowsError(try LocalContainerMirror(directory: fixture.root.path + "/missing")) {
            XCTAssertEqual($0 as? LocalMirrorError, .rootNotFound(path: fixture.root.path + "/missing"))
        }
        XCTAssertThrowsError(try LocalContainerMirror(directory: fixture.root.appendingPathComponent("ep1.json").path)) {
            guard case .rootNotADirectory = $0 as? LocalMirrorError else { return XCTFail("\($0)") }
        }
        let mirror = try LocalContainerMirror(directory: fixture.root.path)
        do {
            _ = try await mirror.listPage(prefix: "", delimiter: "/", marker: nil, maxResults: 0)
            XCTFail("maxresults 0 must fail")
        } catch let error as LocalMirrorError {
            XCTAssertEqual(error, .invalidMaxResults(0))
        }
        let clamped = try await mirror.listPage(prefix: "", delimiter: nil, marker: nil, maxResults: 100_000)
        XCTAssertEqual(clamped.blobs.count, LocalMirrorFixture.awkwardNames.count)
    }

    func testWalkerOverTheMirrorEqualsWalkerOverTheReference() async throws {
        let mirror = try LocalContainerMirror(directory: fixture.root.path)
        let overMirror = try await ContainerWalker(lister: mirror).walk(WalkPlan()).collect()
        let overReference = try await ContainerWalker(lister: InMemoryBlobLister(names: LocalMirrorFixture.awkwardNames))
            .walk(WalkPlan()).collect()
        XCTAssertEqual(overMirror.map(\.blobItem.name), overReference.map(\.blobItem.name))
        XCTAssertEqual(overMirror.locations, overReference.locations)
        XCTAssertEqual(overMirror.reason(for: ".DS_Store"), .blobAboveHourFolders(folder: "", level: .container))
        XCTAssertEqual(overMirror.reason(for: "ep1/.DS_Store"), .blobAboveHourFolders(folder: "ep1/", level: .group))
        XCTAssertEqual(overMirror.locations.first { $0.group == "ep%4" }?.fileName, "q.json")
        XCTAssertEqual(overMirror.blobNames.filter { $0.hasPrefix("ep1/2024/1/5/13/") }.count, 9)
    }
}
