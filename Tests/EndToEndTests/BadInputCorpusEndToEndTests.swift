import Foundation
import XCTest

/// `ls`, `stats` and `export` over the bad-input corpus (`Fixtures/bad/container`, plus two blobs over the per-event
/// size limit made here), once as a local mirror and once served by the emulator: every bad blob is named once with
/// its reason, every good one is read, the counts add up and the exit code is 2 ("some blobs could not be read").
final class BadInputCorpusEndToEndTests: XCTestCase {
    static let emulator = EndToEndEmulator()
    static let corpus = BadInputCorpus()

    override class func tearDown() {
        emulator.stopAndWait()
        super.tearDown()
    }

    // MARK: - The table

    /// What every command must make of one blob.
    enum Outcome {
        /// Read whole: this many dead letters come out.
        case read(events: Int)
        /// Named in the summary as not (fully) read, the reason containing `reason`; `delivered` dead letters of it
        /// still come out (the good elements of an array, or those before the point where the blob broke).
        case failed(reason: String, delivered: Int)
        /// Listed but deliberately not read (fits no layout and is not .json): named among the skipped blobs.
        case skipped(reason: String)
    }

    struct Row {
        var blob: String
        var outcome: Outcome
        /// The blob broke after `delivered` complete values in the same chunk (see `testDeadLettersBeforeTheBreak…`).
        var deliveredBeforeAFatalError = false
    }

    static let adt = "adt-bad-ep/2026/3/14/9/"
    static func eventGrid(_ number: Int) -> String { String(format: "BAD-EG-SUB/2026/3/14/9/%08x-bad0-4000-8000-000000000000.json", number) }
    static func cloudEvents(_ number: Int) -> String { String(format: "BAD-CE-SUB/2026/3/14/9/%08x-bad0-4ce0-8000-000000000000.json", number) }

    /// One row per blob of the corpus; Fixtures/bad/README.md says the same in words.
    static let table: [Row] = [
        // Good and edge-but-valid.
        Row(blob: adt + "good-twin-update.json", outcome: .read(events: 1)),
        Row(blob: adt + "good-compact.json", outcome: .read(events: 1)),
        Row(blob: adt + "good-utf8-bom.json", outcome: .read(events: 1)),
        Row(blob: adt + "good-huge-number.json", outcome: .read(events: 1)),
        Row(blob: adt + "good-escaped-nul-and-pair.json", outcome: .read(events: 1)),
        Row(blob: adt + "good-depth-64.json", outcome: .read(events: 1)),
        Row(blob: eventGrid(1), outcome: .read(events: 3)),
        Row(blob: eventGrid(2), outcome: .read(events: 0)),
        Row(blob: cloudEvents(1), outcome: .read(events: 2)),
        // Known gap: `specversion` "0.3" and the number 1.0 are not checked, so these are read as dead letters.
        Row(blob: cloudEvents(2), outcome: .read(events: 3)),
        // One problem per blob.
        Row(blob: adt + "truncated-object.json", outcome: .failed(reason: "truncated JSON: input ended at byte 337 inside a string", delivered: 0)),
        Row(blob: adt + "empty.json", outcome: .failed(reason: "empty input", delivered: 0)),
        Row(blob: adt + "whitespace-only.json", outcome: .failed(reason: "empty input", delivered: 0)),
        Row(blob: adt + "html-gateway-page.json", outcome: .failed(reason: "invalid JSON at byte 0: found '<'", delivered: 0)),
        Row(blob: adt + "storage-error-body.json", outcome: .failed(reason: "invalid JSON at byte 0: found '<'", delivered: 0)),
        Row(blob: adt + "invalid-utf8.json", outcome: .failed(reason: "invalid UTF-8 at byte 377", delivered: 0)),
        Row(blob: adt + "overlong-utf8.json", outcome: .failed(reason: "invalid UTF-8 at byte 281", delivered: 0)),
        Row(blob: adt + "utf16-encoded.json", outcome: .failed(reason: "invalid JSON at byte 0: found byte 0xFF", delivered: 0)),
        Row(blob: adt + "double-bom.json", outcome: .failed(reason: "invalid JSON at byte 3: found byte 0xEF", delivered: 0)),
        Row(blob: adt + "lone-surrogate-escape.json", outcome: .failed(reason: "invalid JSON at byte 288: \\u escape is a lone UTF-16 surrogate", delivered: 0)),
        Row(blob: adt + "nesting-too-deep.json", outcome: .failed(reason: "JSON nested deeper than 64 levels at byte 494", delivered: 0)),
        Row(blob: adt + "duplicate-keys.json", outcome: .failed(reason: "duplicate key \"id\" at byte 34", delivered: 0)),
        Row(blob: adt + "not-an-event.json", outcome: .failed(reason: "value 0 is not a dead letter", delivered: 0)),
        Row(blob: adt + "top-level-string.json", outcome: .failed(reason: "a JSON string is not an event", delivered: 0)),
        Row(blob: adt + "nul-padding.json", outcome: .failed(reason: "invalid JSON at byte 432: unexpected content after the end", delivered: 1),
            deliveredBeforeAFatalError: true),
        Row(blob: adt + "raw-nul-in-string.json", outcome: .failed(reason: "raw control character 0x00 inside a string", delivered: 0)),
        Row(blob: adt + "raw-tab-in-string.json", outcome: .failed(reason: "raw control character 0x09 inside a string", delivered: 0)),
        Row(blob: adt + "invalid-escape.json", outcome: .failed(reason: "invalid JSON at byte 291: unknown escape sequence", delivered: 0)),
        Row(blob: adt + "number-leading-zero.json", outcome: .failed(reason: "invalid JSON number at byte 191: leading zeros", delivered: 0)),
        Row(blob: adt + "nan-literal.json", outcome: .failed(reason: "invalid JSON at byte 202: found 'N'", delivered: 0)),
        Row(blob: adt + "single-quotes.json", outcome: .failed(reason: "invalid JSON at byte 1: found '''", delivered: 0)),
        Row(blob: adt + "leading-comment.json", outcome: .failed(reason: "invalid JSON at byte 0: found '/'", delivered: 0)),
        Row(blob: adt + "trailing-comma.json", outcome: .failed(reason: "found '}', expected a member name", delivered: 0)),
        Row(blob: adt + "json-lines-in-blob.json", outcome: .failed(reason: "invalid JSON at byte 601: unexpected content after the end", delivered: 1),
            deliveredBeforeAFatalError: true),
        Row(blob: adt + "gzip-named-json.json", outcome: .failed(reason: "invalid JSON at byte 0: found byte 0x1F", delivered: 0)),
        Row(blob: adt + BadInputCorpus.oversizeEvent, outcome: .failed(reason: "larger than the 4194304-byte limit", delivered: 0)),
        Row(blob: eventGrid(3), outcome: .failed(reason: "value 1: skipped: duplicate key \"subject\"", delivered: 2)),
        Row(blob: eventGrid(4), outcome: .failed(reason: "value 1 is not a dead letter", delivered: 1)),
        Row(blob: eventGrid(5), outcome: .failed(reason: "value 1 at byte 919: a JSON number is not an event", delivered: 2)),
        Row(blob: eventGrid(6), outcome: .failed(reason: "truncated JSON: input ended at byte 2095", delivered: 2)),
        Row(blob: eventGrid(7), outcome: .failed(reason: "invalid JSON at byte 902: found '{', expected ',' or ']' after array element 0", delivered: 1),
            deliveredBeforeAFatalError: true),
        Row(blob: eventGrid(8), outcome: .failed(reason: "value 1: skipped: JSON nested deeper than 64 levels", delivered: 2)),
        Row(blob: eventGrid(9), outcome: .failed(reason: "invalid JSON at byte 1450: unexpected content after the end", delivered: 2),
            deliveredBeforeAFatalError: true),
        Row(blob: BadInputCorpus.oversizeElementBlob, outcome: .failed(reason: "value 1: skipped: JSON value starting at byte 166 is larger than the 4194304-byte limit", delivered: 2)),
        Row(blob: "adt-bad-ep/notes.txt", outcome: .skipped(reason: "blob fits no dead-letter layout and is not .json")),
    ]

    static var failedRows: [(blob: String, reason: String)] {
        table.compactMap { row in
            if case .failed(let reason, _) = row.outcome { return (row.blob, reason) }
            return nil
        }
    }

    static var readRows: [String] {
        table.compactMap { row in
            if case .read = row.outcome { return row.blob }
            return nil
        }
    }

    /// Dead letters each blob gives, for the blobs whose count does not depend on the fatal-error case.
    static var dependableDeliveries: [String: Int] {
        var counts: [String: Int] = [:]
        for row in table where !row.deliveredBeforeAFatalError {
            switch row.outcome {
            case .read(let events): counts[row.blob] = events
            case .failed(_, let delivered): counts[row.blob] = delivered
            case .skipped: counts[row.blob] = 0
            }
        }
        return counts
    }

    static var expectedDeliveries: Int {
        table.reduce(0) { total, row in
            switch row.outcome {
            case .read(let events): return total + events
            case .failed(_, let delivered): return total + delivered
            case .skipped: return total
            }
        }
    }

    // MARK: - Tests

    func testTheTableCoversEveryBlobOfTheCorpus() throws {
        let names = Set(try BadInputCorpus.blobs().map(\.name))
        XCTAssertEqual(names, Set(Self.table.map(\.blob)), "add a row for each blob in Fixtures/bad/container")
        XCTAssertEqual(Self.table.count, Set(Self.table.map(\.blob)).count, "one row per blob")
    }

    func testEveryBlobIsAccountedForByLsStatsAndExport() async throws {
        let context = try await Self.emulator.start()
        let container = try await Self.corpus.seed(context)
        for source in [context.url(container), context.mirror(container)] {
            for command in ["ls", "stats"] {
                let result = try await context.run([command, source, "--format", "json", "-q"])
                XCTAssertEqual(result.exitCode, 2, result.transcript)
                let summary = try XCTUnwrap(CLIOutput.jsonDocument(result)["summary"] as? [String: Any], result.transcript)
                checkSummary(summary, label: "\(command) \(source)")
                if command == "ls" {
                    let rows = try XCTUnwrap(CLIOutput.jsonDocument(result)["deadLetters"] as? [[String: Any]])
                    let blobs = rows.map { ($0["blob"] as? String ?? "").split(separator: "#").first.map(String.init) ?? "" }
                    checkDeliveries(blobs, label: "ls \(source)")
                }
            }
            let output = try context.scratchDirectory().appendingPathComponent("bad.jsonl")
            let export = try await context.run(["export", source, "-q", "-o", output.path])
            XCTAssertEqual(export.exitCode, 2, export.transcript)
            XCTAssertFalse(export.stderr.contains("error:"), export.transcript)
            checkTextSummary(export.stderr, label: "export \(source)")
            let lines = try String(contentsOf: output, encoding: .utf8).split(separator: "\n").map(String.init)
            checkDeliveries(lines.map(Self.exportedBlobName), label: "export \(source)")
            checkValuesAreKeptAsWritten(lines, label: "export \(source)")
        }
    }

    /// A blob that breaks after complete values in the same chunk (trailing bytes after the object or the array, a
    /// missing comma): those values are counted as matched, so they must also reach the output — otherwise
    /// `export` says "wrote N dead letters" and writes fewer.
    func testDeadLettersBeforeTheBreakOfABlobReachTheOutput() async throws {
        let context = try await Self.emulator.start()
        let container = try await Self.corpus.seed(context)
        let ls = try await context.run(["ls", context.mirror(container), "--format", "json", "-q"])
        let document = CLIOutput.jsonDocument(ls)
        let rows = try XCTUnwrap(document["deadLetters"] as? [[String: Any]], ls.transcript)
        let summary = try XCTUnwrap(document["summary"] as? [String: Any], ls.transcript)
        XCTAssertEqual(summary["matched"] as? Int, rows.count, "matched must be what was output")
        XCTAssertEqual(rows.count, Self.expectedDeliveries)
        let counts = Dictionary(grouping: rows.map { ($0["blob"] as? String ?? "").split(separator: "#").first.map(String.init) ?? "" },
                                by: { $0 }).mapValues(\.count)
        for row in Self.table where row.deliveredBeforeAFatalError {
            guard case .failed(_, let delivered) = row.outcome else { continue }
            XCTAssertEqual(counts[row.blob] ?? 0, delivered, "\(row.blob): the values before the break")
        }
    }

    /// The text summary names each blob once: the reason must not repeat the blob's name.
    func testTheTextSummaryNamesEachBadBlobOnce() async throws {
        let context = try await Self.emulator.start()
        let container = try await Self.corpus.seed(context)
        let result = try await context.run(["stats", context.mirror(container), "-q", "--no-histogram"])
        XCTAssertEqual(result.exitCode, 2, result.transcript)
        for line in Self.summaryLines(result.stderr) {
            guard let name = Self.failedRows.map(\.blob).first(where: { line.hasPrefix("  \($0): ") }) else { continue }
            XCTAssertEqual(line.occurrences(of: name), 1, line)
        }
    }

    /// A truncation inside a later element of an array gives absolute byte offsets, also for where the open string began.
    func testATruncationInsideALaterElementGivesAbsoluteOffsets() async throws {
        let context = try await Self.emulator.start()
        let container = try await Self.corpus.seed(context)
        let result = try await context.run(["ls", context.mirror(container), "--format", "json", "-q"])
        let summary = try XCTUnwrap(CLIOutput.jsonDocument(result)["summary"] as? [String: Any], result.transcript)
        let failed = try XCTUnwrap(summary["failedBlobs"] as? [[String: Any]])
        let reason = failed.first { $0["blob"] as? String == Self.eventGrid(6) }?["reason"] as? String ?? ""
        // Element 2 starts at byte 1701; the string that was cut off opens at byte 2091 of the blob.
        XCTAssertTrue(reason.contains("inside a string starting at byte 2091"), reason)
    }

    // MARK: - Checks

    private func checkSummary(_ summary: [String: Any], label: String, line: UInt = #line) {
        let failed = summary["failedBlobs"] as? [[String: Any]] ?? []
        let skippedBlobs = summary["skippedBlobs"] as? [[String: Any]] ?? []
        let listed = summary["blobsListed"] as? Int ?? -1, read = summary["blobsRead"] as? Int ?? -1
        XCTAssertEqual(listed, Self.table.count, label, line: line)
        XCTAssertEqual(read, Self.readRows.count, label, line: line)
        XCTAssertEqual(listed, read + failed.count + skippedBlobs.count, "\(label): listed = read + failed + skipped", line: line)
        let skippedTotal = (summary["skipped"] as? [String: Int] ?? [:]).values.reduce(0, +)
        XCTAssertEqual(summary["eventsRead"] as? Int, (summary["matched"] as? Int ?? -1) + skippedTotal,
                       "\(label): events read = matched + skipped", line: line)
        XCTAssertEqual(summary["skippedTotal"] as? Int, skippedTotal, label, line: line)

        let names = failed.compactMap { $0["blob"] as? String }
        XCTAssertEqual(names.count, Set(names).count, "\(label): each failed blob named once", line: line)
        XCTAssertEqual(Set(names), Set(Self.failedRows.map(\.blob)), label, line: line)
        for (blob, expected) in Self.failedRows {
            let reason = failed.first { $0["blob"] as? String == blob }?["reason"] as? String ?? "<not named>"
            XCTAssertTrue(reason.contains(expected), "\(label): \(blob): expected “\(expected)”, got “\(reason)”", line: line)
        }
        let skippedNames = skippedBlobs.compactMap { $0["blob"] as? String }
        XCTAssertEqual(skippedNames, Self.table.compactMap { row in
            if case .skipped = row.outcome { return row.blob }
            return nil
        }, label, line: line)
        for row in Self.table {
            guard case .skipped(let expected) = row.outcome else { continue }
            let reason = skippedBlobs.first { $0["blob"] as? String == row.blob }?["reason"] as? String ?? ""
            XCTAssertTrue(reason.contains(expected), "\(label): \(row.blob): \(reason)", line: line)
        }
    }

    /// The text summary on stderr: the counts, and the first 20 failed blobs each on its line with its reason.
    private func checkTextSummary(_ stderr: String, label: String, line: UInt = #line) {
        let count = Self.failedRows.count
        XCTAssertTrue(stderr.contains("\(count) blobs could not be read:"), "\(label)\n\(stderr)", line: line)
        XCTAssertEqual(ReplayReportReading.count("blobs listed", in: stderr), Self.table.count, label, line: line)
        XCTAssertEqual(ReplayReportReading.count("blobs read", in: stderr), Self.readRows.count, label, line: line)
        XCTAssertEqual(ReplayReportReading.count("blobs not read", in: stderr), count, label, line: line)
        let named = Self.summaryLines(stderr)
        let shown = min(count, 20)
        XCTAssertEqual(named.filter { line in Self.failedRows.contains { line.hasPrefix("  \($0.blob): ") } }.count, shown,
                       "\(label)\n\(stderr)", line: line)
        if count > 20 {
            XCTAssertTrue(stderr.contains("… and \(count - 20) more"), "\(label)\n\(stderr)", line: line)
        }
        for (blob, expected) in Self.failedRows {
            guard let text = named.first(where: { $0.hasPrefix("  \(blob): ") }) else { continue }
            XCTAssertTrue(text.contains(expected), "\(label): \(text)", line: line)
        }
        XCTAssertTrue(stderr.contains("1 blob was skipped:"), "\(label)\n\(stderr)", line: line)
    }

    /// Every good blob gives all its dead letters; every partly read blob gives its good ones.
    private func checkDeliveries(_ blobs: [String], label: String, line: UInt = #line) {
        let counts = Dictionary(grouping: blobs, by: { $0 }).mapValues(\.count)
        for (blob, expected) in Self.dependableDeliveries {
            XCTAssertEqual(counts[blob] ?? 0, expected, "\(label): dead letters from \(blob)", line: line)
        }
        let unknown = Set(counts.keys).subtracting(Self.table.map(\.blob))
        XCTAssertTrue(unknown.isEmpty, "\(label): output from blobs not in the table: \(unknown)", line: line)
    }

    /// Values JSON allows but many decoders change: kept byte for byte (only whitespace outside strings goes).
    private func checkValuesAreKeptAsWritten(_ lines: [String], label: String, line: UInt = #line) {
        func event(of blob: String) -> String { lines.first { Self.exportedBlobName($0) == Self.adt + blob } ?? "<missing>" }
        XCTAssertTrue(event(of: "good-huge-number.json").contains(#""data":{"reading":1e999999,"tiny":-1e-999999}"#), label, line: line)
        XCTAssertTrue(event(of: "good-escaped-nul-and-pair.json").contains(#""note":"a\u0000b","emoji":"\ud83d\ude00""#), label, line: line)
        XCTAssertFalse(event(of: "good-utf8-bom.json").contains("\u{FEFF}"), "\(label): the BOM is not part of the event", line: line)
    }

    // MARK: - Reading the output

    /// The `blob` member that starts every export record.
    static func exportedBlobName(_ record: String) -> String {
        guard let start = record.range(of: #"{"blob":""#), let end = record.range(of: #"","index":"#) else { return "<no blob>" }
        return String(record[start.upperBound..<end.lowerBound])
    }

    /// The indented lines under "N blobs could not be read:".
    static func summaryLines(_ stderr: String) -> [String] {
        let lines = stderr.components(separatedBy: "\n")
        guard let start = lines.firstIndex(where: { $0.hasSuffix("blobs could not be read:") }) else { return [] }
        return Array(lines[(start + 1)...].prefix { $0.hasPrefix("  ") })
    }
}

/// The corpus as blobs: the committed files, plus the two that exceed the default per-event limit (4 MiB), made here so
/// that the repository does not carry megabytes. Seeded once per emulator into a container of its own.
actor BadInputCorpus {
    static let oversizeEvent = "oversize-event.json"
    static let oversizeElementBlob = "BAD-CE-SUB/2026/3/14/9/0000000a-bad0-4ce0-8000-000000000000.json"

    /// The emulator's data directory and the container seeded in it.
    private var seeded: (root: URL, container: String)?

    static var directory: URL { DeadLetterCLI.packageRoot.appendingPathComponent("Fixtures/bad/container") }

    /// Every blob: name (path under the container) and bytes.
    static func blobs() throws -> [(name: String, bytes: [UInt8])] {
        let root = directory.standardizedFileURL.path + "/"
        var blobs: [(name: String, bytes: [UInt8])] = []
        let enumerator = FileManager.default.enumerator(at: directory, includingPropertiesForKeys: [.isRegularFileKey])
        while let url = enumerator?.nextObject() as? URL {
            guard (try url.resourceValues(forKeys: [.isRegularFileKey])).isRegularFile == true else { continue }
            let path = url.standardizedFileURL.path
            blobs.append((String(path.dropFirst(root.count)), Array(try Data(contentsOf: url))))
        }
        let huge = String(repeating: "x", count: 5 << 20)
        func event(_ id: String, data: String) -> String {
            #"{"specversion":"1.0","id":"\#(id)","type":"Microsoft.DigitalTwins.Twin.Update","source":"contoso-adt.api.wus2.digitaltwins.azure.net","subject":"room-1","data":\#(data)}"#
        }
        blobs.append((BadInputCorpusEndToEndTests.adt + oversizeEvent, Array(event("oversize-1", data: #"{"blob":"\#(huge)"}"#).utf8)))
        let array = "[" + [event("small-1", data: "{}"), event("oversize-2", data: #"{"blob":"\#(huge)"}"#), event("small-2", data: "{}")]
            .joined(separator: ",") + "]"
        blobs.append((oversizeElementBlob, Array(array.utf8)))
        return blobs.sorted { $0.name < $1.name }
    }

    /// The container holding the corpus in this emulator (created on first use).
    func seed(_ context: EndToEndEmulator.Context) async throws -> String {
        if let seeded, seeded.root == context.root { return seeded.container }
        let container = "badinputs-\(UUID().uuidString.prefix(8).lowercased())"
        try await context.server.createContainer(container)
        for blob in try Self.blobs() {
            try await context.server.putBlob(container: container, name: blob.name, bytes: blob.bytes)
        }
        seeded = (context.root, container)
        return container
    }
}
