import XCTest
@testable import DeadLetterKit

/// The SAX2 callbacks are what the reader falls back to on a libxml2 built without SAX1. They must read every
/// listing the way the SAX1 callbacks do; only namespaced element names differ (SAX2 sees their local names).
final class ListBlobsReaderSAX2FallbackTests: XCTestCase {
    private let request = BlobRequestSummary(method: "GET", url: "https://acct.blob.core.windows.net/c?restype=container&comp=list")

    private func parseWithSAX2(_ bytes: [UInt8], chunkSize: Int = .max) throws -> ListBlobsResult {
        let reader = ListBlobsReader(request: request, callbacks: .sax2)
        var start = 0
        while start < bytes.count {
            let end = start + Swift.min(chunkSize, bytes.count - start)
            try reader.consume(Array(bytes[start..<end]))
            start = end
        }
        return try reader.finish()
    }

    func testEveryFixtureReadsTheSameWithTheSAX2Callbacks() throws {
        let names = try ListingFixtures.allListingNames()
        XCTAssertFalse(names.isEmpty)
        for name in names {
            let bytes = try ListingFixtures.bytes(name)
            let preferred = try ListBlobsReader.parse(bytes, request: request)
            XCTAssertEqual(try parseWithSAX2(bytes), preferred, name)
            XCTAssertEqual(try parseWithSAX2(bytes, chunkSize: 7), preferred, "\(name) in 7-byte chunks")
        }
    }

    func testAttributesEntitiesAndCDATAWithTheSAX2Callbacks() throws {
        let xml = """
        <EnumerationResults ServiceEndpoint="https://a.blob.core.windows.net/?a=1&amp;b=2" ContainerName="d&#108;"><Blobs>\
        <Blob><Name Encoded="tr&#117;e">a%2Fb</Name><Properties><Etag>0x1</Etag></Properties></Blob>\
        <Blob><Name>a&amp;b&lt;c&#x20AC;<![CDATA[<raw>]]></Name></Blob></Blobs><NextMarker>m&amp;1</NextMarker></EnumerationResults>
        """
        let result = try parseWithSAX2(Array(xml.utf8))
        XCTAssertEqual(result, try ListBlobsReader.parse(Array(xml.utf8), request: request))
        XCTAssertEqual(result.serviceEndpoint, "https://a.blob.core.windows.net/?a=1&b=2")
        XCTAssertEqual(result.containerName, "dl")
        XCTAssertEqual(result.page.blobs.map(\.name), ["a/b", "a&b<c€<raw>"])
        XCTAssertEqual(result.page.nextMarker, "m&1")
    }

    func testMalformedBodiesFailTheSameWay() {
        for xml in ["<EnumerationResults><Blobs><Blob><Name>a</Blob></Blobs></EnumerationResults>",
                    "<Error><Code>AuthenticationFailed</Code></Error>", "<EnumerationResults><Blobs>"] {
            let bytes = Array(xml.utf8)
            let sax2 = Result { try parseWithSAX2(bytes) }
            let preferred = Result { try ListBlobsReader.parse(bytes, request: request) }
            guard case .failure(let sax2Error) = sax2, case .failure(let preferredError) = preferred else {
                XCTFail("\(xml) parsed: SAX2 \(sax2), SAX1 \(preferred)")
                continue
            }
            // SAX2 knows the line the open element started on; SAX1 does not, and the message then leaves it out.
            XCTAssertEqual("\(sax2Error)".replacingOccurrences(of: "Name line 1 and", with: "Name and"), "\(preferredError)", xml)
        }
    }
}
