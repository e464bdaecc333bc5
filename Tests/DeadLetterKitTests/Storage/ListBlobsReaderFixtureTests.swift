import XCTest
@testable import DeadLetterKit

/// Every real List Blobs body in Fixtures/listings, parsed with exact field assertions.
final class ListBlobsReaderFixtureTests: XCTestCase {
    private let request = BlobRequestSummary(method: "GET", url: "https://acct.blob.core.windows.net/c?restype=container&comp=list&sig=SECRET")

    private func parse(_ name: String) throws -> ListBlobsResult {
        try ListBlobsReader.parse(try ListingFixtures.bytes(name), request: request)
    }

    func testEveryFixtureStartsWithABOMAndParses() throws {
        let names = try ListingFixtures.allListingNames()
        XCTAssertEqual(names.count, 12)
        for name in names {
            let bytes = try ListingFixtures.bytes(name)
            XCTAssertEqual(Array(bytes.prefix(3)), [0xEF, 0xBB, 0xBF], name)
            XCTAssertNoThrow(try ListBlobsReader.parse(bytes, request: request), name)
        }
    }

    func testFlatFullProperties() throws {
        let result = try parse("flat-full-properties.xml")
        XCTAssertEqual(result.serviceEndpoint, "https://gocloudblobtests.blob.core.windows.net/")
        XCTAssertEqual(result.containerName, "go-cloud-bucket")
        XCTAssertEqual(result.prefix, "blob-for-list")
        XCTAssertEqual(result.maxResults, 1000)
        XCTAssertNil(result.marker)
        XCTAssertNil(result.delimiter)
        XCTAssertNil(result.page.nextMarker)
        XCTAssertEqual(result.page.blobPrefixes, [])
        XCTAssertEqual(result.page.blobs.map(\.name), ["blob-for-list-0", "blob-for-list-1", "blob-for-list-2"])
        let first = result.page.blobs[0]
        XCTAssertEqual(first.properties, BlobProperties(
            lastModified: "Mon, 15 Jul 2019 16:10:21 GMT", creationTime: "Mon, 15 Jul 2019 16:10:21 GMT",
            etag: "0x8D7093EEFDD4056", contentLength: 5, contentType: "text/plain; charset=utf-8",
            contentMD5: "XUFAKrxLKna5cZ2REBfFkg==", blobType: "BlockBlob", accessTier: "Hot"))
        XCTAssertEqual(first.metadata, [:])
        XCTAssertEqual(first.tags, [:])
        XCTAssertEqual(result.page.blobs[1].properties.lastModified, "Thu, 12 Oct 2023 17:42:04 GMT")
        XCTAssertEqual(result.page.blobs[1].properties.etag, "0x8DBCB4A8C6991C0")
        XCTAssertEqual(result.page.blobs[2].properties.etag, "0x8D7093EEFE22339")
    }

    func testDelimiterListingHasPrefixesAndABlob() throws {
        let result = try parse("delimiter-blobprefix.xml")
        XCTAssertEqual(result.prefix, "blob-for-delimiters-/")
        XCTAssertEqual(result.delimiter, "/")
        XCTAssertEqual(result.page.blobPrefixes, ["blob-for-delimiters-/dir1/", "blob-for-delimiters-/dir2/"])
        XCTAssertEqual(result.page.blobs.map(\.name), ["blob-for-delimiters-/f.txt"])
        XCTAssertEqual(result.page.blobs[0].properties.etag, "0x8D7093EF082ED46")
        XCTAssertEqual(result.page.blobs[0].properties.contentLength, 5)
        XCTAssertNil(result.page.nextMarker)
    }

    func testShortPageWithOnlyAPrefixStillCarriesTheMarker() throws {
        let result = try parse("delimiter-page1-prefix-only-nextmarker.xml")
        XCTAssertEqual(result.maxResults, 1)
        XCTAssertEqual(result.page.blobs, [])
        XCTAssertEqual(result.page.blobPrefixes, ["blob-for-delimiters-/dir1/"])
        XCTAssertEqual(result.page.nextMarker,
                       "2!100!MDAwMDMxIWJsb2ItZm9yLWRlbGltaXRlcnMtL2RpcjIvZS50eHQhMDAwMDI4ITk5OTktMTItMzFUMjM6NTk6NTkuOTk5OTk5OVoh")
    }

    func testEmptyListing() throws {
        let result = try parse("empty.xml")
        XCTAssertEqual(result.prefix, "no-objects-with-this-prefix")
        XCTAssertEqual(result.page, ListBlobsPage())
    }

    func testEncodedNameIsPercentDecoded() throws {
        let result = try parse("encoded-name-flat.xml")
        XCTAssertEqual(result.page.blobs.map(\.name), ["aaaaabbb/c", "aaaaa\u{FFFF}bbb/ccc"])
        XCTAssertEqual(result.page.blobs[1].properties.etag, "0x8DA56604EA67E90")
        XCTAssertEqual(result.page.blobs[1].properties.contentLength, 0)
        XCTAssertEqual(result.page.blobs[1].properties.contentMD5, "1B2M2Y8AsgTpgAmY7PhCfg==")
        XCTAssertEqual(result.page.blobs[1].properties.contentType, "application/octet-stream")
    }

    func testEncodedPrefixIsPercentDecoded() throws {
        let result = try parse("encoded-prefix-delimiter.xml")
        XCTAssertEqual(result.delimiter, "/")
        XCTAssertEqual(result.page.blobPrefixes, ["a b c /", "aaaaabbb/", "aaaaa\u{FFFF}bbb/"])
        XCTAssertEqual(result.page.blobs, [])
    }

    func testPagedListing() throws {
        let first = try parse("paged-1-nextmarker.xml")
        XCTAssertEqual(first.maxResults, 2)
        XCTAssertEqual(first.page.blobs.map(\.name), ["blob-for-list-0", "blob-for-list-1"])
        let marker = "2!80!MDAwMDE1IWJsb2ItZm9yLWxpc3QtMiEwMDAwMjghOTk5OS0xMi0zMVQyMzo1OTo1OS45OTk5OTk5WiE-"
        XCTAssertEqual(first.page.nextMarker, marker)
        let second = try parse("paged-2-final-with-marker.xml")
        XCTAssertEqual(second.marker, marker)
        XCTAssertEqual(second.page.blobs.map(\.name), ["blob-for-list-2"])
        XCTAssertNil(second.page.nextMarker)
    }

    func testMetadata() throws {
        let result = try parse("include-metadata.xml")
        XCTAssertEqual(result.page.blobs.map(\.name), ["blob1", "blob2"])
        XCTAssertEqual(result.page.blobs[0].metadata, ["number": "1", "name": "bob"])
        XCTAssertEqual(result.page.blobs[1].metadata, ["number": "2", "name": "car"])
        XCTAssertEqual(result.page.blobs[0].properties.contentLength, 11)
        XCTAssertEqual(result.page.blobs[0].properties.contentMD5, "XrY7u+Ae7tCTyyK7j1rNww==")
        XCTAssertEqual(result.page.blobs[1].properties.etag, "0x8D6D4195CA8D81B")
    }

    func testTags() throws {
        let result = try parse("include-tags.xml")
        XCTAssertEqual(result.page.blobs.count, 1)
        let blob = result.page.blobs[0]
        XCTAssertEqual(blob.name, "blobblobcontainerclienttesttags")
        XCTAssertEqual(blob.tags, ["kblobcontainerclienttesttags1": "blobcontainerclienttesttags2",
                                   "kblobcontainerclienttesttags3": "blobcontainerclienttesttags4",
                                   "kblobcontainerclienttesttags5": "blobcontainerclienttesttags6"])
        XCTAssertEqual(blob.properties.blobType, "AppendBlob")
        XCTAssertNil(blob.properties.accessTier)
        XCTAssertNil(blob.properties.contentMD5, "an empty <Content-MD5 /> is absent")
        XCTAssertEqual(blob.metadata, [:])
    }

    func testVersionsAndSnapshotsAreListedAsSeparateRows() throws {
        let result = try parse("include-versions.xml")
        XCTAssertEqual(result.page.blobs.count, 5)
        XCTAssertEqual(Set(result.page.blobs.map(\.name)), ["blobblobcontainerclienttestlistblobsotherstuff"])
        XCTAssertEqual(result.page.blobs.map(\.properties.etag), ["0x8D9C0E3E5ED9A9D", "0x8D9C0E3E5F2F108", "0x8D9C0E3E5F2F108",
                                                                 "0x8D9C0E3E5F2F108", "0x8D9C0E3E5F90A9D"])
        XCTAssertEqual(result.page.blobs.map(\.metadata), [[:], [:], [:], [:], ["k1": "v1"]])
        XCTAssertEqual(result.page.blobs[4].properties.contentLength, 1)
    }

    func testEntitiesAndRawUTF8() throws {
        let result = try parse("special-chars-utf8-name.xml")
        let name = "a b c / !@#$%^&*(?/<>,.;:'\"[]{}|`~) def测试blobcontainerclienttestspecialblobname"
        XCTAssertEqual(result.prefix, name)
        XCTAssertEqual(result.page.blobs.map(\.name), [name])
        XCTAssertEqual(result.page.blobs[0].properties.etag, "0x8DA56604B35A589")
    }

    /// Feeding the body one byte at a time (the worst network chunking) gives the same result, BOM included.
    func testByteByByteFeedingMatchesWholeBody() throws {
        for name in try ListingFixtures.allListingNames() {
            let bytes = try ListingFixtures.bytes(name)
            let reader = ListBlobsReader(request: request)
            for byte in bytes { try reader.consume([byte]) }
            XCTAssertEqual(try reader.finish(), try parse(name), name)
        }
    }
}
