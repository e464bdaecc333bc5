import AzureCore
import Foundation
import XCTest
@testable import DeadLetterKit

final class GzipTests: XCTestCase {
    /// Mixed content: compressible JSON-like lines and incompressible noise, so deflate uses several block types.
    static func sampleData(size: Int, seed: UInt64 = 42) -> [UInt8] {
        var generator = SplitMix64(seed: seed)
        var bytes: [UInt8] = []
        bytes.reserveCapacity(size)
        var line = 0
        while bytes.count < size {
            if line % 5 == 4 {
                for _ in 0..<200 { bytes.append(UInt8.random(in: 0...255, using: &generator)) }
            } else {
                bytes += Array("{\"id\":\"\(line)\",\"type\":\"Microsoft.DigitalTwins.Twin.Update\",\"twin\":\"room-\(line % 17)\"}\n".utf8)
            }
            line += 1
        }
        return Array(bytes.prefix(size))
    }

    func compress(_ data: [UInt8], writeChunk: Int, level: Int32 = 6) throws -> [UInt8] {
        let writer = try GzipWriter(sink: ByteArraySink(), level: level)
        var offset = 0
        while offset < data.count {
            let end = min(data.count, offset + writeChunk)
            try data[offset..<end].withUnsafeBytes { try writer.write($0) }
            offset = end
        }
        try writer.finish()
        XCTAssertEqual(writer.bytesIn, Int64(data.count))
        XCTAssertEqual(writer.bytesOut, Int64(writer.sink.bytes.count))
        return writer.sink.bytes
    }

    func decompress(_ data: [UInt8], feedChunk: Int, sourceName: String? = nil) throws -> [UInt8] {
        let reader = try GzipReader(sourceName: sourceName)
        var output: [UInt8] = []
        var offset = 0
        while offset < data.count {
            let end = min(data.count, offset + feedChunk)
            try reader.feed(Array(data[offset..<end])) { piece in
                XCTAssertLessThanOrEqual(piece.count, 64 * 1024)
                output.append(contentsOf: piece)
            }
            offset = end
        }
        try reader.finish()
        return output
    }

    func testRoundTripAcrossChunkSizes() throws {
        let data = Self.sampleData(size: 300_000)
        for writeChunk in [1, 7, 1000, 65_536, 65_537, 300_000] {
            let compressed = try compress(data, writeChunk: writeChunk)
            XCTAssertTrue(GzipReader.isGzip(prefix: compressed))
            XCTAssertLessThan(compressed.count, data.count)
            for feedChunk in [1, 3, 511, 4096, 65_536, compressed.count] {
                // A one-byte feed of 300 KB is slow in debug builds; once is enough.
                if feedChunk == 1 && writeChunk != 1000 { continue }
                XCTAssertEqual(try decompress(compressed, feedChunk: feedChunk), data, "write \(writeChunk), feed \(feedChunk)")
            }
        }
    }

    func testEmptyInputAndLevels() throws {
        let empty = try GzipWriter.compress([])
        XCTAssertEqual(try GzipReader.decompress(empty), [])
        let data = Self.sampleData(size: 50_000)
        for level: Int32 in [-1, 1, 9] {
            XCTAssertEqual(try GzipReader.decompress(try GzipWriter.compress(data, level: level)), data)
        }
        XCTAssertThrowsError(try GzipWriter(sink: ByteArraySink(), level: 10)) { error in
            XCTAssertEqual(error as? GzipError, .invalidLevel(10))
        }
    }

    func testWriteAfterFinishIsAnError() throws {
        let writer = try GzipWriter(sink: ByteArraySink())
        try writer.finish()
        XCTAssertThrowsError(try [UInt8(1)].withUnsafeBytes { try writer.write($0) }) { error in
            XCTAssertEqual(error as? GzipError, .writeAfterFinish)
        }
    }

    func testConcatenatedMembersDecompressAsOneStream() throws {
        let first = Array("first member\n".utf8)
        let second = Self.sampleData(size: 100_000, seed: 7)
        let joined = try GzipWriter.compress(first) + GzipWriter.compress(second) + GzipWriter.compress([])
        for feedChunk in [2, 100, joined.count] {
            let reader = try GzipReader()
            var output: [UInt8] = []
            var offset = 0
            while offset < joined.count {
                let end = min(joined.count, offset + feedChunk)
                try reader.feed(Array(joined[offset..<end])) { output.append(contentsOf: $0) }
                offset = end
            }
            try reader.finish()
            XCTAssertEqual(output, first + second)
            XCTAssertEqual(reader.membersCompleted, 3)
            XCTAssertEqual(reader.compressedOffset, Int64(joined.count))
        }
    }

    func testReadsZlibStreams() throws {
        // A zlib stream with one stored deflate block: header 78 01, block, Adler-32.
        let payload = Array("hello, zlib".utf8)
        var stream: [UInt8] = [0x78, 0x01, 0x01]
        let length = UInt16(payload.count)
        stream += [UInt8(length & 0xff), UInt8(length >> 8), UInt8(~length & 0xff), UInt8(~length >> 8)]
        stream += payload
        var a: UInt32 = 1, b: UInt32 = 0
        for byte in payload {
            a = (a + UInt32(byte)) % 65521
            b = (b + a) % 65521
        }
        let adler = b << 16 | a
        stream += [UInt8(adler >> 24), UInt8(adler >> 16 & 0xff), UInt8(adler >> 8 & 0xff), UInt8(adler & 0xff)]
        XCTAssertFalse(GzipReader.isGzip(prefix: stream))
        XCTAssertEqual(try GzipReader.decompress(stream), payload)
    }

    func testOutputIsReadableByGzipTool() throws {
        let data = Self.sampleData(size: 200_000)
        let directory = try OutputTestDirectory()
        let file = directory.url.appendingPathComponent("ours.gz")
        try Data(try compress(data, writeChunk: 4096)).write(to: file)
        let result = try runGzip(["-dc", file.path])
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertEqual(Array(result.stdout), data)
    }

    func testReadsWhatGzipToolWrote() throws {
        let data = Self.sampleData(size: 200_000, seed: 9)
        let directory = try OutputTestDirectory()
        let plain = directory.url.appendingPathComponent("theirs")
        try Data(data).write(to: plain)
        let result = try runGzip(["-c", "-9", plain.path])
        XCTAssertEqual(result.status, 0, result.stderr)
        let compressed = Array(result.stdout)
        XCTAssertTrue(GzipReader.isGzip(prefix: compressed))
        XCTAssertEqual(try decompress(compressed, feedChunk: 1000), data)
        // gzip's own concatenation (`gzip -c a >> b`) is read as well.
        XCTAssertEqual(try decompress(compressed + compressed, feedChunk: 65_536), data + data)
    }

    func testCorruptDataReportsOffsetAndSource() throws {
        var compressed = try GzipWriter.compress(Self.sampleData(size: 20_000))
        for index in stride(from: 100, to: 200, by: 1) { compressed[index] ^= 0x5a }
        XCTAssertThrowsError(try decompress(compressed, feedChunk: 64, sourceName: "export.jsonl.gz")) { error in
            guard case .corrupt(let source, let offset, let reason)? = error as? GzipError else {
                return XCTFail("expected corrupt, got \(error)")
            }
            XCTAssertEqual(source, "export.jsonl.gz")
            XCTAssertGreaterThan(offset, 0)
            XCTAssertFalse(reason.isEmpty)
            XCTAssertTrue("\(error)".contains("'export.jsonl.gz' is not valid gzip or zlib data at byte \(offset)"), "\(error)")
        }
    }

    func testPlainTextIsRejectedAtTheStart() throws {
        XCTAssertThrowsError(try GzipReader.decompress(Array("{\"id\":1}\n".utf8))) { error in
            guard case .corrupt(_, let offset, let reason)? = error as? GzipError else {
                return XCTFail("expected corrupt, got \(error)")
            }
            XCTAssertLessThanOrEqual(offset, 2)
            XCTAssertEqual(reason, "incorrect header check")
        }
    }

    func testTruncatedAndEmptyInput() throws {
        let compressed = try GzipWriter.compress(Self.sampleData(size: 20_000))
        let cut = Array(compressed.dropLast(10))
        XCTAssertThrowsError(try GzipReader.decompress(cut, sourceName: "a.gz")) { error in
            XCTAssertEqual(error as? GzipError, .truncated(source: "a.gz", offset: Int64(cut.count)))
            XCTAssertTrue("\(error)".contains("ends early"))
        }
        XCTAssertThrowsError(try GzipReader.decompress([])) { error in
            XCTAssertEqual(error as? GzipError, .truncated(source: nil, offset: 0))
            XCTAssertEqual("\(error)", "compressed input is empty; expected gzip or zlib data")
        }
    }

    private func runGzip(_ arguments: [String]) throws -> (status: Int32, stdout: Data, stderr: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/gzip")
        process.arguments = arguments
        let output = Pipe()
        let errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        try process.run()
        let stdout = output.fileHandleForReading.readDataToEndOfFile()
        let stderr = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, stdout, String(decoding: stderr, as: UTF8.self))
    }
}

final class GzipInflatingSequenceTests: XCTestCase {
    func testDecompressesAnAsyncStreamOfChunks() async throws {
        let data = GzipTests.sampleData(size: 150_000)
        let compressed = try GzipWriter.compress(data)
        let chunks = AsyncStream<[UInt8]> { continuation in
            var offset = 0
            while offset < compressed.count {
                let end = min(compressed.count, offset + 777)
                continuation.yield(Array(compressed[offset..<end]))
                offset = end
            }
            continuation.finish()
        }
        var output: [UInt8] = []
        for try await piece in chunks.gunzipped(sourceName: "export.jsonl.gz") {
            XCTAssertFalse(piece.isEmpty)
            output += piece
        }
        XCTAssertEqual(output, data)
    }

    func testTruncatedStreamFailsAtTheEnd() async throws {
        let compressed = Array(try GzipWriter.compress(GzipTests.sampleData(size: 10_000)).dropLast(4))
        let chunks = AsyncStream<[UInt8]> { continuation in
            continuation.yield(compressed)
            continuation.finish()
        }
        do {
            for try await _ in chunks.gunzipped(sourceName: "cut.gz") {}
            XCTFail("expected an error")
        } catch {
            XCTAssertEqual(error as? GzipError, .truncated(source: "cut.gz", offset: Int64(compressed.count)))
        }
    }
}
