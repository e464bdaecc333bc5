@testable import AzureEmulator
import Foundation
import XCTest

/// The emulator reads a blob on its event loop only when the page cache holds it (`NoWaitRead`).
final class NoWaitReadTests: XCTestCase {
    private func withFile(_ bytes: [UInt8], _ body: (OpenedBlobFile, String) throws -> Void) throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("no-wait-\(UUID().uuidString)").path
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        defer { try? FileManager.default.removeItem(atPath: path) }
        try body(try OpenedBlobFile(path: path), path)
    }

    func testCachedBytesAreReadAndShortOrEmptyReadsAreLeftToThePool() throws {
        try XCTSkipUnless(NoWaitRead.isAvailable, "preadv2 is not available here: every read goes to the blocking pool")
        let bytes = (0..<10_000).map { UInt8(truncatingIfNeeded: $0 &* 31) }
        try withFile(bytes) { file, _ in
            // Just written, so cached.
            XCTAssertEqual(file.readIfCached(offset: 0, count: bytes.count), bytes)
            XCTAssertEqual(file.readIfCached(offset: 100, count: 50), Array(bytes[100..<150]))
            XCTAssertNil(file.readIfCached(offset: 9_990, count: 20), "past the end: the pool's read reports it")
            XCTAssertNil(file.readIfCached(offset: 0, count: 0))
        }
    }

    func testBytesThatWouldWaitForTheDiskAreNotRead() throws {
        try XCTSkipUnless(NoWaitRead.isAvailable, "preadv2 is not available here")
        let bytes = [UInt8](repeating: 7, count: 64 * 1024)
        try withFile(bytes) { file, _ in
            // Write the pages out and drop them from the page cache (a file system that keeps files in memory,
            // like tmpfs, cannot drop them: nothing to test there).
            XCTAssertEqual(fsync(file.descriptor), 0)
            XCTAssertEqual(posix_fadvise(file.descriptor, 0, 0, POSIX_FADV_DONTNEED), 0)
            guard file.readIfCached(offset: 0, count: bytes.count) == nil else {
                throw XCTSkip("the page cache kept the file after POSIX_FADV_DONTNEED (tmpfs?)")
            }
            XCTAssertEqual(try file.read(offset: 0, count: bytes.count), bytes, "the blocking read still gets them")
            XCTAssertEqual(file.readIfCached(offset: 0, count: bytes.count), bytes, "and now they are cached")
        }
    }
}
