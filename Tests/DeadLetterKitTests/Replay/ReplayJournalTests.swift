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

    private static func key(_ n: Int) -> ReplayEventKey { ReplayEventKey(blobName: "b\(n).json", index: 0) }

    /// Events at ordinals `range`, event n having key `b<n>.json`: the same source read again.
    private static func entries(_ range: Range<Int>) -> [ReplayJournalEntry] { range.map { ReplayJournalEntry(ordinal: $0, key: key($0)) } }
    private func entries(_ range: Range<Int>) -> [ReplayJournalEntry] { Self.entries(range) }

    /// Asks a fresh lookup about every event of `source` (keys in source order) and returns which were acknowledged.
    private func acknowledged(_ journal: ReplayJournal, source: [ReplayEventKey]) throws -> (Set<String>, ReplayJournalLookup.Mode) {
        let lookup = journal.makeLookup()
        var found = Set<String>()
        for (ordinal, key) in source.enumerated() where try lookup.wasAcknowledged(ordinal: ordinal, digest: ReplayJournalKeyDigest(key)) {
            found.insert(key.text)
        }
        return (found, lookup.mode)
    }

    private func texts(_ range: Range<Int>) -> Set<String> { Set(range.map { Self.key($0).text }) }

    func testAcknowledgedBatchesAreSkippedByTheNextRun() async throws {
        let path = directory + "/nested/j.journal"
        let first = try ReplayJournal.open(path: path, identity: "id")
        XCTAssertEqual(first.previouslyAcknowledged, 0)
        try await first.recordAcknowledged(entries(0..<3))
        try await first.recordAcknowledged(entries(3..<5))
        await first.close()

        let second = try ReplayJournal.open(path: path, identity: "id")
        XCTAssertEqual(second.previouslyAcknowledged, 5)
        let (found, mode) = try acknowledged(second, source: (0..<8).map(Self.key))
        XCTAssertEqual(found, texts(0..<5))
        XCTAssertEqual(mode, .byPosition, "an unchanged source is matched by position, without loading every key")
        await second.close()
    }

    func testBatchesAcknowledgedOutOfOrderAndGapsFilledByALaterRunAreMatchedByPosition() async throws {
        let path = directory + "/o.journal"
        let first = try ReplayJournal.open(path: path, identity: "id")
        // Four batches in flight finish in another order; the one for 10..<20 never does (the run was killed).
        for range in [20..<30, 0..<10, 40..<50, 30..<40] { try await first.recordAcknowledged(entries(range)) }
        await first.close()
        let second = try ReplayJournal.open(path: path, identity: "id")
        XCTAssertEqual(try acknowledged(second, source: (0..<60).map(Self.key)).0, texts(0..<10).union(texts(20..<50)))
        // The rerun sends 10..<20 and 50..<60, in batches interleaved with the skipped ranges' positions.
        try await second.recordAcknowledged(entries(10..<15) + entries(50..<52))
        try await second.recordAcknowledged(entries(15..<20) + entries(52..<60))
        await second.close()

        let third = try ReplayJournal.open(path: path, identity: "id")
        XCTAssertEqual(third.previouslyAcknowledged, 60)
        let (found, mode) = try acknowledged(third, source: (0..<61).map(Self.key))
        XCTAssertEqual(found, texts(0..<60))
        XCTAssertEqual(mode, .byPosition)
    }

    func testAChangedSourceIsMatchedByKeyAndNeverSkipsTheWrongEvent() async throws {
        let path = directory + "/changed.journal"
        let journal = try ReplayJournal.open(path: path, identity: "id")
        try await journal.recordAcknowledged(entries(0..<10))
        try await journal.recordAcknowledged(entries(20..<30))
        await journal.close()
        let reopened = try ReplayJournal.open(path: path, identity: "id")

        // Blob 3 was deleted and a new blob inserted before blob 25: every later event moved.
        var source = (0..<40).map(Self.key)
        source.remove(at: 3)
        source.insert(ReplayEventKey(blobName: "new.json", index: 0), at: 22)
        let (found, mode) = try acknowledged(reopened, source: source)
        XCTAssertEqual(found, texts(0..<10).union(texts(20..<30)).subtracting([Self.key(3).text]))
        XCTAssertEqual(mode, .byKey)

        // Another filter: a subset of the events, at other positions.
        let filtered = stride(from: 0, to: 40, by: 2).map(Self.key)
        XCTAssertEqual(try acknowledged(reopened, source: filtered).0, Set(filtered.map(\.text)).intersection(texts(0..<10).union(texts(20..<30))))
    }

    func testJournalWithoutOrdinalsFromAnEarlierVersionIsMatchedByKey() async throws {
        let path = directory + "/v1.journal"
        let records: [ReplayJournalRecord] = [.header(identity: "id"), .acknowledged(keys: (0..<4).map(Self.key))]
        try Data(ReplayJournalFraming.magic + records.flatMap { ReplayJournalFraming.frame($0.encoded()) }).write(to: URL(fileURLWithPath: path))
        let journal = try ReplayJournal.open(path: path, identity: "id")
        XCTAssertEqual(journal.previouslyAcknowledged, 4)
        try await journal.recordAcknowledged(entries(4..<6))
        await journal.close()

        let reopened = try ReplayJournal.open(path: path, identity: "id")
        XCTAssertEqual(reopened.previouslyAcknowledged, 6)
        let (found, mode) = try acknowledged(reopened, source: (0..<8).map(Self.key).reversed())
        XCTAssertEqual(found, texts(0..<6))
        XCTAssertEqual(mode, .byKey)
    }

    func testConcurrentRecordsAreAllDurable() async throws {
        let path = directory + "/c.journal"
        let journal = try ReplayJournal.open(path: path, identity: "id")
        try await withThrowingTaskGroup(of: Void.self) { group in
            for batch in 0..<50 {
                group.addTask { try await journal.recordAcknowledged(Self.entries((batch * 10)..<(batch * 10 + 10))) }
            }
            try await group.waitForAll()
        }
        await journal.close()
        let reopened = try ReplayJournal.open(path: path, identity: "id")
        XCTAssertEqual(reopened.previouslyAcknowledged, 500)
        XCTAssertEqual(try acknowledged(reopened, source: (0..<500).map(Self.key)).0.count, 500)
    }

    func testTornTailIsIgnoredAndCutBeforeAppending() async throws {
        let path = directory + "/t.journal"
        let journal = try ReplayJournal.open(path: path, identity: "id")
        try await journal.recordAcknowledged(entries(0..<2))
        await journal.close()
        // A crash in the middle of the next append: half a record at the end.
        let torn = ReplayJournalFraming.frame(ReplayJournalRecord.batch(entries: entries(2..<4)).encoded())
        let handle = try XCTUnwrap(FileHandle(forWritingAtPath: path))
        handle.seekToEndOfFile()
        handle.write(Data(torn.prefix(torn.count / 2)))
        try handle.close()

        let reopened = try ReplayJournal.open(path: path, identity: "id")
        XCTAssertEqual(reopened.previouslyAcknowledged, 2)
        XCTAssertEqual(reopened.discardedTailBytes, torn.count / 2)
        XCTAssertEqual(try acknowledged(reopened, source: (0..<4).map(Self.key)).0, texts(0..<2), "the torn batch is sent again")
        try await reopened.recordAcknowledged(entries(2..<3))
        await reopened.close()
        // The new record follows the last good one, so it is readable.
        let third = try ReplayJournal.open(path: path, identity: "id")
        XCTAssertEqual(third.previouslyAcknowledged, 3)
        XCTAssertEqual(third.discardedTailBytes, 0)
        XCTAssertEqual(try acknowledged(third, source: (0..<4).map(Self.key)).0, texts(0..<3))
    }

    func testAJournalOpenedTwiceAppendsOnlyWhatIsNew() async throws {
        let path = directory + "/same.journal"
        let journal = try ReplayJournal.open(path: path, identity: "id")
        try await journal.recordAcknowledged(entries(0..<3))
        await journal.close()
        let before = try Data(contentsOf: URL(fileURLWithPath: path))
        // A rerun that finds everything acknowledged writes nothing: the file stays byte for byte.
        let rerun = try ReplayJournal.open(path: path, identity: "id")
        XCTAssertEqual(try acknowledged(rerun, source: (0..<3).map(Self.key)).0, texts(0..<3))
        await rerun.close()
        XCTAssertEqual(try Data(contentsOf: URL(fileURLWithPath: path)), before)
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
