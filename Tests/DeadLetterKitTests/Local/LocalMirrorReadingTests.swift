import XCTest
@testable import DeadLetterKit

final class LocalMirrorReadingTests: XCTestCase {
    private var fixture: LocalMirrorFixture!

    override func setUpWithError() throws {
        fixture = try LocalMirrorFixture(names: ["ep1/2024/1/5/13/small.json", "ep1/2024/1/5/13/empty.json"])
        try Data().write(to: fixture.root.appendingPathComponent("ep1/2024/1/5/13/empty.json"))
    }

    override func tearDown() {
        fixture.remove()
    }

    private func chunks(_ stream: AsyncThrowingStream<[UInt8], any Error>) async throws -> [[UInt8]] {
        var chunks: [[UInt8]] = []
        for try await chunk in stream { chunks.append(chunk) }
        return chunks
    }

    func testReadsIn64KiBChunks() async throws {
        let bytes = (0..<200_000).map { UInt8(truncatingIfNeeded: $0 &* 31) }
        try Data(bytes).write(to: fixture.root.appendingPathComponent("ep1/2024/1/5/13/large é.json"))
        let mirror = try LocalContainerMirror(directory: fixture.root.path)
        let read = try await chunks(mirror.readBlob(named: "ep1/2024/1/5/13/large é.json"))
        XCTAssertEqual(read.map(\.count), [65_536, 65_536, 65_536, 3_392])
        XCTAssertEqual(Array(read.joined()), bytes)

        let small = try await chunks(mirror.readBlob(named: "ep1/2024/1/5/13/small.json"))
        XCTAssertEqual(small, [Array("ep1/2024/1/5/13/small.json".utf8)])
        let empty = try await chunks(mirror.readBlob(named: "ep1/2024/1/5/13/empty.json"))
        XCTAssertEqual(empty, [])
    }

    func testMissingFoldersAndEscapingNamesAreRefused() async throws {
        let mirror = try LocalContainerMirror(directory: fixture.root.path)
        for (name, expectNotFound) in [("ep1/2024/1/5/13/missing.json", true), ("ep1/2024", true),
                                       ("ep1/../../etc/passwd", false), ("/etc/passwd", false), ("ep1//x", false), ("", false)] {
            do {
                _ = try await mirror.readBlob(named: name)
                XCTFail("'\(name)' should not be readable")
            } catch let error as LocalMirrorError {
                switch error {
                case .blobNotFound(let reported, _):
                    XCTAssertTrue(expectNotFound, name)
                    XCTAssertEqual(reported, name)
                    XCTAssertTrue(error.description.contains(name))
                case .invalidBlobName(let reported):
                    XCTAssertFalse(expectNotFound, name)
                    XCTAssertEqual(reported, name)
                default:
                    XCTFail("\(name): \(error)")
                }
            }
        }
    }
}
