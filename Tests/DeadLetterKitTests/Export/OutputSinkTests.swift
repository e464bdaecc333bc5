import Foundation
import XCTest
@testable import DeadLetterKit

final class OutputSinkTests: XCTestCase {
    func testGzipChosenBySuffixAndCommittedOnFinish() throws {
        let directory = try OutputTestDirectory()
        let path = directory.url.appendingPathComponent("export.jsonl.gz").path
        let sink = try OutputSink(path: path)
        XCTAssertEqual(sink.compression, .gzip(level: 6))
        var expected: [UInt8] = []
        for index in 0..<20_000 {
            let line = "{\"id\":\"\(index)\",\"twin\":\"room-\(index % 13)\"}\n"
            try sink.write(line.utf8)
            expected += Array(line.utf8)
        }
        XCTAssertEqual(sink.bytesWritten, Int64(expected.count))
        XCTAssertFalse(FileManager.default.fileExists(atPath: path))
        try sink.finish()
        let stored = Array(try Data(contentsOf: URL(fileURLWithPath: path)))
        XCTAssertTrue(GzipReader.isGzip(prefix: stored))
        XCTAssertEqual(try GzipReader.decompress(stored), expected)
        XCTAssertEqual(directory.entries(), ["export.jsonl.gz"])
    }

    func testPlainFileBuffersLargeAndSmallWrites() throws {
        let directory = try OutputTestDirectory()
        let path = directory.url.appendingPathComponent("export.jsonl").path
        let sink = try OutputSink(path: path)
        XCTAssertEqual(sink.compression, .none)
        let big = [UInt8](repeating: UInt8(ascii: "x"), count: 200_000)
        try sink.write(Array("start\n".utf8))
        try sink.write(big)
        try sink.write((0..<3).lazy.map { UInt8(ascii: "a") + UInt8($0) })  // not contiguous
        try sink.write("\n".utf8)
        XCTAssertFalse(FileManager.default.fileExists(atPath: path))
        try sink.finish()
        try sink.finish()  // idempotent
        XCTAssertEqual(Array(try Data(contentsOf: URL(fileURLWithPath: path))), Array("start\n".utf8) + big + Array("abc\n".utf8))
    }

    func testAbortLeavesNothing() throws {
        let directory = try OutputTestDirectory()
        let sink = try OutputSink(path: directory.url.appendingPathComponent("export.jsonl.gz").path)
        try sink.write([UInt8](repeating: 1, count: 100_000))
        sink.abort()
        XCTAssertEqual(directory.entries(), [])
        XCTAssertThrowsError(try sink.write([1]))
    }

    func testDroppedUnfinishedSinkLeavesNothing() throws {
        let directory = try OutputTestDirectory()
        do {
            let sink = try OutputSink(path: directory.url.appendingPathComponent("export.jsonl").path)
            try sink.write([UInt8](repeating: 1, count: 100_000))
        }
        XCTAssertEqual(directory.entries(), [])
    }

    func testFileDescriptorDestinationWithAndWithoutGzip() throws {
        for compression in [OutputSink.Compression.none, .gzip(level: 1)] {
            var fds: [Int32] = [0, 0]
            XCTAssertEqual(pipe(&fds), 0)
            let sink = try OutputSink(destination: .fileDescriptor(fds[1], name: "test pipe"), compression: compression)
            XCTAssertFalse(sink.flushesEveryWrite)
            XCTAssertEqual(sink.name, "test pipe")
            try sink.write("one\ntwo\n".utf8)
            try sink.finish()
            close(fds[1])
            let received = Array(FileHandle(fileDescriptor: fds[0], closeOnDealloc: true).readDataToEndOfFile())
            let text = compression == .none ? received : try GzipReader.decompress(received)
            XCTAssertEqual(String(decoding: text, as: UTF8.self), "one\ntwo\n")
        }
    }

    func testBrokenPipeIsReportedAsSuch() throws {
        var fds: [Int32] = [0, 0]
        XCTAssertEqual(pipe(&fds), 0)
        close(fds[0])
        let previous = signal(SIGPIPE, SIG_IGN)
        defer { signal(SIGPIPE, previous); close(fds[1]) }
        let sink = try OutputSink(destination: .fileDescriptor(fds[1], name: "standard output"))
        try sink.write("lost\n".utf8)
        XCTAssertThrowsError(try sink.finish()) { error in
            XCTAssertEqual(error as? OutputFileError, .brokenPipe(name: "standard output"))
        }
    }
}
