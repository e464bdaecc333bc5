import XCTest
@testable import DeadLetterKit

/// Malformed, truncated and unusual bodies: typed errors naming the request, never a crash.
final class ListBlobsReaderRobustnessTests: XCTestCase {
    private let request = BlobRequestSummary(method: "GET", url: "https://acct.blob.core.windows.net/dl?restype=container&comp=list&sv=2021-12-02&sig=TOPSECRET")

    private func parse(_ text: String) throws -> ListBlobsResult {
        try ListBlobsReader.parse(Array(text.utf8), request: request)
    }

    func testTruncatedBodyIsAMalformedErrorWithLibxmlPosition() throws {
        let full = try ListingFixtures.bytes("flat-full-properties.xml")
        for cut in [10, 200, full.count / 2, full.count - 5] {
            do {
                _ = try ListBlobsReader.parse(Array(full.prefix(cut)), request: request)
                XCTFail("a body cut at \(cut) must not parse")
            } catch {
                guard case .malformed(let document, let requestText, let reason, let line, _) = error else {
                    return XCTFail("\(error)")
                }
                XCTAssertEqual(document, "List Blobs response")
                XCTAssertTrue(requestText.hasPrefix("GET https://acct.blob.core.windows.net/dl?"))
                XCTAssertFalse(reason.isEmpty)
                XCTAssertGreaterThanOrEqual(line, 1)
                XCTAssertFalse(error.description.contains("TOPSECRET"), error.description)
                XCTAssertTrue(error.description.contains("sig=REDACTED"), error.description)
            }
        }
    }

    func testMismatchedTagsReportLibxmlMessage() {
        XCTAssertThrowsError(try parse("<EnumerationResults><Blobs><Blob><Name>a</Blob></Blobs></EnumerationResults>")) { error in
            guard case .malformed(_, _, let reason, let line, _) = error as? StorageXMLError else { return XCTFail("\(error)") }
            XCTAssertTrue(reason.contains("mismatch") || reason.contains("Opening and ending tag"), reason)
            XCTAssertFalse(reason.contains("line 0"), "libxml2's SAX1 mode does not know where <Name> opened: \(reason)")
            XCTAssertEqual(line, 1)
        }
    }

    func testEmptyBody() {
        XCTAssertThrowsError(try parse("")) { error in
            guard case .malformed(_, _, let reason, _, _) = error as? StorageXMLError else { return XCTFail("\(error)") }
            XCTAssertEqual(reason, "the body is empty")
        }
    }

    func testGarbageAndHTML() {
        XCTAssertThrowsError(try parse("\u{0}\u{1}binary garbage"))
        XCTAssertThrowsError(try parse("<html><body>Bad gateway</body></html>")) { error in
            guard case .unexpectedDocument(_, _, let reason) = error as? StorageXMLError else { return XCTFail("\(error)") }
            XCTAssertEqual(reason, "expected <EnumerationResults>, found <html>")
        }
    }

    func testAnErrorBodyWhereAListingWasExpected() throws {
        let body = try ListingFixtures.bytes("errors/container-not-found.xml")
        XCTAssertThrowsError(try ListBlobsReader.parse(body, request: request)) { error in
            guard case .unexpectedDocument(_, _, let reason) = error as? StorageXMLError else { return XCTFail("\(error)") }
            XCTAssertTrue(reason.contains("<Error>"), reason)
        }
    }

    func testUnknownElementsAtAnyDepthAreIgnored() throws {
        let xml = """
        <?xml version="1.0" encoding="utf-8"?>
        <EnumerationResults ContainerName="dl" NewAttribute="x">
          <Future><Name>not-a-blob</Name><Blob><Name>nested-not-a-blob</Name></Blob></Future>
          <Blobs>
            <Hologram><Name>nope</Name></Hologram>
            <Blob>
              <Name>ep1/2024/1/5/13/a.json</Name>
              <Unknown><Deep><Name>still-not</Name></Deep></Unknown>
              <Properties>
                <Etag>0x1</Etag><NewProperty><Etag>0x2</Etag></NewProperty>
                <Content-Length>12</Content-Length>
              </Properties>
              <Metadata><origin>adt</origin></Metadata>
              <Tags><TagSet><Tag><Key>k</Key><Value>v</Value><Extra>e</Extra></Tag></TagSet><Other/></Tags>
            </Blob>
          </Blobs>
          <NextMarker/>
          <Trailer>ignored</Trailer>
        </EnumerationResults>
        """
        let result = try parse(xml)
        XCTAssertEqual(result.containerName, "dl")
        XCTAssertEqual(result.page.blobs, [BlobItem(name: "ep1/2024/1/5/13/a.json",
                                                    properties: BlobProperties(etag: "0x1", contentLength: 12),
                                                    metadata: ["origin": "adt"], tags: ["k": "v"])])
        XCTAssertNil(result.page.nextMarker)
    }

    /// Elements are recognised by libxml2's interned name pointers: names that differ only in case or by a character,
    /// and a known name in the wrong place, must still be told apart.
    func testNearMissAndMisplacedNamesAreNotMistakenForKnownElements() throws {
        let xml = """
        <EnumerationResults><Blobs><Blob><Name>a.json</Name><Names>no</Names><name>no</name>\
        <Properties><ETag>no</ETag><Etag>0x1</Etag><EtagX>no</EtagX><Blob-Type>no</Blob-Type><Name>no</Name>\
        <Content-length>7</Content-length></Properties>\
        <Metadata><Etag>metadata-etag</Etag><Name>metadata-name</Name></Metadata>\
        <Tags><TagSet><Tag><Key>k</Key><Value>v</Value><Name>no</Name></Tag></TagSet></Tags></Blob>\
        <Etag>no</Etag><BlobPrefix><Name>p/</Name><Properties>no</Properties></BlobPrefix></Blobs>\
        <Name>no</Name><NextMarker>m</NextMarker></EnumerationResults>
        """
        let result = try parse(xml)
        XCTAssertEqual(result.page.blobs, [BlobItem(name: "a.json", properties: BlobProperties(etag: "0x1"),
                                                    metadata: ["Etag": "metadata-etag", "Name": "metadata-name"],
                                                    tags: ["k": "v"])])
        XCTAssertEqual(result.page.blobPrefixes, ["p/"])
        XCTAssertEqual(result.page.nextMarker, "m")
    }

    /// The reader uses libxml2's SAX1 callbacks (no namespace processing, which List Blobs never uses): a prefixed
    /// element is an unknown element, skipped with its content, whatever its local name; an undeclared prefix is not
    /// an error; namespace declarations change nothing else, and references in attribute values are replaced.
    func testNamespacePrefixedElementsAreUnknownAndAttributesAreDecoded() throws {
        let xml = """
        <EnumerationResults xmlns:x="urn:example" ServiceEndpoint="https://a.blob.core.windows.net/?a=1&amp;b=2" \
        ContainerName="d&#108;&#38;#38;"><x:Prefix>no</x:Prefix><Blobs><x:Blob><Name>foreign</Name></x:Blob>\
        <y:Blob><Name>undeclared</Name></y:Blob><Blob><Name Encoded="tr&#117;e">a%2Fb</Name><Properties>\
        <x:Etag>no</x:Etag><Etag>0x1</Etag></Properties></Blob></Blobs><NextMarker/></EnumerationResults>
        """
        let result = try parse(xml)
        XCTAssertEqual(result.serviceEndpoint, "https://a.blob.core.windows.net/?a=1&b=2")
        XCTAssertEqual(result.containerName, "dl&#38;")  // `&#38;#38;` is an escaped `&` followed by `#38;`
        XCTAssertNil(result.prefix)
        XCTAssertEqual(result.page.blobs, [BlobItem(name: "a/b", properties: BlobProperties(etag: "0x1"))])
    }

    func testEntitiesCharacterReferencesAndCDATA() throws {
        let xml = "<EnumerationResults><Blobs><Blob><Name>a&amp;b&lt;c&gt;d&quot;e&apos;f&#x20AC;&#37;2B<![CDATA[<raw>]]></Name></Blob></Blobs><NextMarker>m&amp;1</NextMarker></EnumerationResults>"
        let result = try parse(xml)
        XCTAssertEqual(result.page.blobs.map(\.name), ["a&b<c>d\"e'f€%2B<raw>"])
        XCTAssertEqual(result.page.nextMarker, "m&1")
    }

    func testEncodedAttributeOnlyDecodesWhenTrue() throws {
        let xml = "<EnumerationResults><Blobs><Blob><Name Encoded=\"false\">a%2Fb</Name></Blob><Blob><Name Encoded=\"true\">a%2Fb%20c%E2%82%AC</Name></Blob></Blobs></EnumerationResults>"
        XCTAssertEqual(try parse(xml).page.blobs.map(\.name), ["a%2Fb", "a/b c€"])
    }

    func testUserDefinedEntitiesAreNotExpanded() {
        // A DTD-declared entity must not be expanded (no "billion laughs"); the document is rejected instead.
        let xml = "<?xml version=\"1.0\"?><!DOCTYPE r [<!ENTITY a \"aaaaaaaaaa\"><!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;\">]><EnumerationResults><Prefix>&b;</Prefix></EnumerationResults>"
        do {
            let result = try parse(xml)
            XCTAssertNotEqual(result.prefix, String(repeating: "a", count: 80))
        } catch {
            XCTAssertTrue(error is StorageXMLError)
        }
    }

    func testContentLengthThatIsNotANumber() throws {
        let xml = "<EnumerationResults><Blobs><Blob><Name>x</Name><Properties><Content-Length>12a</Content-Length></Properties></Blob><Blob><Name>y</Name><Properties><Content-Length>99999999999999999999999</Content-Length></Properties></Blob></Blobs></EnumerationResults>"
        XCTAssertEqual(try parse(xml).page.blobs.map(\.properties.contentLength), [nil, nil])
    }

    func testBOMSplitAcrossChunks() throws {
        let bytes = try ListingFixtures.bytes("include-tags.xml")
        let reader = ListBlobsReader(request: request)
        try reader.consume(Array(bytes[0..<1]))
        try reader.consume(Array(bytes[1..<2]))
        try reader.consume(Array(bytes[2..<5]))
        try reader.consume(Array(bytes[5...]))
        XCTAssertEqual(try reader.finish().page.blobs.first?.tags.count, 3)
    }

    func testErrorBodies() throws {
        let failed = try StorageErrorBody.parse(try ListingFixtures.bytes("errors/authentication-failed.xml"), request: request)
        XCTAssertEqual(failed.code, "AuthenticationFailed")
        XCTAssertEqual(failed.summary, "Server failed to authenticate the request. Make sure the value of Authorization header is formed correctly including the signature.")
        XCTAssertEqual(failed.requestID, "f3148e2d-001a-000c-70c9-219460000000")
        XCTAssertEqual(failed.authenticationErrorDetail, "Signature not valid in the specified time frame: Start [Thu, 13 Jun 2019 16:18:02 GMT] - Expiry [Fri, 14 Jun 2019 16:23:02 GMT] - Current [Thu, 13 Jun 2019 09:22:47 GMT]")

        let expectations: [(String, String, String)] = [
            ("errors/authorization-permission-mismatch.xml", "AuthorizationPermissionMismatch", "This request is not authorized to perform this operation using this permission."),
            ("errors/authorization-resource-type-mismatch.xml", "AuthorizationResourceTypeMismatch", "This request is not authorized to perform this operation using this resource type."),
            ("errors/container-not-found.xml", "ContainerNotFound", "The specified container does not exist."),
            ("errors/no-authentication-information.xml", "NoAuthenticationInformation", "Server failed to authenticate the request. Please refer to the information in the www-authenticate header."),
        ]
        for (file, code, summary) in expectations {
            let body = try StorageErrorBody.parse(try ListingFixtures.bytes(file), request: request)
            XCTAssertEqual(body.code, code, file)
            XCTAssertEqual(body.summary, summary, file)
            XCTAssertNil(body.authenticationErrorDetail, file)
            XCTAssertNotNil(body.requestID, file)
        }
        let extra = try StorageErrorBody.parse(Array("<Error><Code>InvalidHeaderValue</Code><Message>m</Message><HeaderName>x-ms-version</HeaderName></Error>".utf8), request: request)
        XCTAssertEqual(extra.details, ["HeaderName": "x-ms-version"])
        XCTAssertThrowsError(try StorageErrorBody.parse(Array("<Error><Code>X".utf8), request: request)) { error in
            guard case .malformed(let document, _, let reason, let line, _) = error as? StorageXMLError else { return XCTFail("\(error)") }
            XCTAssertEqual(document, "error response")
            XCTAssertTrue(reason.hasSuffix("(at byte 13 of the body)"), reason)
            XCTAssertEqual(line, 1)
        }
        XCTAssertThrowsError(try StorageErrorBody.parse(Array("<EnumerationResults/>".utf8), request: request)) { error in
            guard case .unexpectedDocument(let document, _, let reason) = error as? StorageXMLError else { return XCTFail("\(error)") }
            XCTAssertEqual(document, "error response")
            XCTAssertEqual(reason, "expected <Error>, found <EnumerationResults>")
        }
    }
}
