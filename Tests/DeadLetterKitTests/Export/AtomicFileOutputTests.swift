import Foundation
import XCTest
@testable import DeadLetterKit

final class AtomicFileOutputTests: XCTestCase {
    func testNothingUnderTheFinalNameBeforeCommit() throws {
        let directory = try OutputTestDirectory()
        let path = directory.url.appendingPathComponent("export.jsonl").path
        let output = try AtomicFileOutput(path: path)
        try Array("line 1\n".utf8).withUnsafeBytes { try output.write($0) }

        XCTAssertFalse(FileManager.default.fileExists(atPath: path))
        let entries = directory.entries()
        XCTAssertEqual(entries.count, 1)
        XCTAssertTrue(entries[0].hasPrefix(".export.jsonl.tmp-\(ProcessInfo.processInfo.processIdentifier)-"), entries[0])
        XCTAssertEqual(output.temporaryPath, directory.url.appendingPathComponent(entries[0]).path)

        try output.commit()
        XCTAssertEqual(directory.entries(), ["export.jsonl"])
        XCTAssertEqual(try String(contentsOfFile: path, encoding: .utf8), "line 1\n")
        XCTAssertThrowsError(try [UInt8(0)].withUnsafeBytes { try output.write($0) }) { error in
            XCTAssertEqual(error as? OutputFileError, .closed(path: path))
        }
        output.abort()  // a no-op after commit
        XCTAssertEqual(directory.entries(), ["export.jsonl"])
    }

    func testAbortRemovesTheTemporaryFileAndKeepsAnExistingFile() throws {
        let directory = try OutputTestDirectory()
        let path = directory.url.appendingPathComponent("export.jsonl").path
        try "previous export\n".write(toFile: path, atomically: false, encoding: .utf8)
        let output = try AtomicFileOutput(path: path)
        try Array("half a rec".utf8).withUnsafeBytes { try output.write($0) }
        XCTAssertEqual(directory.entries().count, 2)
        output.abort()
        output.abort()
        XCTAssertEqual(directory.entries(), ["export.jsonl"])
        XCTAssertEqual(try String(contentsOfFile: path, encoding: .utf8), "previous export\n")
    }

    func testDroppingWithoutCommitRemovesTheTemporaryFile() throws {
        let directory = try OutputTestDirectory()
        let path = directory.url.appendingPathComponent("out.jsonl").path
        do {
            let output = try AtomicFileOutput(path: path)
            try Array("partial".utf8).withUnsafeBytes { try output.write($0) }
            XCTAssertEqual(directory.entries().count, 1)
        }
        XCTAssertEqual(directory.entries(), [])
    }

    func testCommitReplacesAnExistingFile() throws {
        let directory = try OutputTestDirectory()
        let path = directory.url.appendingPathComponent("out.jsonl").path
        try "old\n".write(toFile: path, atomically: false, encoding: .utf8)
        let output = try AtomicFileOutput(path: path)
        try Array("new\n".utf8).withUnsafeBytes { try output.write($0) }
        XCTAssertEqual(try String(contentsOfFile: path, encoding: .utf8), "old\n")
        try output.commit()
        XCTAssertEqual(try String(contentsOfFile: path, encoding: .utf8), "new\n")
        XCTAssertEqual(directory.entries(), ["out.jsonl"])
    }

    func testBareFileNameUsesTheCurrentDirectory() throws {
        XCTAssertEqual(try AtomicFileOutput.split("out.jsonl").directory, nil)
        XCTAssertEqual(try AtomicFileOutput.split("/out.jsonl").directory, "/")
        XCTAssertEqual(try AtomicFileOutput.split("a/b/out.jsonl").directory, "a/b")
        XCTAssertEqual(try AtomicFileOutput.split("a/b/out.jsonl").name, "out.jsonl")
    }

    func testUnusablePathsAreReportedWithAHint() throws {
        XCTAssertThrowsError(try AtomicFileOutput(path: "somewhere/")) { error in
            XCTAssertEqual(error as? OutputFileError, .notAFilePath(path: "somewhere/"))
        }
        let directory = try OutputTestDirectory()
        let missing = directory.url.appendingPathComponent("no/such/dir/out.jsonl").path
        XCTAssertThrowsError(try AtomicFileOutput(path: missing)) { error in
            guard case .cannotCreate(let temporary, let code)? = error as? OutputFileError else {
                return XCTFail("expected cannotCreate, got \(error)")
            }
            XCTAssertEqual(code, ENOENT)
            XCTAssertTrue(temporary.contains("/no/such/dir/.out.jsonl.tmp-"))
            XCTAssertTrue("\(error)".hasSuffix("No such file or directory (check that the directory exists)"), "\(error)")
        }
    }
}
