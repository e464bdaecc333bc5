import AzureCore
import XCTest
@testable import AzureEmulator

final class SortedBlobIndexTests: XCTestCase {
    private func record(_ name: String) -> BlobRecord {
        let now = Date(timeIntervalSince1970: 1_700_000_000)
        return BlobRecord(name: name, properties: BlobProperties(contentLength: 0, creationTime: now, lastModified: now, etag: "0x1"),
                          metadata: [], tags: [], content: .memory([]))
    }

    private func names(_ page: BlobListingPage) -> [String] {
        page.items.map { item in
            switch item {
            case .blob(let record): return record.name
            case .prefix(let prefix): return "P:" + prefix
            }
        }
    }

    func testOrdersByUTF8BytesAndKeepsCanonicallyEquivalentNamesApart() {
        let composed = "caf\u{E9}"       // é as one scalar: 63 61 66 C3 A9
        let decomposed = "cafe\u{301}"   // e + combining acute: 63 61 66 65 CC 81
        XCTAssertEqual(composed, decomposed, "Swift String equality is canonical; the index must not rely on it")
        let index = SortedBlobIndex(unsorted: [composed, "a/b", "a", "a0", "B", decomposed, "a/"].map(record))
        XCTAssertEqual(index.count, 7)
        XCTAssertEqual(index.allRecords.map { Array($0.name.utf8) },
                       ["B", "a", "a/", "a/b", "a0", decomposed, composed].map { Array($0.utf8) })
        XCTAssertNotNil(index.find(composed))
        XCTAssertEqual(index.find(decomposed).map { Array($0.name.utf8) }, Array(decomposed.utf8))
    }

    func testRandomInsertsAndRemovalsKeepOrderAcrossChunks() {
        var generator = SplitMix64(seed: 5)
        var index = SortedBlobIndex()
        var expected = Set<String>()
        for _ in 0..<6000 {
            let name = "n\(generator.next() % 100_000)"
            index.upsert(record(name))
            expected.insert(name)
        }
        for name in expected.prefix(1000) {
            XCTAssertNotNil(index.remove(name))
        }
        let remaining = Array(expected.dropFirst(1000))
        XCTAssertEqual(index.count, remaining.count)
        XCTAssertGreaterThan(index.chunks.count, 2)
        XCTAssertEqual(index.allRecords.map(\.name), remaining.sorted { ByteOrder.compare($0, $1) < 0 })
        XCTAssertNil(index.remove("absent"))
    }

    func testListingWithPrefixDelimiterAndPaging() {
        let index = SortedBlobIndex(unsorted: ["ep1/2024/1/a.json", "ep1/2024/1/b.json", "ep1/2024/2/c.json", "ep1/top.json",
                                               "ep2/x.json", "readme"].map(record))
        let top = index.list(BlobListingRequest(prefix: "", delimiter: "/", maxResults: 5000))
        XCTAssertEqual(names(top), ["P:ep1/", "P:ep2/", "readme"])
        XCTAssertNil(top.nextName)

        let inside = index.list(BlobListingRequest(prefix: "ep1/", delimiter: "/", maxResults: 5000))
        XCTAssertEqual(names(inside), ["P:ep1/2024/", "ep1/top.json"])

        let firstPage = index.list(BlobListingRequest(prefix: "ep1/2024/", delimiter: "/", maxResults: 1))
        XCTAssertEqual(names(firstPage), ["P:ep1/2024/1/"])
        XCTAssertEqual(firstPage.nextName, "ep1/2024/2/c.json", "the marker names the first blob of the next group")
        let secondPage = index.list(BlobListingRequest(prefix: "ep1/2024/", delimiter: "/", startName: firstPage.nextName, maxResults: 1))
        XCTAssertEqual(names(secondPage), ["P:ep1/2024/2/"])
        XCTAssertNil(secondPage.nextName)

        let flat = index.list(BlobListingRequest(prefix: "ep", maxResults: 2))
        XCTAssertEqual(names(flat), ["ep1/2024/1/a.json", "ep1/2024/1/b.json"])
        XCTAssertEqual(flat.nextName, "ep1/2024/2/c.json")
        XCTAssertEqual(names(index.list(BlobListingRequest(prefix: "zzz", maxResults: 10))), [])
    }

    func testMultiCharacterDelimiter() {
        let index = SortedBlobIndex(unsorted: ["a--b--c", "a--d", "e"].map(record))
        XCTAssertEqual(names(index.list(BlobListingRequest(delimiter: "--", maxResults: 10))), ["P:a--", "e"])
    }
}

final class ListMarkerTests: XCTestCase {
    func testMarkerHasAzuresShape() {
        // Fixtures/listings/paged-1-nextmarker.xml: the page ended before blob-for-list-2.
        XCTAssertEqual(ListMarker.encode(nextName: "blob-for-list-2"),
                       "2!80!MDAwMDE1IWJsb2ItZm9yLWxpc3QtMiEwMDAwMjghOTk5OS0xMi0zMVQyMzo1OTo1OS45OTk5OTk5WiE-")
        XCTAssertEqual(ListMarker.decode("2!100!MDAwMDMxIWJsb2ItZm9yLWRlbGltaXRlcnMtL2RpcjIvZS50eHQhMDAwMDI4ITk5OTktMTItMzFUMjM6NTk6NTkuOTk5OTk5OVoh"),
                       "blob-for-delimiters-/dir2/e.txt")
    }

    func testRoundTripsAnyName() {
        for name in ["a", "dir/ünï cödé/测试.json", "x!y!z", "\u{FFFF}odd", String(repeating: "n", count: 1024)] {
            XCTAssertEqual(ListMarker.decode(ListMarker.encode(nextName: name)), name)
        }
    }

    func testRejectsForeignMarkers() {
        XCTAssertNil(ListMarker.decode("garbage"))
        XCTAssertNil(ListMarker.decode("2!5!abcde"))
        XCTAssertNil(ListMarker.decode("2!80!MDAwMDE1IWJsb2ItZm9yLWxpc3QtMiEwMDAwMjghOTk5OS0xMi0zMVQyMzo1OTo1OS45OTk5OTk5WiE"))
    }
}

final class HeaderParsingTests: XCTestCase {
    func testByteRanges() {
        XCTAssertEqual(ByteRangeHeader("bytes=0-4"), ByteRangeHeader(start: 0, end: 4))
        XCTAssertEqual(ByteRangeHeader("bytes=10-"), ByteRangeHeader(start: 10, end: nil))
        XCTAssertNil(ByteRangeHeader("bytes=-5"), "suffix ranges are ignored, as Azure does")
        XCTAssertNil(ByteRangeHeader("bytes=0-1,4-5"))
        XCTAssertNil(ByteRangeHeader("bytes=5-2"))
        XCTAssertEqual(ByteRangeHeader(start: 2, end: 100).resolved(length: 10), 2...9)
        XCTAssertNil(ByteRangeHeader(start: 10, end: nil).resolved(length: 10))
        XCTAssertNil(ByteRangeHeader(start: 0, end: 33_554_431).resolved(length: 0), "an empty blob has no satisfiable range")
    }

    func testSASTimes() {
        XCTAssertEqual(SASTime.parse("2024-01-05T13:00:00Z"), Date(timeIntervalSince1970: 1_704_459_600))
        XCTAssertEqual(SASTime.parse("2024-01-05T13:00Z"), Date(timeIntervalSince1970: 1_704_459_600))
        XCTAssertEqual(SASTime.parse("2024-01-05"), Date(timeIntervalSince1970: 1_704_412_800))
        XCTAssertEqual(SASTime.parse("2024-01-05T13:00:00.5000000Z")!.timeIntervalSince1970, 1_704_459_600.5, accuracy: 0.0001)
        XCTAssertNil(SASTime.parse("2024-01-05 13:00:00"))
        XCTAssertNil(SASTime.parse("yesterday"))
    }

    func testETagConditions() {
        XCTAssertTrue(ConditionalHeaders.matches("\"0x8DC\"", etag: "0x8DC"))
        XCTAssertTrue(ConditionalHeaders.matches("*", etag: "0x1"))
        XCTAssertTrue(ConditionalHeaders.matches("\"0x1\", \"0x2\"", etag: "0x2"))
        XCTAssertFalse(ConditionalHeaders.matches("\"0x1\"", etag: "0x2"))
    }

    func testTimestampsLookLikeAzures() {
        let date = Date(timeIntervalSince1970: 1_560_417_767.3391351)
        XCTAssert(AzureTimestamp.iso8601(date).hasPrefix("2019-06-13T09:22:47.339"))
        XCTAssertEqual(AzureTimestamp.iso8601(date).count, "2019-06-13T09:22:47.3391351Z".count)
        XCTAssert(AzureTimestamp.etag(ticks: AzureTimestamp.ticks(Date(timeIntervalSince1970: 1_704_459_600))).hasPrefix("0x8DC"))
        // The first blob of Fixtures/listings/flat-full-properties.xml: Last-Modified 16:10:21, ETag 0x8D7093EEFDD4056.
        let modified = AzureTimestamp.ticks(HTTPDate.parse("Mon, 15 Jul 2019 16:10:21 GMT")!)
        XCTAssert((modified..<(modified + 10_000_000)).contains(0x8D70_93EE_FDD4_056))
    }

    func testTagsBodyRoundTrip() throws {
        let tags = [BlobKeyValue(name: "replayed", value: "2024-01-05"), BlobKeyValue(name: "a b", value: "x=y/z")]
        XCTAssertEqual(try BlobTagsXML.parse(BlobTagsXML.document(tags)), tags)
        XCTAssertEqual(try BlobTagsXML.parse(Array("<Tags><TagSet/></Tags>".utf8)), [])
        XCTAssertThrowsError(try BlobTagsXML.parse(Array("not xml".utf8)))
        XCTAssertEqual(try BlobTagsXML.parse(Array("<?xml version=\"1.0\"?>\n<Tags>\n <TagSet>\n  <Tag><Key>k&amp;</Key><Value>&#x41;</Value></Tag>\n </TagSet>\n</Tags>".utf8)),
                       [BlobKeyValue(name: "k&", value: "A")])
    }
}
