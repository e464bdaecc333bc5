import AzureCore
import Foundation
import XCTest
#if canImport(Glibc)
import Glibc
#endif

/// `DirectoryEntryName` reads each `readdir` name exactly, for every length a file name can have.
final class DirectoryEntryNameTests: XCTestCase {
    func testNamesOfEveryLengthComeBackExactly() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("dirent-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        // 1 to 255 bytes (the longest name ext4 allows), some with multi-byte UTF-8.
        var expected: Set<String> = []
        for length in 1...255 {
            let name = length % 3 == 0 && length >= 2 ? String(repeating: "a", count: length - 2) + "é" : String(repeating: "b", count: length)
            XCTAssertEqual(name.utf8.count, length)
            XCTAssertTrue(FileManager.default.createFile(atPath: directory.appendingPathComponent(name).path, contents: nil), name)
            expected.insert(name)
        }
        guard let stream = opendir(directory.path) else { return XCTFail("cannot open \(directory.path)") }
        defer { closedir(stream) }
        var found: Set<String> = []
        while let entry = readdir(stream) {
            let name = DirectoryEntryName.withBytes(of: entry) { String(decoding: $0, as: UTF8.self) }
            if name != "." && name != ".." { found.insert(name) }
        }
        XCTAssertEqual(found, expected)
    }
}
