import XCTest
@testable import DeadLetterKit

/// `StreamedJSONDocument` writes what `OutputJSON.rendered(pretty: true)` writes for the whole document.
final class StreamedJSONDocumentTests: XCTestCase {
    private func streamed(_ elements: [OutputJSON], members: [(String, OutputJSON)]) -> String {
        var document = StreamedJSONDocument(arrayName: "deadLetters")
        var text = ""
        for element in elements { text += document.element(element) }
        return text + document.closing(members: members)
    }

    func testSameTextAsTheWholeDocument() {
        let row = OutputJSON.object([("id", .string("a\"b")), ("nested", .array([.int(1), .object([])])), ("none", .null)])
        let summary = OutputJSON.object([("blobsRead", .int(3)), ("failed", .array([]))])
        for elements in [[], [row], [row, .string("x"), .array([]), row]] {
            for members in [[], [("summary", summary)], [("summary", summary), ("more", .bool(true))]] {
                let whole = OutputJSON.object([("deadLetters", .array(elements))] + members).rendered(pretty: true)
                XCTAssertEqual(streamed(elements, members: members), whole, "\(elements.count) elements, \(members.count) members")
            }
        }
    }
}
