@testable import DeadLetterKit
import Foundation
import XCTest

/// `FileChunks` hands out every byte of a file exactly once, in order, whether it maps the file (regular files) or
/// reads it (pipes), across window and chunk boundaries.
final class FileChunksTests: XCTestCase {
    private var directory: URL!

    override func setUpWithError() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("file-chunks-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(at: directory)
    }

    /// Bytes that differ from position to position, so a chunk handed out twice or out of order shows.
    private func sampleBytes(_ count: Int) -> [UInt8] {
        var state: UInt32 = 2_463_534_242
        return (0..<count).map { _ in
            state ^= state << 13
            state ^= state >> 17
            state ^= state << 5
            return UInt8(truncatingIfNeeded: state)
        }
    }

    private func write(_ bytes: [UInt8], name: String) throws -> String {
        let url = directory.appendingPathComponent(name)
        try Data(bytes).write(to: url)
        return url.path
    }

    private func readAll(_ chunks: inout FileChunks, maxChunk: Int) throws -> [UInt8] {
        var all: [UInt8] = []
        while let chunk = try chunks.next() {
            XCTAssertFalse(chunk.isEmpty, "an empty chunk is handed out only as the end (nil)")
            XCTAssertLessThanOrEqual(chunk.count, maxChunk)
            all.append(contentsOf: chunk)
        }
        XCTAssertNil(try chunks.next(), "the end stays the end")
        return all
    }

    func testMappedFileSpanningSeveralWindowsComesOutWhole() throws {
        let page = Int(sysconf(Int32(_SC_PAGESIZE)))
        let bytes = sampleBytes(3 * page + 123)
        let path = try write(bytes, name: "windows.jsonl")
        // Chunks that do not divide a window, so a window's last chunk is short.
        var chunks = try FileChunks(path: path, chunkSize: 1000, windowSize: page)
        XCTAssertEqual(try readAll(&chunks, maxChunk: 1000), bytes)
    }

    func testDefaultSizesReadAFileLargerThanOneWindow() throws {
        let bytes = sampleBytes(FileChunks.windowSize + FileChunks.chunkSize / 2 + 7)
        let path = try write(bytes, name: "large.jsonl")
        var chunks = try FileChunks(path: path)
        XCTAssertEqual(try readAll(&chunks, maxChunk: FileChunks.chunkSize), bytes)
    }

    func testEmptyFileHasNoChunks() throws {
        let path = try write([], name: "empty.jsonl")
        var chunks = try FileChunks(path: path)
        XCTAssertNil(try chunks.next())
    }

    func testPipeIsReadInsteadOfMapped() throws {
        var ends: [Int32] = [0, 0]
        XCTAssertEqual(pipe(&ends), 0)
        let bytes = sampleBytes(10_000)
        let written = bytes.withUnsafeBytes { Glibc.write(ends[1], $0.baseAddress, $0.count) }
        XCTAssertEqual(written, bytes.count)
        close(ends[1])
        defer { close(ends[0]) }
        var chunks = try FileChunks(path: "/proc/self/fd/\(ends[0])", chunkSize: 4096, windowSize: 4096)
        XCTAssertEqual(try readAll(&chunks, maxChunk: 4096), bytes)
    }

    func testMissingFileNamesThePath() throws {
        let path = directory.appendingPathComponent("missing.jsonl").path
        // `FileChunks` is not copyable, so it cannot go through XCTAssertThrowsError's generic parameter.
        do {
            _ = try FileChunks(path: path)
            XCTFail("a missing file opened")
        } catch {
            XCTAssertEqual(error.description, "cannot read \(path): No such file or directory")
        }
    }

    /// A line cut by a window boundary still decodes: the decoder keeps the part of a value that ends a chunk.
    func testExportLinesAcrossWindowsDecode() throws {
        let page = Int(sysconf(Int32(_SC_PAGESIZE)))
        var text = ""
        var expected = 0
        while text.utf8.count < 3 * page {
            text += #"{"specversion":"1.0","id":"e-\#(expected)","type":"Microsoft.DigitalTwins.Twin.Delete","source":"adt","subject":"twin-\#(expected)"}"# + "\n"
            expected += 1
        }
        let path = try write(Array(text.utf8), name: "events.jsonl")
        var chunks = try FileChunks(path: path, chunkSize: 777, windowSize: page)
        var decoder = DeadLetterDecoder(origin: DeadLetterOrigin(source: path, blobName: ""), input: .exportLines)
        var ids: [String] = []
        let collect: (DeadLetterDecoder.Item) -> Void = { item in
            if case .deadLetter(let deadLetter) = item, let id = deadLetter.attributes.id { ids.append(id) }
        }
        while let chunk = try chunks.next() { try decoder.feed(chunk, collect) }
        try decoder.finish(collect)
        XCTAssertEqual(ids, (0..<expected).map { "e-\($0)" })
    }
}
