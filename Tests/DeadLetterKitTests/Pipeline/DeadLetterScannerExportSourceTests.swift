import Foundation
import XCTest
@testable import DeadLetterKit

/// An export file (what `deadletter export` writes) as a scan source: plain and gzip, records and bare events, and
/// a bad line that is named while the rest is read.
final class DeadLetterScannerExportSourceTests: XCTestCase {
    private var files: [URL] = []

    override func tearDown() {
        for file in files { try? FileManager.default.removeItem(at: file) }
        super.tearDown()
    }

    /// The sample exported as records (or bare events), one per line.
    private func sampleExport(eventsOnly: Bool = false) async throws -> (lines: [[UInt8]], deadLetters: [DeadLetter]) {
        let sample = try await PipelineFixtures.sampleScanner().collect()
        let lines = sample.deadLetters.map { deadLetter -> [UInt8] in
            var line: [UInt8] = []
            if eventsOnly { ExportRecord.appendEventOnly(deadLetter, to: &line) } else { ExportRecord.append(deadLetter, to: &line) }
            return line
        }
        return (lines, sample.deadLetters)
    }

    private func write(_ bytes: [UInt8], name: String) throws -> String {
        let file = PipelineFixtures.temporaryFile(name)
        files.append(file)
        try Data(bytes).write(to: file)
        return file.path
    }

    private func scan(_ path: String, filter: DeadLetterFilter = .all) async throws -> (deadLetters: [DeadLetter], summary: RunSummary) {
        var options = ScanOptions()
        options.filter = filter
        return try await DeadLetterScanner(source: .exportFile(path: path), options: options).collect()
    }

    private static func joined(_ lines: [[UInt8]]) -> [UInt8] {
        lines.flatMap { $0 + [UInt8(ascii: "\n")] }
    }

    func testAnExportGivesBackTheSameDeadLettersWithTheirOrigins() async throws {
        let export = try await sampleExport()
        let path = try write(Self.joined(export.lines), name: "sample.jsonl")
        let result = try await scan(path)
        XCTAssertEqual(result.deadLetters.count, PipelineFixtures.sampleDeadLetters)
        XCTAssertEqual(result.deadLetters.map { Array($0.eventBytes) }, export.deadLetters.map { JSONCompactor.compact(Array($0.eventBytes)) })
        XCTAssertEqual(result.deadLetters.map(\.origin.blobName), export.deadLetters.map(\.origin.blobName))
        XCTAssertEqual(result.deadLetters.map(\.origin.index), export.deadLetters.map(\.origin.index))
        XCTAssertEqual(result.deadLetters.map(\.origin.endpoint), export.deadLetters.map(\.origin.endpoint))
        XCTAssertEqual(result.deadLetters.map(\.facts), export.deadLetters.map(\.facts))
        XCTAssertEqual(result.summary.blobsListed, 1)
        XCTAssertEqual(result.summary.blobsRead, 1)
        XCTAssertEqual(result.summary.eventsRead, PipelineFixtures.sampleDeadLetters)
        XCTAssertEqual(result.summary.failedBlobs, [])

        // Written again, the records are byte-identical.
        let again = result.deadLetters.map { deadLetter -> [UInt8] in
            var line: [UInt8] = []
            ExportRecord.append(deadLetter, to: &line)
            return line
        }
        XCTAssertEqual(again, export.lines)
    }

    func testAGzipExportReadsLikeThePlainOne() async throws {
        let export = try await sampleExport()
        let plain = try await scan(try write(Self.joined(export.lines), name: "sample.jsonl"))
        let gzipped = try await scan(try write(try GzipWriter<ByteArraySink>.compress(Self.joined(export.lines)), name: "sample.jsonl.gz"))
        XCTAssertEqual(gzipped.deadLetters.map(\.bytes), plain.deadLetters.map(\.bytes))
        XCTAssertEqual(gzipped.summary.matched, PipelineFixtures.sampleDeadLetters)
        XCTAssertEqual(gzipped.summary.failedBlobs, [])
        // The file name does not matter: gzip is recognised by its first bytes.
        let unnamed = try await scan(try write(try GzipWriter<ByteArraySink>.compress(Self.joined(export.lines)), name: "data.bin"))
        XCTAssertEqual(unnamed.summary.matched, PipelineFixtures.sampleDeadLetters)
    }

    func testBareEventsFromEventsOnlyAreASource() async throws {
        let export = try await sampleExport(eventsOnly: true)
        let result = try await scan(try write(Self.joined(export.lines), name: "events.jsonl"))
        XCTAssertEqual(result.summary.matched, PipelineFixtures.sampleDeadLetters)
        XCTAssertEqual(result.deadLetters.map(\.attributes.id), export.deadLetters.map(\.attributes.id))
        XCTAssertEqual(result.summary.failedBlobs, [])
    }

    func testABadLineIsNamedAndTheOtherLinesAreRead() async throws {
        var lines = try await sampleExport().lines
        lines.insert(Array(#"{"blob":"x","event":{"id": tru"#.utf8), at: 10)
        let path = try write(Self.joined(lines), name: "bad-line.jsonl")
        let result = try await scan(path)
        XCTAssertEqual(result.deadLetters.count, PipelineFixtures.sampleDeadLetters)
        XCTAssertEqual(result.summary.eventsRead, PipelineFixtures.sampleDeadLetters + 1)
        XCTAssertEqual(result.summary.skipped[SkipReason.unparseable], 1)
        XCTAssertEqual(result.summary.failedBlobs.map(\.name), [path])
        XCTAssertFalse(result.summary.allBlobsRead)

        // Through gzip as well.
        let gzPath = try write(try GzipWriter<ByteArraySink>.compress(Self.joined(lines)), name: "bad-line.jsonl.gz")
        let gzipped = try await scan(gzPath)
        XCTAssertEqual(gzipped.deadLetters.count, PipelineFixtures.sampleDeadLetters)
        XCTAssertEqual(gzipped.summary.failedBlobs.map(\.name), [gzPath])
    }

    func testATruncatedGzipFileIsNamedWithTheDeadLettersBeforeTheCut() async throws {
        let export = try await sampleExport()
        let compressed = try GzipWriter<ByteArraySink>.compress(Self.joined(export.lines))
        let path = try write(Array(compressed.prefix(compressed.count / 2)), name: "cut.jsonl.gz")
        let result = try await scan(path)
        XCTAssertEqual(result.summary.failedBlobs.map(\.name), [path])
        XCTAssertGreaterThan(result.deadLetters.count, 0)
        XCTAssertLessThan(result.deadLetters.count, PipelineFixtures.sampleDeadLetters)
        XCTAssertEqual(result.deadLetters.map(\.attributes.id), Array(export.deadLetters.prefix(result.deadLetters.count).map(\.attributes.id)))
    }

    func testStoppingEarlyCountsOnlyWhatWasHandedOn() async throws {
        let export = try await sampleExport()
        let path = try write(Self.joined(export.lines), name: "limit.jsonl")
        let result = try await DeadLetterScanner(source: .exportFile(path: path), options: ScanOptions())
            .collect { count in count >= 2 ? .stop : .continue }
        XCTAssertEqual(result.deadLetters.count, 2)
        XCTAssertEqual(result.summary.matched, 2)
        XCTAssertEqual(result.summary.eventsRead, result.summary.matched + result.summary.skippedTotal)
        XCTAssertGreaterThan(result.summary.skipped[SkipReason.afterLimit] ?? 0, 0)
        XCTAssertEqual(result.summary.failedBlobs, [])
    }

    func testFiltersApplyToAnExportSource() async throws {
        let export = try await sampleExport()
        let filter = try DeadLetterFilter(flags: .init(endpoints: ["audit-sub"]))
        let result = try await scan(try write(Self.joined(export.lines), name: "filtered.jsonl"), filter: filter)
        XCTAssertEqual(result.deadLetters.map(\.attributes.id),
                       export.deadLetters.filter { $0.origin.endpoint == "audit-sub" }.map(\.attributes.id))
        XCTAssertEqual(result.summary.eventsRead, result.summary.matched + result.summary.skippedTotal)
    }

    func testAMissingFileFails() async throws {
        let path = PipelineFixtures.temporaryFile("missing.jsonl").path
        do {
            let result = try await scan(path)
            XCTAssertFalse(result.summary.allBlobsRead, "a missing export must not look like an empty one")
        } catch {
            XCTAssertTrue("\(error)".contains(path), "\(error)")
        }
    }
}
