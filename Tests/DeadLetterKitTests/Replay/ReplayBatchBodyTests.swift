import XCTest
@testable import DeadLetterKit

/// A batch carries its request body, written once; splitting it (413, or a 400 bisected) cuts the body at the
/// events' boundaries instead of encoding them again, and the queue lets go of a batch as soon as it is taken.
final class ReplayBatchBodyTests: XCTestCase {
    private func encoded(_ texts: [String], retaining: Bool = false) -> [ReplayEncodedItem] {
        texts.enumerated().map { ordinal, text in
            let letter = retaining ? ReplayRetainedLetter(ReplayTestEvents.letter(ReplayTestEvents.twinUpdateJSON(id: text, twin: "t"),
                                                                                 blob: "\(text).json")) : nil
            return ReplayEncodedItem(item: ReplayItem(entry: ReplayJournalEntry(ordinal: ordinal, key: ReplayEventKey(text: text)),
                                                      letter: letter, blob: nil),
                                     bytes: Array(text.utf8))
        }
    }

    private func text(_ batch: ReplayBatch) -> String { String(decoding: batch.body.bytes.readableBytesView, as: UTF8.self) }

    func testBodyIsTheJSONArrayOfTheEncodedEvents() {
        let batch = ReplayBatch(encoded(["{\"a\":1}", "{\"b\":22}", "3"]))
        XCTAssertEqual(text(batch), #"[{"a":1},{"b":22},3]"#)
        XCTAssertEqual(batch.body.bytes.readableBytes, ReplayBatcher<Never>.requestBytes(count: 3, itemBytes: 7 + 8 + 1))
        XCTAssertEqual(batch.items.map(\.entry.ordinal), [0, 1, 2])
        XCTAssertEqual(text(ReplayBatch(encoded([]))), "[]")
    }

    func testHalvesCarryTheirOwnEventsAndBodiesDownToSingleEvents() {
        var batch = ReplayBatch(encoded(["1", "22", "333", "4444", "55555"]))
        batch.mayBeDuplicate = true
        let (left, right) = batch.halves()
        XCTAssertEqual(text(left), "[1,22]")
        XCTAssertEqual(text(right), "[333,4444,55555]")
        XCTAssertEqual(left.items.map(\.entry.ordinal), [0, 1])
        XCTAssertEqual(right.items.map(\.entry.ordinal), [2, 3, 4])
        XCTAssertTrue(left.mayBeDuplicate && right.mayBeDuplicate)
        let (single, rest) = right.halves()
        XCTAssertEqual(text(single), "[333]")
        XCTAssertEqual(text(rest.halves().1), "[55555]")
    }

    func testLettersAreKeptOnlyWhenAskedForAndThenComeBackForFailures() {
        XCTAssertTrue(ReplayBatch(encoded(["a", "b"])).failures.allSatisfy { $0.letter == nil })
        let kept = ReplayBatch(encoded(["a", "b"], retaining: true))
        XCTAssertEqual(kept.failures.compactMap { $0.letter?.attributes.id }, ["a", "b"])
    }

    func testTheQueueReleasesABatchOnceItIsTaken() async {
        let queue = ReplayBatchQueue(capacity: 2)
        weak var released: ReplayRetainedLetter?
        for round in 0..<3 {
            var batch: ReplayBatch? = ReplayBatch(encoded(["r\(round)"], retaining: true))
            released = batch?.items.first?.letter
            let pushed = await queue.push(batch!)
            XCTAssertTrue(pushed)
            batch = nil
            XCTAssertNotNil(released, "queued")
            var taken = await queue.pop()
            XCTAssertNotNil(taken)
            taken = nil
            XCTAssertNil(released, "round \(round): the queue still held a batch it had handed out")
        }
    }
}
