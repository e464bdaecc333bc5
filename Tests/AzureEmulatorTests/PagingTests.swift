import XCTest
@testable import AzureEmulator

final class PagingTests: EmulatorTestCase {
    private var harness: EmulatorHarness!

    override func setUp() async throws {
        harness = try await startHarness()
    }

    /// Names whose byte order differs from naive orders: case, digits vs letters, multi-byte UTF-8, a slash.
    private func seed(_ container: String, count: Int) async throws -> [String] {
        try await harness.server.createContainer(container)
        let stems = ["Zeta", "alpha", "ärger", "beta/", "10", "9", "测试", "é"]
        var names: [String] = []
        for i in 0..<count {
            let name = "\(stems[i % stems.count])\(i)"
            names.append(name)
            try await harness.server.putBlob(container: container, name: name, bytes: [UInt8(i & 0xFF)])
        }
        return names.sorted { ByteOrder.compare($0, $1) < 0 }
    }

    func testMaxResultsOneAndSevenVisitEveryBlobOnceInByteOrder() async throws {
        let expected = try await seed("small", count: 45)
        for pageSize in [1, 7] {
            await harness.server.resetCounters()
            let (names, pages) = try await harness.listAll("small", maxResults: pageSize)
            XCTAssertEqual(names, expected, "maxresults=\(pageSize)")
            XCTAssertEqual(pages, (expected.count + pageSize - 1) / pageSize)
            let counters = await harness.server.counters
            XCTAssertEqual(counters[.listBlobs], pages, "the counters count every list call")
        }
    }

    func testMaxResults5000AcrossPages() async throws {
        let expected = try await seed("large", count: 5003)
        let (names, pages) = try await harness.listAll("large", maxResults: 5000)
        XCTAssertEqual(pages, 2)
        XCTAssertEqual(names.count, 5003)
        XCTAssertEqual(names, expected)
        let (defaults, defaultPages) = try await harness.listAll("large", maxResults: nil)
        XCTAssertEqual(defaultPages, 2, "the default page size is 5000")
        XCTAssertEqual(defaults, expected)
    }

    func testHierarchicalWalkWithDelimiter() async throws {
        try await harness.server.createContainer("tree")
        for name in ["ep1/2024/1/5/13/a.json", "ep1/2024/1/5/14/b.json", "ep1/2024/2/1/0/c.json", "ep2/2024/1/1/1/d.json", "root.json"] {
            try await harness.server.putBlob(container: "tree", name: name, bytes: [1])
        }
        let (top, _) = try await harness.listAll("tree", maxResults: 1, extraQuery: "&delimiter=/")
        XCTAssertEqual(top, ["P:ep1/", "P:ep2/", "root.json"])
        let (months, _) = try await harness.listAll("tree", maxResults: 1, extraQuery: "&delimiter=/&prefix=ep1/2024/")
        XCTAssertEqual(months, ["P:ep1/2024/1/", "P:ep1/2024/2/"])
    }
}
