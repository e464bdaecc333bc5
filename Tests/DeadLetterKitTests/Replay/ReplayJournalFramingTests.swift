import XCTest
@testable import DeadLetterKit

final class ReplayJournalFramingTests: XCTestCase {
    private func journalBytes(_ records: [ReplayJournalRecord]) -> [UInt8] {
        ReplayJournalFraming.magic + records.flatMap { ReplayJournalFraming.frame($0.encoded()) }
    }

    private func decode(_ bytes: [UInt8]) throws -> (identity: String?, keys: [String], scan: ReplayJournalFraming.Scan) {
        var identity: String?
        var keys: [String] = []
        let scan = try ReplayJournalFraming.scan(bytes) { payload in
            switch try ReplayJournalRecord.decode(payload) {
            case .header(let text): identity = text
            case .acknowledged(let recorded): keys += recorded.map(\.text)
            case .batch(let entries): keys += entries.map { "#\($0.ordinal)" }
            }
        }
        return (identity, keys, scan)
    }

    func testChecksumIsStandardCRC32() {
        XCTAssertEqual(ReplayJournalChecksum.crc32(Array("123456789".utf8)), 0xCBF4_3926)
        XCTAssertEqual(ReplayJournalChecksum.crc32([UInt8]()), 0)
    }

    func testRecordsRoundTrip() throws {
        let keys = [ReplayEventKey(blobName: "ep/2024/1/5/13/a.json", index: 0), ReplayEventKey(eventSource: "src", id: "é-ü 1"),
                    ReplayEventKey(text: String(repeating: "k", count: 300))]
        let bytes = journalBytes([.header(identity: "source=a target=b"), .acknowledged(keys: keys), .acknowledged(keys: [keys[0]])])
        let result = try decode(bytes)
        XCTAssertEqual(result.identity, "source=a target=b")
        XCTAssertEqual(result.keys, keys.map(\.text) + [keys[0].text])
        XCTAssertEqual(result.scan, .init(validLength: bytes.count, records: 3, discardedBytes: 0))
    }

    func testBatchRecordsRoundTripOrdinalsAndDigestsInOrdinalOrder() throws {
        let entries = [ReplayJournalEntry(ordinal: 1_000_007, key: ReplayEventKey(text: "b")), ReplayJournalEntry(ordinal: 3, key: ReplayEventKey(text: "a")),
                       ReplayJournalEntry(ordinal: 4, key: ReplayEventKey(text: "c"))]
        let payload = ReplayJournalRecord.batch(entries: entries).encoded()
        XCTAssertEqual(try ReplayJournalRecord.decode(payload[...]), .batch(entries: entries.sorted { $0.ordinal < $1.ordinal }))
        // 1 kind + 1 count + ordinals (1, 1 and 3 varint bytes) + 3 × 16 digest bytes.
        XCTAssertEqual(payload.count, 2 + 5 + 48)
        for cut in 1..<payload.count {
            XCTAssertThrowsError(try ReplayJournalRecord.decode(payload[..<cut]), "cut at \(cut)")
        }
        var absurd: [UInt8] = [3]
        ReplayJournalRecord.appendVarint(UInt64(Int.max), to: &absurd)
        XCTAssertEqual(decodingFailure(of: absurd), .truncated, "a count the payload cannot hold")
    }

    func testTornLastRecordIsIgnoredAtEveryCutPoint() throws {
        let good = journalBytes([.header(identity: "x"), .acknowledged(keys: [ReplayEventKey(text: "a"), ReplayEventKey(text: "b")])])
        let last = ReplayJournalFraming.frame(ReplayJournalRecord.acknowledged(keys: [ReplayEventKey(text: "c")]).encoded())
        // Whatever prefix of the last record made it to disk, the journal reads as the good part.
        for cut in 0..<last.count {
            let result = try decode(good + last.prefix(cut))
            XCTAssertEqual(result.keys, ["a", "b"], "cut at \(cut)")
            XCTAssertEqual(result.scan.validLength, good.count)
            XCTAssertEqual(result.scan.discardedBytes, cut)
        }
        XCTAssertEqual(try decode(good + last).keys, ["a", "b", "c"])
    }

    func testGarbledRecordEndsTheValidPart() throws {
        var bytes = journalBytes([.header(identity: "x"), .acknowledged(keys: [ReplayEventKey(text: "a")]),
                                  .acknowledged(keys: [ReplayEventKey(text: "b")])])
        bytes[bytes.count - 1] ^= 0xFF  // flips a byte of the last key: its checksum no longer matches
        let result = try decode(bytes)
        XCTAssertEqual(result.keys, ["a"])
        XCTAssertEqual(result.scan.records, 2)
        XCTAssertGreaterThan(result.scan.discardedBytes, 0)
    }

    func testAbsurdLengthIsTreatedAsTorn() throws {
        var bytes = journalBytes([.header(identity: "x")])
        bytes += [0xFF, 0xFF, 0xFF, 0x7F, 0, 0, 0, 0, 1, 2, 3]
        XCTAssertEqual(try decode(bytes).scan.records, 1)
    }

    func testForeignFileIsRejectedButATornMagicIsFresh() {
        XCTAssertThrowsError(try decode(Array("{\"hello\":1}".utf8)))
        XCTAssertEqual(try decode(Array("DLRE".utf8)).scan, .init(validLength: 0, records: 0, discardedBytes: 4))
        XCTAssertEqual(try decode([]).scan, .init(validLength: 0, records: 0, discardedBytes: 0))
    }

    func testDigestsDifferAndAreStable() {
        let a = ReplayJournalKeyDigest(ReplayEventKey(blobName: "b", index: 1))
        XCTAssertEqual(a, ReplayJournalKeyDigest(utf8: Array("blob:b#1".utf8)))
        XCTAssertNotEqual(a, ReplayJournalKeyDigest(ReplayEventKey(blobName: "b", index: 10)))
        var seen = Set<ReplayJournalKeyDigest>()
        for index in 0..<100_000 { seen.insert(ReplayJournalKeyDigest(ReplayEventKey(blobName: "ep/2024/1/5/13/x.json", index: index))) }
        XCTAssertEqual(seen.count, 100_000)
        XCTAssertEqual(a.hex.count, 32)
    }

    private func decodingFailure(of payload: [UInt8]) -> ReplayJournalRecord.DecodingFailure? {
        do {
            _ = try ReplayJournalRecord.decode(payload[...])
            return nil
        } catch {
            return error
        }
    }
}
