@testable import DeadLetterKit
import Foundation
import XCTest

/// `ParallelExportDecoding` must hand over exactly what one sequential `DeadLetterDecoder` gives for the same
/// file, in the same order, whatever the range size and thread count.
final class ParallelExportDecodingTests: XCTestCase {
    private var directory: URL!

    override func setUpWithError() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("parallel-export-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws {
        try FileManager.default.removeItem(at: directory)
    }

    /// Records of every fixture, bare event lines, bad lines, blank lines, CRLF, and no newline at the end.
    private func mixedExport() throws -> [UInt8] {
        var bytes: [UInt8] = []
        for (k, path) in try EventFixtures.allJSONFiles().enumerated() {
            var deadLetter = try EventTestSupport.deadLetter(path)
            deadLetter.origin = DeadLetterOrigin(source: "https://acct.blob.core.windows.net/dl", blobName: "ep/2024/1/5/13/\(k).json",
                                                 index: k % 3, blobProperties: BlobProperties(lastModified: "Fri, 05 Jan 2024 13:02:11 GMT", etag: "0x\(k)"),
                                                 endpoint: "ep", folderHour: RFC3339.parse("2024-01-05T13:00:00Z"))
            ExportRecord.append(deadLetter, to: &bytes)
            bytes.append(JSONBytes.newline)
            switch k % 4 {
            case 0: ExportRecord.appendEventOnly(deadLetter, to: &bytes); bytes += Array("\r\n".utf8)
            case 1: bytes += Array("{\"blob\":\"b\",\"index\":\"x\",\"event\":{}}\n\n   \n".utf8)
            case 2: bytes += Array("{broken\n[1,2]\n".utf8)
            default: break
            }
        }
        ExportRecord.appendEventOnly(try EventTestSupport.deadLetter("adt/notifications-2022/twin-update.cloudevents.json"), to: &bytes)
        return bytes
    }

    private func write(_ bytes: [UInt8]) throws -> String {
        let url = directory.appendingPathComponent("export.jsonl")
        try Data(bytes).write(to: url)
        return url.path
    }

    private func sequential(_ bytes: [UInt8], origin: DeadLetterOrigin, options: JSONDecodingOptions) throws -> [DeadLetterDecoder.Item] {
        var decoder = DeadLetterDecoder(origin: origin, input: .exportLines, options: options)
        var items: [DeadLetterDecoder.Item] = []
        try decoder.feed(bytes) { items.append($0) }
        try decoder.finish { items.append($0) }
        return items
    }

    private func parallel(_ decoding: ParallelExportDecoding) async throws -> [DeadLetterDecoder.Item] {
        var items: [DeadLetterDecoder.Item] = []
        for try await batch in decoding { items += batch }
        return items
    }

    private func assertSame(_ actual: [DeadLetterDecoder.Item], _ expected: [DeadLetterDecoder.Item], _ message: String,
                            file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertEqual(actual.count, expected.count, message, file: file, line: line)
        for (a, e) in zip(actual, expected) {
            switch (a, e) {
            case (.deadLetter(let a), .deadLetter(let e)):
                XCTAssertEqual(a.origin, e.origin, message, file: file, line: line)
                XCTAssertEqual(a.bytes, e.bytes, message, file: file, line: line)
                XCTAssertEqual(a.schema, e.schema, message, file: file, line: line)
                XCTAssertEqual(a.attributes.id, e.attributes.id, message, file: file, line: line)
            case (.invalid(let a), .invalid(let e)):
                XCTAssertEqual(a, e, message, file: file, line: line)
            default:
                XCTFail("\(message): \(a) is not \(e)", file: file, line: line)
            }
        }
    }

    func testEveryRangeSizeAndThreadCountGivesTheSequentialResult() async throws {
        let bytes = try mixedExport()
        let path = try write(bytes)
        let origin = DeadLetterOrigin(source: path, blobName: path)
        let expected = try sequential(bytes, origin: origin, options: JSONDecodingOptions())
        XCTAssertGreaterThan(expected.filter { if case .invalid = $0 { true } else { false } }.count, 5)
        for rangeSize in [1, 17, 300, 4096, 1 << 20] {
            for threads in [1, 2, 3] {
                let decoding = ParallelExportDecoding(path: path, origin: origin, threads: threads, rangeSize: rangeSize)
                assertSame(try await parallel(decoding), expected, "range \(rangeSize), \(threads) threads")
            }
        }
    }

    func testTooLargeLinesAreSkippedWithFileOffsetsAndIndexes() async throws {
        var bytes = Array("{\"a\":1}\n".utf8)
        bytes += Array("{\"b\":\"".utf8) + [UInt8](repeating: UInt8(ascii: "x"), count: 5000) + Array("\"}\n".utf8)
        bytes += Array("{\"c\":1}\n{bad\n".utf8)
        let path = try write(bytes)
        let origin = DeadLetterOrigin(source: path, blobName: "")
        let options = JSONDecodingOptions(maxValueSize: 1000)
        let expected = try sequential(bytes, origin: origin, options: options)
        XCTAssertEqual(expected.count, 4)
        guard case .invalid(.invalidExportRecord(_, 1, let reason)) = expected[1] else { return XCTFail("\(expected[1])") }
        XCTAssertTrue(reason.contains("byte 8"), reason)
        for rangeSize in [1, 100, 3000] {
            let decoding = ParallelExportDecoding(path: path, origin: origin, options: options, threads: 2, rangeSize: rangeSize)
            assertSame(try await parallel(decoding), expected, "range \(rangeSize)")
        }
    }

    func testEmptyFileAndMissingFile() async throws {
        let path = try write([])
        let empty = try await parallel(ParallelExportDecoding(path: path, origin: DeadLetterOrigin(source: path, blobName: "")))
        XCTAssertTrue(empty.isEmpty)
        let missing = directory.appendingPathComponent("missing.jsonl").path
        do {
            _ = try await parallel(ParallelExportDecoding(path: missing, origin: DeadLetterOrigin(source: missing, blobName: "")))
            XCTFail("a missing file must be an error")
        } catch let error as ExportFileReadError {
            XCTAssertTrue(error.description.contains(missing), error.description)
        }
    }
}
