import AzureCore
import XCTest
@testable import AzureEmulator

/// The emulator's List Blobs and error bodies against the real Azure answers in Fixtures/listings/.
final class ListingFixtureTests: XCTestCase {
    private let goCloud = "https://gocloudblobtests.blob.core.windows.net/"

    private func record(_ name: String, created: String, etag: String, length: Int64 = 5, type: String = "text/plain; charset=utf-8",
                        md5: String? = "XUFAKrxLKna5cZ2REBfFkg==", metadata: [BlobKeyValue] = [], tags: [BlobKeyValue] = []) -> BlobRecord {
        let date = HTTPDate.parse(created)!
        return BlobRecord(name: name, properties: BlobProperties(contentLength: length, contentType: type, contentMD5: md5, creationTime: date,
                                                                lastModified: date, etag: etag),
                          metadata: metadata, tags: tags, content: .memory([]))
    }

    private var goCloudList: SortedBlobIndex {
        SortedBlobIndex(unsorted: [
            record("blob-for-list-0", created: "Mon, 15 Jul 2019 16:10:21 GMT", etag: "0x8D7093EEFDD4056"),
            record("blob-for-list-1", created: "Thu, 12 Oct 2023 17:42:04 GMT", etag: "0x8DBCB4A8C6991C0"),
            record("blob-for-list-2", created: "Mon, 15 Jul 2019 16:10:21 GMT", etag: "0x8D7093EEFE22339"),
            record("blob-for-delimiters-/dir1/d.txt", created: "Mon, 15 Jul 2019 16:10:22 GMT", etag: "0x1"),
            record("blob-for-delimiters-/dir2/e.txt", created: "Mon, 15 Jul 2019 16:10:22 GMT", etag: "0x2"),
            record("blob-for-delimiters-/f.txt", created: "Mon, 15 Jul 2019 16:10:22 GMT", etag: "0x8D7093EF082ED46"),
        ])
    }

    private func render(_ index: SortedBlobIndex, endpoint: String, container: String, prefix: String? = nil, marker: String? = nil,
                        maxResults: String? = nil, delimiter: String? = nil, include: ListBlobsInclude = []) -> [UInt8] {
        let page = index.list(BlobListingRequest(prefix: prefix ?? "", delimiter: delimiter ?? "",
                                                 startName: marker.flatMap(ListMarker.decode), maxResults: maxResults.flatMap(Int.init) ?? 5000))
        return ListBlobsXML(serviceEndpoint: endpoint, container: container, prefix: prefix, marker: marker, maxResults: maxResults,
                            delimiter: delimiter, include: include).document(page: page, nextMarker: page.nextName.map(ListMarker.encode(nextName:)))
    }

    private func assertSameBytes(_ produced: [UInt8], _ fixture: String, file: StaticString = #filePath, line: UInt = #line) throws {
        let expected = try Fixture.bytes("listings/\(fixture)")
        XCTAssertEqual(String(decoding: produced, as: UTF8.self), String(decoding: expected, as: UTF8.self), fixture, file: file, line: line)
        XCTAssertEqual(produced, expected, "\(fixture) differs byte for byte", file: file, line: line)
    }

    func testFlatListingIsByteIdentical() throws {
        try assertSameBytes(render(goCloudList, endpoint: goCloud, container: "go-cloud-bucket", prefix: "blob-for-list", maxResults: "1000",
                                   delimiter: ""), "flat-full-properties.xml")
    }

    func testPagedListingIsByteIdenticalIncludingTheMarker() throws {
        let first = render(goCloudList, endpoint: goCloud, container: "go-cloud-bucket", prefix: "blob-for-list", maxResults: "2")
        try assertSameBytes(first, "paged-1-nextmarker.xml")
        let marker = "2!80!MDAwMDE1IWJsb2ItZm9yLWxpc3QtMiEwMDAwMjghOTk5OS0xMi0zMVQyMzo1OTo1OS45OTk5OTk5WiE-"
        try assertSameBytes(render(goCloudList, endpoint: goCloud, container: "go-cloud-bucket", prefix: "blob-for-list", marker: marker,
                                   maxResults: "2"), "paged-2-final-with-marker.xml")
    }

    func testEmptyAndDelimiterListingsAreByteIdentical() throws {
        try assertSameBytes(render(goCloudList, endpoint: goCloud, container: "go-cloud-bucket", prefix: "no-objects-with-this-prefix",
                                   maxResults: "1000"), "empty.xml")
        try assertSameBytes(render(goCloudList, endpoint: goCloud, container: "go-cloud-bucket", prefix: "blob-for-delimiters-/",
                                   maxResults: "1000", delimiter: "/"), "delimiter-blobprefix.xml")
        try assertSameBytes(render(goCloudList, endpoint: goCloud, container: "go-cloud-bucket", prefix: "blob-for-delimiters-/",
                                   maxResults: "1", delimiter: "/"), "delimiter-page1-prefix-only-nextmarker.xml")
    }

    func testEncodedPrefixIsByteIdentical() throws {
        let index = SortedBlobIndex(unsorted: [
            record("a b c /x", created: "Sat, 25 Jun 2022 04:07:05 GMT", etag: "0x1"),
            record("aaaaabbb/c", created: "Sat, 25 Jun 2022 04:07:05 GMT", etag: "0x2"),
            record("aaaaa\u{FFFF}bbb/ccc", created: "Sat, 25 Jun 2022 04:07:05 GMT", etag: "0x3"),
        ])
        try assertSameBytes(render(index, endpoint: "https://euap.blob.core.windows.net/", container: "blobcontainerclienttestspecialblobname",
                                   delimiter: "/"), "encoded-prefix-delimiter.xml")
    }

    func testEncodedAndSpecialNamesMatchStructurally() throws {
        let special = "a b c / !@#$%^&*(?/<>,.;:'\"[]{}|`~) def测试blobcontainerclienttestspecialblobname"
        let index = SortedBlobIndex(unsorted: [record(special, created: "Sat, 25 Jun 2022 04:08:00 GMT", etag: "0x8DA56604B35A589"),
                                               record("aaaaa\u{FFFF}bbb/ccc", created: "Sat, 25 Jun 2022 04:08:06 GMT", etag: "0x8DA56604EA67E90")])
        let produced = String(decoding: render(index, endpoint: "https://euap.blob.core.windows.net/", container: "c", prefix: special), as: UTF8.self)
        let fixture = try Fixture.text("listings/special-chars-utf8-name.xml")
        let escapedName = "a b c / !@#$%^&amp;*(?/&lt;&gt;,.;:'\"[]{}|`~) def测试blobcontainerclienttestspecialblobname"
        XCTAssert(fixture.contains("<Name>\(escapedName)</Name>"))
        XCTAssert(produced.contains("<Prefix>\(escapedName)</Prefix>"))
        XCTAssert(produced.contains("<Name>\(escapedName)</Name>"))

        let encoded = String(decoding: render(index, endpoint: "https://euap.blob.core.windows.net/", container: "c", prefix: "aaaaa"), as: UTF8.self)
        XCTAssert(try Fixture.text("listings/encoded-name-flat.xml").contains("<Name Encoded=\"true\">aaaaa%EF%BF%BFbbb%2Fccc</Name>"))
        XCTAssert(encoded.contains("<Name Encoded=\"true\">aaaaa%EF%BF%BFbbb%2Fccc</Name>"))
        try assertSameElementOrder(encoded, fixture: "encoded-name-flat.xml")
    }

    func testMetadataAndTagsFollowAzuresElementOrder() throws {
        let index = SortedBlobIndex(unsorted: [
            record("blob1", created: "Thu, 09 May 2019 00:57:51 GMT", etag: "0x8D6D4195CA3316C", length: 11, type: "application/octet-stream",
                   metadata: [BlobKeyValue(name: "number", value: "1"), BlobKeyValue(name: "name", value: "bob")],
                   tags: [BlobKeyValue(name: "k1", value: "v1"), BlobKeyValue(name: "k3", value: "v&3"), BlobKeyValue(name: "k5", value: "v5")]),
        ])
        let withMetadata = String(decoding: render(index, endpoint: goCloud, container: "c", include: [.metadata]), as: UTF8.self)
        XCTAssert(withMetadata.contains("</Properties><Metadata><number>1</number><name>bob</name></Metadata><OrMetadata /></Blob>"))
        try assertSameElementOrder(withMetadata, fixture: "include-metadata.xml")

        let withTags = String(decoding: render(index, endpoint: goCloud, container: "c", include: [.tags]), as: UTF8.self)
        XCTAssert(withTags.contains("<ServerEncrypted>true</ServerEncrypted><TagCount>3</TagCount></Properties><Tags><TagSet><Tag><Key>k1</Key><Value>v1</Value></Tag><Tag><Key>k3</Key><Value>v&amp;3</Value></Tag><Tag><Key>k5</Key><Value>v5</Value></Tag></TagSet></Tags><OrMetadata /></Blob>"))
        try assertSameElementOrder(withTags, fixture: "include-tags.xml")

        let plainEmptyMetadata = SortedBlobIndex(unsorted: [record("b", created: "Thu, 09 May 2019 00:57:51 GMT", etag: "0x1")])
        XCTAssert(String(decoding: render(plainEmptyMetadata, endpoint: goCloud, container: "c", include: [.metadata]), as: UTF8.self)
            .contains("</Properties><Metadata /><OrMetadata />"), "include-versions.xml writes an empty <Metadata />")
    }

    /// The elements both documents have appear in the same order (each version of the service adds a few of its own).
    private func assertSameElementOrder(_ produced: String, fixture: String, file: StaticString = #filePath, line: UInt = #line) throws {
        let mine = XMLElementNames.firstBlob(in: produced)
        let theirs = XMLElementNames.firstBlob(in: try Fixture.text("listings/\(fixture)"))
        XCTAssertFalse(mine.isEmpty, file: file, line: line)
        XCTAssertEqual(theirs.filter(mine.contains), mine.filter(theirs.contains), "element order differs from \(fixture)", file: file, line: line)
        let shared = Set(mine).intersection(theirs)
        XCTAssertGreaterThanOrEqual(shared.count, 15, "too little in common with \(fixture): \(shared)", file: file, line: line)
    }

    func testErrorBodiesMatchAzures() throws {
        let cases: [(BlobServiceError, String)] = [
            (.containerNotFound(), "container-not-found.xml"),
            (.permissionMismatch(), "authorization-permission-mismatch.xml"),
            (.resourceTypeMismatch(), "authorization-resource-type-mismatch.xml"),
            (.noAuthenticationInformation(), "no-authentication-information.xml"),
        ]
        for (error, fixture) in cases {
            let produced = error.response(requestID: "0bdde196-d01e-002c-7a59-59f48d000000", time: Date(), includeBody: true)
            XCTAssertEqual(XMLElementNames.maskingRequestIDAndTime(String(decoding: produced.body, as: UTF8.self)),
                           XMLElementNames.maskingRequestIDAndTime(try Fixture.text("listings/errors/\(fixture)")), fixture)
            XCTAssertEqual(Array(produced.body.prefix(3)), [0xEF, 0xBB, 0xBF])
            XCTAssertEqual(produced.headers.first { $0.name == "x-ms-error-code" }?.value, error.code)
        }
        let authFailed = BlobServiceError.authenticationFailed("Signature not valid in the specified time frame: Start [Thu, 13 Jun 2019 16:18:02 GMT] - Expiry [Fri, 14 Jun 2019 16:23:02 GMT] - Current [Thu, 13 Jun 2019 09:22:47 GMT]")
        let produced = authFailed.response(requestID: "f3148e2d-001a-000c-70c9-219460000000", time: Date(), includeBody: true)
        XCTAssertEqual(XMLElementNames.maskingRequestIDAndTime(String(decoding: produced.body, as: UTF8.self)),
                       XMLElementNames.maskingRequestIDAndTime(try Fixture.text("listings/errors/authentication-failed.xml")))
        XCTAssert(String(decoding: produced.body, as: UTF8.self).contains("\nTime:\(AzureTimestamp.iso8601(Date()).prefix(10))"))
    }
}
