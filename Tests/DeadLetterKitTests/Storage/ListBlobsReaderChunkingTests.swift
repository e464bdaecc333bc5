import XCTest
@testable import DeadLetterKit

/// The reader hands the C state machine's records to Swift in batches (after each chunk, and mid-chunk once enough
/// entries have gathered) and keeps an element's text across chunk boundaries: a page read whole and the same page
/// read in chunks of any size must give the same result, field for field.
final class ListBlobsReaderChunkingTests: XCTestCase {
    private let request = BlobRequestSummary(method: "GET", url: "https://acct.blob.core.windows.net/dl?restype=container&comp=list")

    /// Many entries (several batches), every kind of value, entities and Encoded names in the middle of them.
    private static func largePage(blobs: Int) -> (xml: String, expected: ListBlobsResult) {
        var xml = "\u{FEFF}<?xml version=\"1.0\" encoding=\"utf-8\"?><EnumerationResults ServiceEndpoint=\"https://a.blob.core.windows.net/\" ContainerName=\"dl\">"
        xml += "<Prefix>ep/</Prefix><Marker>m0</Marker><MaxResults>5000</MaxResults><Delimiter>/</Delimiter><Blobs>"
        var expected = ListBlobsResult(serviceEndpoint: "https://a.blob.core.windows.net/", containerName: "dl",
                                       prefix: "ep/", marker: "m0", maxResults: 5000, delimiter: "/")
        for index in 0..<blobs {
            if index % 37 == 5 {
                xml += "<BlobPrefix><Name>ep/folder-\(index)/</Name></BlobPrefix>"
                expected.page.blobPrefixes.append("ep/folder-\(index)/")
            }
            let name: String
            if index % 11 == 3 {
                xml += "<Blob><Name Encoded=\"true\">ep%2Fweird%20\(index)%E2%82%AC</Name>"
                name = "ep/weird \(index)€"
            } else {
                xml += "<Blob><Name>ep/a&amp;b&lt;\(index)&gt;.json</Name>"
                name = "ep/a&b<\(index)>.json"
            }
            let etag = "0x8DF4C1AB6D3\(String(format: "%05X", index))"
            xml += "<Properties><Creation-Time>Fri, 27 Nov 2026 00:09:33 GMT</Creation-Time>"
            xml += "<Last-Modified>Fri, 27 Nov 2026 00:\(String(format: "%02d", index % 60)):33 GMT</Last-Modified>"
            xml += "<Etag>\(etag)</Etag><Content-Length>\(index * 13)</Content-Length>"
            xml += "<Content-Type>application/json</Content-Type><Content-Encoding /><Content-MD5>md5-\(index)==</Content-MD5>"
            xml += "<BlobType>BlockBlob</BlobType><AccessTier>\(index % 2 == 0 ? "Hot" : "Cool")</AccessTier>"
            xml += "<LeaseStatus>unlocked</LeaseStatus></Properties>"
            var item = BlobItem(name: name, properties: BlobProperties(
                lastModified: "Fri, 27 Nov 2026 00:\(String(format: "%02d", index % 60)):33 GMT",
                creationTime: "Fri, 27 Nov 2026 00:09:33 GMT", etag: etag, contentLength: Int64(index * 13),
                contentType: "application/json", contentMD5: "md5-\(index)==", blobType: "BlockBlob",
                accessTier: index % 2 == 0 ? "Hot" : "Cool"))
            if index % 3 == 0 {
                xml += "<Metadata><origin>adt</origin><seq>\(index)</seq></Metadata>"
                item.metadata = ["origin": "adt", "seq": "\(index)"]
            }
            if index % 4 == 1 {
                xml += "<Tags><TagSet><Tag><Key>k\(index)</Key><Value>v &quot;\(index)&quot;</Value></Tag>"
                xml += "<Tag><Key>second</Key><Value><![CDATA[<x>]]></Value></Tag></TagSet></Tags>"
                item.tags = ["k\(index)": "v \"\(index)\"", "second": "<x>"]
            }
            xml += "<OrMetadata /></Blob>"
            expected.page.blobs.append(item)
        }
        xml += "</Blobs><NextMarker>2!next&amp;marker</NextMarker></EnumerationResults>"
        expected.page.nextMarker = "2!next&marker"
        return (xml, expected)
    }

    func testAWholePageAndTheSamePageInChunksGiveTheSameResult() throws {
        let (xml, expected) = Self.largePage(blobs: 700)
        let bytes = Array(xml.utf8)
        let whole = try ListBlobsReader.parse(bytes, request: request)
        XCTAssertEqual(whole.page.blobs.count, 700)
        XCTAssertEqual(whole, expected)
        for chunkSize in [1, 2, 7, 100, 4096, 65_536] {
            let chunked = try ListBlobsReader.parse(bytes, chunkSize: chunkSize, request: request).get()
            XCTAssertEqual(chunked, whole, "chunks of \(chunkSize)")
        }
    }

    func testEveryFixtureGivesTheSameResultInChunks() throws {
        for name in try ListingFixtures.allListingNames() {
            let bytes = try ListingFixtures.bytes(name)
            let whole = try ListBlobsReader.parse(bytes, request: request)
            for chunkSize in [1, 3, 64] {
                let chunked = try ListBlobsReader.parse(bytes, chunkSize: chunkSize, request: request).get()
                XCTAssertEqual(chunked, whole, "\(name) in chunks of \(chunkSize)")
            }
        }
    }

    /// A value whose text reaches the C state machine in many pieces, across chunks and batches, arrives whole.
    func testAnElementTextSplitAcrossManyChunksArrivesWhole() throws {
        let longName = String(repeating: "segment/", count: 2_000) + "end.json"
        let xml = "<EnumerationResults><Blobs><Blob><Name>\(longName)</Name></Blob></Blobs><NextMarker/></EnumerationResults>"
        let result = try ListBlobsReader.parse(Array(xml.utf8), chunkSize: 5, request: request).get()
        XCTAssertEqual(result.page.blobs.map(\.name), [longName])
        XCTAssertNil(result.page.nextMarker)
    }
}
