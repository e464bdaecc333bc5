import XCTest
@testable import AzureEmulator

final class DiskStorageTests: EmulatorTestCase {
    private var directory: String!

    override func setUp() {
        directory = NSTemporaryDirectory() + "emulator-disk-\(UUID().uuidString)"
    }

    override func tearDown() {
        try? FileManager.default.removeItem(atPath: directory)
    }

    private func start() async throws -> EmulatorHarness {
        var configuration = EmulatorConfiguration()
        configuration.storage = .directory(directory)
        return try await startHarness(configuration)
    }

    func testBlobsPropertiesAndTagsSurviveARestart() async throws {
        let names = ["ep1/2024/1/5/13/a.json", "a", "a/b", "trailing/", "x//y", "测试 & <odd>.json"]
        var etags: [String: String] = [:]
        let first = try await start()
        let created = try await first.createContainer("dlq").status
        XCTAssertEqual(created, 201)
        for name in names {
            let put = try await first.putBlob("dlq", name, Array("content of \(name)".utf8), headers: [("x-ms-meta-origin", "adt"), ("Content-Type", "application/json")])
            XCTAssertEqual(put.status, 201, "\(name): \(put.text)")
        }
        let tags = BlobTagsXML.document([BlobKeyValue(name: "replayed", value: "yes")])
        let tagged = try await first.send("PUT", first.blobPath("dlq", "a"), query: "comp=tags", body: tags).status
        XCTAssertEqual(tagged, 204)
        let deleted = try await first.send("DELETE", first.blobPath("dlq", "x//y")).status
        XCTAssertEqual(deleted, 202)
        for name in names where name != "x//y" {
            etags[name] = try await first.send("HEAD", first.blobPath("dlq", name)).header("ETag")
        }
        try await first.shutdown()

        XCTAssert(FileManager.default.fileExists(atPath: directory + "/devstoreaccount1/dlq/ep1/2024/1/5/13/a.json"), "blobs are plain files")
        XCTAssertEqual(try String(contentsOfFile: directory + "/devstoreaccount1/dlq/ep1/2024/1/5/13/a.json", encoding: .utf8),
                       "content of ep1/2024/1/5/13/a.json")

        let second = try await start()
        let listed = try await second.listAll("dlq", maxResults: 2).names
        XCTAssertEqual(listed, names.filter { $0 != "x//y" }.sorted { ByteOrder.compare($0, $1) < 0 })
        for name in listed {
            let get = try await second.send("GET", second.blobPath("dlq", name))
            XCTAssertEqual(get.text, "content of \(name)")
            XCTAssertEqual(get.header("ETag"), etags[name], name)
            XCTAssertEqual(get.header("x-ms-meta-origin"), "adt")
            XCTAssertEqual(get.header("Content-Type"), "application/json")
            XCTAssertNotNil(get.header("Content-MD5"))
        }
        let tagCount = try await second.send("HEAD", second.blobPath("dlq", "a")).header("x-ms-tag-count")
        XCTAssertEqual(tagCount, "1")
        try await second.shutdown()
    }

    func testADroppedInMirrorIsServedWithDerivedProperties() async throws {
        let containerDirectory = directory + "/devstoreaccount1/mirror/ep1/2024/1/5"
        try FileManager.default.createDirectory(atPath: containerDirectory, withIntermediateDirectories: true)
        try Data("[{\"id\":1}]".utf8).write(to: URL(fileURLWithPath: containerDirectory + "/13.json"))
        try Data("x".utf8).write(to: URL(fileURLWithPath: directory + "/devstoreaccount1/mirror/top.json"))
        try FileManager.default.createDirectory(atPath: directory + "/devstoreaccount1/Not_A_Container", withIntermediateDirectories: true)

        let harness = try await start()
        let listing = try await harness.send("GET", harness.containerPath("mirror"), query: "restype=container&comp=list")
        XCTAssertEqual(XMLElementNames.listing(listing.body).names, ["ep1/2024/1/5/13.json", "top.json"])
        XCTAssert(listing.text.contains("<Content-Length>10</Content-Length>"))
        XCTAssert(listing.text.contains("<Content-MD5 />"), "no MD5 is invented for files nobody uploaded")
        let get = try await harness.send("GET", harness.blobPath("mirror", "ep1/2024/1/5/13.json"))
        XCTAssertEqual(get.text, "[{\"id\":1}]")
        XCTAssert(get.header("ETag")?.hasPrefix("\"0x8") ?? false)
        let range = try await harness.send("GET", harness.blobPath("mirror", "ep1/2024/1/5/13.json"), headers: [("x-ms-range", "bytes=1-3")])
        XCTAssertEqual(range.text, "{\"i")
        let invalidContainer = try await harness.send("GET", harness.containerPath("Not_A_Container"), query: "restype=container&comp=list").status
        XCTAssertEqual(invalidContainer, 404)

        // Deleting removes the file and the directories it leaves empty.
        let deleted = try await harness.send("DELETE", harness.blobPath("mirror", "ep1/2024/1/5/13.json")).status
        XCTAssertEqual(deleted, 202)
        XCTAssertFalse(FileManager.default.fileExists(atPath: directory + "/devstoreaccount1/mirror/ep1"))
        try await harness.shutdown()
    }

    /// Answers up to the inline read limit are read on the connection's loop, larger ones on the blocking pool, and
    /// both leave in one write with the head; a range of either is exact.
    func testSmallAndMediumBlobsAreServedWhole() async throws {
        let harness = try await start()
        try await harness.createContainer("mixed")
        for size in [1, 600, HTTPConnection.inlineReadLimit, HTTPConnection.inlineReadLimit + 1, 300_000] {
            let bytes = try await harness.assertRoundTrip("mixed", "b\(size)", size: size)
            let last = size - 1
            let range = try await harness.send("GET", harness.blobPath("mixed", "b\(size)"), headers: [("x-ms-range", "bytes=\(last / 2)-\(last)")])
            XCTAssertEqual(range.status, 206)
            XCTAssert(range.body == Array(bytes[(last / 2)...last]), "range of the blob of \(size) bytes")
        }
        try await harness.shutdown()
    }

    func testLargeBlobStreamsFromDisk() async throws {
        let harness = try await start()
        try await harness.createContainer("big")
        let bytes = (0..<(3 * 1024 * 1024 + 17)).map { UInt8(truncatingIfNeeded: $0 &* 7) }
        let stored = try await harness.putBlob("big", "blob.bin", bytes).status
        XCTAssertEqual(stored, 201)
        let get = try await harness.send("GET", harness.blobPath("big", "blob.bin"))
        XCTAssertEqual(get.body.count, bytes.count)
        XCTAssert(get.body == bytes)
        let range = try await harness.send("GET", harness.blobPath("big", "blob.bin"), headers: [("x-ms-range", "bytes=1048570-2097160")])
        XCTAssert(range.body == Array(bytes[1_048_570...2_097_160]))
        try await harness.shutdown()
    }
}
