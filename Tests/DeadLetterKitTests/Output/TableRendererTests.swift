import XCTest
@testable import DeadLetterKit

final class TableRendererTests: XCTestCase {
    func testWidthsFromContentRightAlignmentAndTruncation() {
        let columns = [
            TableRenderer.Column("TYPE", maxWidth: 12),
            TableRenderer.Column("COUNT", alignment: .right),
            TableRenderer.Column("TWIN", maxWidth: 8),
        ]
        let rows = [
            ["Twin.Update", "1234", "room-1"],
            ["Relationship.Create", "7", "building-42-floor-3"],
            ["x"],
        ]
        let expected = """
        TYPE          COUNT  TWIN
        Twin.Update    1234  room-1
        Relationshi…      7  buildin…
        x

        """
        XCTAssertEqual(TableRenderer.render(columns: columns, rows: rows), expected)
    }

    func testStreamingFixesWidthsFromTheSample() {
        var table = TableRenderer(columns: [TableRenderer.Column("ID"), TableRenderer.Column("TWIN")], sampleSize: 2)
        XCTAssertEqual(table.append(["1", "a"]), [])
        XCTAssertEqual(table.append(["22", "bb"]), ["ID  TWIN", "1   a", "22  bb"])
        XCTAssertEqual(table.append(["333", "a long twin id"]), ["3…  a long twin id"])
        XCTAssertEqual(table.finish(), [])
    }

    func testFinishFlushesAShortSampleOrJustTheHeader() {
        var short = TableRenderer(columns: [TableRenderer.Column("ID")], sampleSize: 100)
        XCTAssertEqual(short.append(["abc"]), [])
        XCTAssertEqual(short.finish(), ["ID", "abc"])
        var empty = TableRenderer(columns: [TableRenderer.Column("ID"), TableRenderer.Column("TWIN")])
        XCTAssertEqual(empty.finish(), ["ID  TWIN"])
    }

    func testControlCharactersCannotBreakARow() {
        let text = TableRenderer.render(columns: [TableRenderer.Column("A"), TableRenderer.Column("B")],
                                        rows: [["line\nbreak", "esc\u{1B}[31mred"]], showsHeader: false)
        XCTAssertEqual(text, "line break  esc [31mred\n")
    }
}
