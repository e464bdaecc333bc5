import XCTest
@testable import DeadLetterKit

final class ReplayJournalTests: XCTestCase {
    private var directory: String!

    override func setUpWithError() throws {
        directory = NSTemporaryDirectory() + "replay-journal-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(atPath: directory)
    }

    private func keys(_ range: Range<Int>) -> [ReplayEventKey] { Self.keys(range) }

    private static func keys(_ range: Range<Int>) -> [ReplayEventKey] { range.map { ReplayEventKey(blobName: "b\($0).json", index: 0) } }

    func testAcknowledgedBatchesAreSkippedByTheNextRun() async throws {
        let path = directory + "/nested/j.journal"
        let first = try ReplayJournal.open(path: path, identity: "id")
        XCTAssertEqual(first.previouslyAcknowledged, 0)
        try await first.recordAcknowledged(Array(keys(0..<3)))
        try await first.recordAcknowledged(Array(keys(3..<5)))
        await first.close()

        let second = try ReplayJournal.open(path: path, identity: "id")
        XCTAssertEqual(second.previouslyAcknowledged, 5)
        XCTAssertTrue(keys(0..<5).allSatisfy(second.contains))
        XCTAssertFalse(second.contains(ReplayEventKey(blobName: "b5.json", index: 0)))
        await second.close()
    }

    func testConcurrentRecordsAreAllDurable() async throws {
        let path = directory + "/c.journal"
        let journal = try ReplayJournal.open(path: path, identity: "id")
        try await withThrowingTaskGroup(of: Void.self) { group in
            for batch in 0..<50 {
                group.addTask { try await journal.recordAcknowledged(Self.keys((batch * 10)..<(batch * 10 + 10))) }
            }
            try await group.waitForAll()
        }
        await journal.close()
        XCTAssertEqual(try ReplayJournal.open(path: path, identity: "id").previouslyAcknowledged, 500)
    }

    func testTornTailIsIgnoredAndCutBeforeAppending() async throws {
        let path = directory + "/t.journal"
        let journal = try ReplayJournal.open(path: path, identity: "id")
        try await journal.recordAcknowledged(keys(0..<2))
        await journal.close()
        // A crash in the middle of the next append: half a record at the end.
        let torn = ReplayJournalFraming.frame(ReplayJournalRecord.acknowledged(keys: keys(2..<4)).encoded())
        let handle = try XCTUnwrap(FileHandle(forWritingAtPath: path))
        handle.seekToEndOfFile()
        handle.write(Data(torn.prefix(torn.count / 2)))
        try handle.close()

        let reopened = try ReplayJournal.open(path: path, identity: "id")
        XCTAssertEqual(reopened.previouslyAcknowledged, 2)
        XCTAssertEqual(reopened.discardedTailBytes, torn.count / 2)
        try await reopened.recordAcknowledged(keys(2..<3))
        await reopened.close()
        // The new record follows the last good one, so it is readable.
        let third = try ReplayJournal.open(path: path, identity: "id")
        XCTAssertEqual(third.previouslyAcknowledged, 3)
        XCTAssertEqual(third.discardedTailBytes, 0)
    }

    func testJournalOfAnotherReplayIsRefused() async throws {
        let path = directory + "/m.journal"
        try await ReplayJournal.open(path: path, identity: "source=a target=b").close()
        XCTAssertThrowsError(try ReplayJournal.open(path: path, identity: "source=a target=c")) { error in
            guard case ReplayJournalError.identityMismatch = error else { return XCTFail("\(error)") }
            XCTAssertTrue("\(error)".contains("--journal"))
        }
    }

    func testForeignFileIsNotOverwritten() throws {
        let path = directory + "/notes.txt"
        try "important notes\n".write(toFile: path, atomically: true, encoding: .utf8)
        XCTAssertThrowsError(try ReplayJournal.open(path: path, identity: "id")) { error in
            XCTAssertEqual(error as? ReplayJournalError, .notAJournal(path: path))
        }
        XCTAssertEqual(try String(contentsOfFile: path, encoding: .utf8), "important notes\n")
    }

    func testDefaultPaths() throws {
        let a = ReplayJournal.defaultPath(source: "https://acct.blob.core.windows.net/dl", target: "eventhubs:x", environment: ["HOME": "/home/u"])
        XCTAssertTrue(a.hasPrefix("/home/u/.deadletter/journals/"))
        XCTAssertTrue(a.hasSuffix(".journal"))
        XCTAssertNotEqual(a, ReplayJournal.defaultPath(source: "https://acct.blob.core.windows.net/dl", target: "eventhubs:y", environment: ["HOME": "/home/u"]))
        let export = directory + "/export.jsonl"
        try "".write(toFile: export, atomically: true, encoding: .utf8)
        let nextToExport = ReplayJournal.defaultPath(source: export, target: "eventgrid:z", environment: [:])
        XCTAssertTrue(nextToExport.hasPrefix(export + ".replay-"))
    }
}
