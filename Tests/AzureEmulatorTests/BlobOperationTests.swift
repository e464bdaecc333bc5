import AzureCore
import XCTest
@testable import AzureEmulator

final class BlobOperationTests: EmulatorTestCase {
    private var harness: EmulatorHarness!

    override func setUp() async throws {
        harness = try await startHarness()
        let created = try await harness.createContainer("dlq").status
        XCTAssertEqual(created, 201)
    }

    func testCreateContainerTwiceConflicts() async throws {
        let again = try await harness.createContainer("dlq")
        XCTAssertEqual(again.status, 409)
        XCTAssertEqual(again.errorCode, "ContainerAlreadyExists")
        let invalid = try await harness.createContainer("Bad_Name")
        XCTAssertEqual(invalid.errorCode, "InvalidResourceName")
        let properties = try await harness.send("GET", harness.containerPath("dlq"), query: "restype=container")
        XCTAssertEqual(properties.status, 200)
        XCTAssertNotNil(properties.header("ETag"))
    }

    func testPutGetHeadCarryAzuresHeaders() async throws {
        let body = Array("hello".utf8)
        let put = try await harness.putBlob("dlq", "a.txt", body, headers: [("Content-Type", "text/plain; charset=utf-8"), ("x-ms-meta-origin", "adt"),
                                                                           ("x-ms-client-request-id", "client-1")])
        XCTAssertEqual(put.status, 201, put.text)
        XCTAssertEqual(put.header("Content-MD5"), "XUFAKrxLKna5cZ2REBfFkg==")
        XCTAssertEqual(put.header("x-ms-client-request-id"), "client-1")
        let etag = try XCTUnwrap(put.header("ETag"))
        XCTAssert(etag.hasPrefix("\"0x8") && etag.hasSuffix("\""), etag)
        for response in [put] {
            XCTAssertNotNil(response.header("x-ms-request-id"))
            XCTAssertEqual(response.header("x-ms-version"), EmulatorHarness.version)
            XCTAssertNotNil(HTTPDate.parse(response.header("Date") ?? ""))
        }

        let get = try await harness.send("GET", harness.blobPath("dlq", "a.txt"))
        XCTAssertEqual(get.body, body)
        XCTAssertEqual(get.header("ETag"), etag)
        XCTAssertEqual(get.header("Content-Type"), "text/plain; charset=utf-8")
        XCTAssertEqual(get.header("x-ms-blob-type"), "BlockBlob")
        XCTAssertEqual(get.header("x-ms-meta-origin"), "adt")
        XCTAssertEqual(get.header("Content-MD5"), "XUFAKrxLKna5cZ2REBfFkg==")
        XCTAssertNotNil(HTTPDate.parse(get.header("Last-Modified") ?? ""))
        XCTAssertNotNil(HTTPDate.parse(get.header("x-ms-creation-time") ?? ""))

        let head = try await harness.send("HEAD", harness.blobPath("dlq", "a.txt"))
        XCTAssertEqual(head.status, 200)
        XCTAssertEqual(head.header("Content-Length"), "5")
        XCTAssert(head.body.isEmpty)
        XCTAssertEqual(head.header("x-ms-access-tier"), "Hot")

        let missing = try await harness.send("HEAD", harness.blobPath("dlq", "missing"))
        XCTAssertEqual(missing.status, 404)
        XCTAssertEqual(missing.errorCode, "BlobNotFound")
        let noContainer = try await harness.send("GET", harness.containerPath("nope"), query: "restype=container&comp=list")
        XCTAssertEqual(noContainer.errorCode, "ContainerNotFound")
    }

    func testContentMD5IsVerified() async throws {
        let response = try await harness.putBlob("dlq", "x", [1, 2, 3], headers: [("Content-MD5", "XUFAKrxLKna5cZ2REBfFkg==")])
        XCTAssertEqual(response.status, 400)
        XCTAssertEqual(response.errorCode, "Md5Mismatch")
        let missingType = try await harness.send("PUT", harness.blobPath("dlq", "x"), body: [1])
        XCTAssertEqual(missingType.errorCode, "MissingRequiredHeader")
    }

    func testETagChangesOnEveryWrite() async throws {
        var etags = Set<String>()
        for i in 0..<20 {
            let put = try await harness.putBlob("dlq", "same", [UInt8(i)])
            etags.insert(try XCTUnwrap(put.header("ETag")))
        }
        XCTAssertEqual(etags.count, 20)
    }

    func testIfNoneMatchStarRefusesOverwrite() async throws {
        try await harness.putBlob("dlq", "once", [1])
        let again = try await harness.putBlob("dlq", "once", [2], headers: [("If-None-Match", "*")])
        XCTAssertEqual(again.status, 409)
        XCTAssertEqual(again.errorCode, "BlobAlreadyExists")
    }

    func testNamesWithSpecialCharactersRoundTrip() async throws {
        let names = ["a&b<c>d\"e'f%g+h i.json", "dir/ünïcödé/测试 🎉.json", "percent%2Fnot-a-slash", "plus+and space",
                     "tab\tand\rreturn", "trailing/", "dots/../x", "aaaaa\u{FFFF}bbb/ccc"]
        for (i, name) in names.enumerated() {
            let put = try await harness.putBlob("dlq", name, Array("body \(i)".utf8))
            XCTAssertEqual(put.status, 201, "\(name): \(put.text)")
        }
        let listed = try await harness.listAll("dlq", maxResults: 3).names
        XCTAssertEqual(listed.map { Array($0.utf8) }, names.sorted { ByteOrder.compare($0, $1) < 0 }.map { Array($0.utf8) })
        let raw = try await harness.send("GET", harness.containerPath("dlq"), query: "restype=container&comp=list&prefix=aaaaa")
        XCTAssert(raw.text.contains("<Name Encoded=\"true\">aaaaa%EF%BF%BFbbb%2Fccc</Name>"), raw.text)
        let escaped = try await harness.send("GET", harness.containerPath("dlq"), query: "restype=container&comp=list&prefix=a%26")
        XCTAssert(escaped.text.contains("<Prefix>a&amp;</Prefix>"))
        XCTAssert(escaped.text.contains("<Name>a&amp;b&lt;c&gt;d\"e'f%g+h i.json</Name>"), escaped.text)
        for (i, name) in names.enumerated() {
            let get = try await harness.send("GET", harness.blobPath("dlq", name))
            XCTAssertEqual(get.text, "body \(i)", name)
        }
    }

    func testRangeReads() async throws {
        let bytes = Array("0123456789".utf8)
        try await harness.putBlob("dlq", "r", bytes)
        let middle = try await harness.send("GET", harness.blobPath("dlq", "r"), headers: [("x-ms-range", "bytes=2-5")])
        XCTAssertEqual(middle.status, 206)
        XCTAssertEqual(middle.text, "2345")
        XCTAssertEqual(middle.header("Content-Range"), "bytes 2-5/10")
        XCTAssertEqual(middle.header("x-ms-blob-content-md5"), ContentHash.md5Base64(bytes))
        let tail = try await harness.send("GET", harness.blobPath("dlq", "r"), headers: [("Range", "bytes=7-")])
        XCTAssertEqual(tail.text, "789")
        let beyond = try await harness.send("GET", harness.blobPath("dlq", "r"), headers: [("x-ms-range", "bytes=3-1000")])
        XCTAssertEqual(beyond.text, "3456789")
        XCTAssertEqual(beyond.header("Content-Range"), "bytes 3-9/10")
        let rangeMD5 = try await harness.send("GET", harness.blobPath("dlq", "r"), headers: [("x-ms-range", "bytes=0-4"), ("x-ms-range-get-content-md5", "true")])
        XCTAssertEqual(rangeMD5.header("Content-MD5"), ContentHash.md5Base64(Array("01234".utf8)))
        let unsatisfiable = try await harness.send("GET", harness.blobPath("dlq", "r"), headers: [("x-ms-range", "bytes=10-20")])
        XCTAssertEqual(unsatisfiable.status, 416)
        XCTAssertEqual(unsatisfiable.errorCode, "InvalidRange")
        XCTAssertEqual(unsatisfiable.header("Content-Range"), "bytes */10")

        try await harness.putBlob("dlq", "empty", [])
        let emptyRange = try await harness.send("GET", harness.blobPath("dlq", "empty"), headers: [("x-ms-range", "bytes=0-33554431")])
        XCTAssertEqual(emptyRange.status, 416, "as Azure answers the SDKs' first ranged read of an empty blob")
        let emptyWhole = try await harness.send("GET", harness.blobPath("dlq", "empty"))
        XCTAssertEqual(emptyWhole.status, 200)
        XCTAssertEqual(emptyWhole.header("Content-Length"), "0")
    }

    func testConditionalReads() async throws {
        let put = try await harness.putBlob("dlq", "c", [1])
        let etag = try XCTUnwrap(put.header("ETag"))
        let notModified = try await harness.send("GET", harness.blobPath("dlq", "c"), headers: [("If-None-Match", etag)])
        XCTAssertEqual(notModified.status, 304)
        let mismatch = try await harness.send("GET", harness.blobPath("dlq", "c"), headers: [("If-Match", "\"0x1\"")])
        XCTAssertEqual(mismatch.status, 412)
    }

    func testDeleteWithIfMatch() async throws {
        let put = try await harness.putBlob("dlq", "d", [1])
        let etag = try XCTUnwrap(put.header("ETag"))
        let stale = try await harness.send("DELETE", harness.blobPath("dlq", "d"), headers: [("If-Match", "\"0x8DC0000000000000\"")])
        XCTAssertEqual(stale.status, 412)
        XCTAssertEqual(stale.errorCode, "ConditionNotMet")
        let deleted = try await harness.send("DELETE", harness.blobPath("dlq", "d"), headers: [("If-Match", etag)])
        XCTAssertEqual(deleted.status, 202)
        let gone = try await harness.send("GET", harness.blobPath("dlq", "d"))
        XCTAssertEqual(gone.errorCode, "BlobNotFound")
        let again = try await harness.send("DELETE", harness.blobPath("dlq", "d"))
        XCTAssertEqual(again.status, 404)
    }

    func testSetMetadataReplacesAllAndChangesETag() async throws {
        let put = try await harness.putBlob("dlq", "m", [1], headers: [("x-ms-meta-first", "1"), ("x-ms-meta-second", "2")])
        let set = try await harness.send("PUT", harness.blobPath("dlq", "m"), query: "comp=metadata", headers: [("x-ms-meta-replayed", "yes")])
        XCTAssertEqual(set.status, 200, set.text)
        XCTAssertNotEqual(set.header("ETag"), put.header("ETag"))
        let head = try await harness.send("HEAD", harness.blobPath("dlq", "m"))
        XCTAssertEqual(head.header("x-ms-meta-replayed"), "yes")
        XCTAssertNil(head.header("x-ms-meta-first"))
        let list = try await harness.send("GET", harness.containerPath("dlq"), query: "restype=container&comp=list&include=metadata")
        XCTAssert(list.text.contains("<Metadata><replayed>yes</replayed></Metadata>"), list.text)
        let invalid = try await harness.send("PUT", harness.blobPath("dlq", "m"), query: "comp=metadata", headers: [("x-ms-meta-1bad", "x")])
        XCTAssertEqual(invalid.errorCode, "InvalidMetadata")
    }

    func testTagsSetGetListAndLimit() async throws {
        let put = try await harness.putBlob("dlq", "t", [1])
        let body = BlobTagsXML.document([BlobKeyValue(name: "replayed", value: "2024-01-05"), BlobKeyValue(name: "run", value: "a1")])
        let set = try await harness.send("PUT", harness.blobPath("dlq", "t"), query: "comp=tags", body: body)
        XCTAssertEqual(set.status, 204, set.text)
        let get = try await harness.send("GET", harness.blobPath("dlq", "t"), query: "comp=tags")
        XCTAssertEqual(get.status, 200)
        XCTAssertEqual(get.body, body)
        let head = try await harness.send("HEAD", harness.blobPath("dlq", "t"))
        XCTAssertEqual(head.header("x-ms-tag-count"), "2")
        XCTAssertEqual(head.header("ETag"), put.header("ETag"), "tags do not change the ETag")
        let list = try await harness.send("GET", harness.containerPath("dlq"), query: "restype=container&comp=list&include=tags,metadata")
        XCTAssert(list.text.contains("<TagCount>2</TagCount></Properties><Metadata /><Tags><TagSet><Tag><Key>replayed</Key>"), list.text)
        let tooMany = BlobTagsXML.document((0..<11).map { BlobKeyValue(name: "k\($0)", value: "v") })
        let refused = try await harness.send("PUT", harness.blobPath("dlq", "t"), query: "comp=tags", body: tooMany)
        XCTAssertEqual(refused.status, 400)
        XCTAssertEqual(refused.errorCode, "InvalidTag")
        let headerTags = try await harness.putBlob("dlq", "t2", [1], headers: [("x-ms-tags", "a=1&b%20c=2")])
        XCTAssertEqual(headerTags.status, 201)
        let t2 = try await harness.send("GET", harness.blobPath("dlq", "t2"), query: "comp=tags")
        XCTAssertEqual(try BlobTagsXML.parse(t2.body), [BlobKeyValue(name: "a", value: "1"), BlobKeyValue(name: "b c", value: "2")])
    }

    func testCopyBlobIsSynchronous() async throws {
        try await harness.putBlob("dlq", "src/a.json", Array("{}".utf8), headers: [("x-ms-meta-k", "v"), ("Content-Type", "application/json")])
        let source = harness.server.baseURL + harness.blobPath("dlq", "src/a.json")
        let copy = try await harness.send("PUT", harness.blobPath("dlq", "quarantine/a.json"), headers: [("x-ms-copy-source", source)])
        XCTAssertEqual(copy.status, 202, copy.text)
        XCTAssertEqual(copy.header("x-ms-copy-status"), "success")
        XCTAssertNotNil(copy.header("x-ms-copy-id"))
        let copied = try await harness.send("GET", harness.blobPath("dlq", "quarantine/a.json"))
        XCTAssertEqual(copied.text, "{}")
        XCTAssertEqual(copied.header("x-ms-meta-k"), "v")
        XCTAssertEqual(copied.header("Content-Type"), "application/json")
        XCTAssertEqual(copied.header("x-ms-copy-status"), "success")

        let missing = try await harness.send("PUT", harness.blobPath("dlq", "x"), headers: [("x-ms-copy-source", source + "-nope")])
        XCTAssertEqual(missing.errorCode, "CannotVerifyCopySource")
        // With a SAS on the destination only, the source needs its own SAS.
        let destinationSAS = harness.serviceSAS(permissions: "cw", container: "dlq")
        let refused = try await harness.send("PUT", harness.blobPath("dlq", "y"), query: destinationSAS, headers: [("x-ms-copy-source", source)], auth: .anonymous)
        XCTAssertEqual(refused.errorCode, "CannotVerifyCopySource")
        let sourceSAS = harness.serviceSAS(permissions: "r", container: "dlq")
        let allowed = try await harness.send("PUT", harness.blobPath("dlq", "y"), query: destinationSAS,
                                             headers: [("x-ms-copy-source", source + "?" + sourceSAS)], auth: .anonymous)
        XCTAssertEqual(allowed.status, 202, allowed.text)
    }

    func testMaxResultsOutOfRange() async throws {
        for value in ["0", "-1", "5001"] {
            let response = try await harness.send("GET", harness.containerPath("dlq"), query: "restype=container&comp=list&maxresults=\(value)")
            XCTAssertEqual(response.status, 400)
            XCTAssertEqual(response.errorCode, "OutOfRangeQueryParameterValue")
            XCTAssert(response.text.contains("<QueryParameterName>maxresults</QueryParameterName>"))
        }
        let bogusMarker = try await harness.send("GET", harness.containerPath("dlq"), query: "restype=container&comp=list&marker=bogus")
        XCTAssertEqual(bogusMarker.errorCode, "InvalidQueryParameterValue")
    }

    func testUnsupportedOperationsAnswerWithAzureErrors() async throws {
        let blockList = try await harness.send("GET", harness.blobPath("dlq", "b"), query: "comp=blocklist")
        XCTAssertEqual(blockList.status, 501)
        XCTAssertEqual(blockList.errorCode, "NotImplemented")
        XCTAssert(blockList.text.contains("Get Block List"), blockList.text)
        let badVersion = try await harness.send("GET", harness.containerPath("dlq"), query: "restype=container&comp=list", version: "latest")
        XCTAssertEqual(badVersion.errorCode, "InvalidHeaderValue")
    }
}
