import AzureCore
import Foundation
import XCTest

/// What `ls` (table, json, jsonl, csv, --limit), `show` and `stats` print, through the emulator.
final class OutputFormatEndToEndTests: XCTestCase {
    static let emulator = EndToEndEmulator()

    override class func tearDown() {
        emulator.stopAndWait()
        super.tearDown()
    }

    static let triageOrder = ["td-1", "ru-1", "tc-1", "tu-1", "rc-1", "rd-1", "te-1", "late-1"]
    static let columns = ["time", "endpoint", "type", "twin", "id", "reason", "blob"]

    func testTableHasAHeaderAndOneAlignedRowPerDeadLetter() async throws {
        let context = try await Self.emulator.start()
        let result = try await context.run(["ls", context.url(EndToEndContainers.triage), "-q"])
        XCTAssertEqual(result.exitCode, 0, result.transcript)
        let lines = result.lines
        XCTAssertEqual(lines.count, 1 + Self.triageOrder.count, result.transcript)
        let header = lines[0].split(separator: " ").map(String.init)
        XCTAssertEqual(header, Self.columns)
        // Every row starts its id where the header's `id` column starts.
        let idColumn = try XCTUnwrap(lines[0].range(of: " id ")).lowerBound.utf16Offset(in: lines[0]) + 1
        for (row, id) in zip(lines.dropFirst(), Self.triageOrder) {
            let cell = row.utf8.dropFirst(idColumn).prefix(id.utf8.count)
            XCTAssertEqual(String(decoding: cell, as: UTF8.self), id, row)
        }
        XCTAssertTrue(lines[2].contains("ru-1") && lines[2].contains("TimeToLiveExceeded") && lines[2].contains("EG-SUB"))
        // A missing value shows as "-" (tc-1 has no dead-letter reason), and an array element's blob carries "#index".
        XCTAssertTrue(lines[3].contains(" - "), lines[3])
        XCTAssertTrue(lines[2].contains("4f1a0c5e-0000-4000-8000-000000000001.json#1"), lines[2])
        // The summary goes to stderr, never into the table.
        XCTAssertTrue(result.stderr.contains("matched"), result.transcript)
        XCTAssertFalse(result.stdout.contains("blobs listed"))
    }

    func testJSONIsOneDocumentWithRowsAndTheSummary() async throws {
        let context = try await Self.emulator.start()
        let result = try await context.run(["ls", context.url(EndToEndContainers.triage), "--format", "json", "-q"])
        XCTAssertEqual(result.exitCode, 0, result.transcript)
        let document = CLIOutput.jsonDocument(result)
        let rows = try XCTUnwrap(document["deadLetters"] as? [[String: Any]], result.transcript)
        XCTAssertEqual(rows.map { $0["id"] as? String }, Self.triageOrder)
        XCTAssertEqual(Set(rows[0].keys), Set(Self.columns))
        XCTAssertEqual(rows[0]["reason"] as? String, "MaxDeliveryAttemptsExceeded")
        XCTAssertEqual(rows[0]["twin"] as? String, "room-3")
        XCTAssertEqual(rows[0]["time"] as? String, "2026-01-10T05:15:00Z")
        XCTAssertTrue(rows[2]["reason"] is NSNull, "a missing value is null in JSON: \(rows[2])")
        let summary = try XCTUnwrap(document["summary"] as? [String: Any])
        XCTAssertEqual(summary["matched"] as? Int, 8)
        XCTAssertEqual(summary["blobsListed"] as? Int, 7)
        XCTAssertEqual(summary["blobsRead"] as? Int, 7)
        XCTAssertEqual(summary["eventsRead"] as? Int, 8)
        XCTAssertEqual((summary["failedBlobs"] as? [Any])?.count, 0)
    }

    /// The JSON document is written as rows come: with no row it is still whole, and a run refused before its first
    /// row writes nothing at all (no dangling `{`).
    func testJSONWithNoRowsIsWholeAndARefusedRunWritesNothing() async throws {
        let context = try await Self.emulator.start()
        let none = try await context.run(["ls", context.url(EndToEndContainers.triage), "--format", "json", "-q", "--type", "no.such.type"])
        XCTAssertEqual(none.exitCode, 0, none.transcript)
        XCTAssertTrue(none.stdout.hasPrefix("{\n  \"deadLetters\": [],\n  \"summary\": {"), none.transcript)
        XCTAssertEqual((CLIOutput.jsonDocument(none)["deadLetters"] as? [Any])?.count, 0, none.transcript)

        let key = try XCTUnwrap(Data(base64Encoded: EndToEndEmulator.Context.accountKey))
        let values = StorageSASSigner.ServiceValues(permissions: "r", expiry: "2099-01-01T00:00:00Z", resource: "c",
                                                    container: EndToEndContainers.triage)
        let token = StorageSASSigner.serviceToken(values, accountName: "devstoreaccount1", accountKey: Array(key))
        let refused = try await DeadLetterCLI.run(["ls", context.url(EndToEndContainers.triage) + "?" + token, "--format", "json", "-q"])
        XCTAssertEqual(refused.exitCode, 1, refused.transcript)
        XCTAssertEqual(refused.stdout, "", refused.transcript)
    }

    func testJSONLinesHasOneObjectPerDeadLetter() async throws {
        let context = try await Self.emulator.start()
        let result = try await context.run(["ls", context.url(EndToEndContainers.triage), "--format", "jsonl", "-q"])
        XCTAssertEqual(result.exitCode, 0, result.transcript)
        let rows = CLIOutput.jsonLines(result)
        XCTAssertEqual(rows.count, 8)
        XCTAssertEqual(rows.map { $0["id"] as? String }, Self.triageOrder)
        XCTAssertTrue(rows.allSatisfy { Set($0.keys) == Set(Self.columns) })
        XCTAssertEqual(rows.map { $0["endpoint"] as? String },
                       ["EG-SUB", "EG-SUB", "ep-alpha", "ep-alpha", "ep-alpha", "ep-alpha", "ep-alpha", "ep-late"])
        XCTAssertEqual(rows[6]["time"] as? String, "2026-01-10T05:00:00Z", "telemetry placed at its dead-letter hour")
    }

    func testCSVHasAHeaderAndSevenColumnsPerRecord() async throws {
        let context = try await Self.emulator.start()
        let result = try await context.run(["ls", context.url(EndToEndContainers.sample), "--format", "csv", "-q"])
        XCTAssertEqual(result.exitCode, 2, result.transcript)  // the sample's bad blobs
        let records = CLIOutput.csvRecords(result.stdout)
        XCTAssertEqual(records.first, Self.columns)
        XCTAssertEqual(records.count, 1 + 369)
        for record in records { XCTAssertEqual(record.count, 7, "\(record)") }
        // A reason with spaces survives as one field.
        XCTAssertTrue(records.contains { $0[5] == "Undeliverable due to client error" })
    }

    func testLimitStopsAfterNDeadLettersInTheSameOrder() async throws {
        let context = try await Self.emulator.start()
        let url = context.url(EndToEndContainers.sample)
        let all = try await context.run(["ls", url, "--format", "jsonl", "-q"])
        let seven = try await context.run(["ls", url, "--format", "jsonl", "-q", "--limit", "7"])
        XCTAssertEqual(seven.exitCode, 0, seven.transcript)
        XCTAssertEqual(seven.lines, Array(all.lines.prefix(7)))
        let one = try await context.run(["ls", url, "--format", "json", "-q", "--limit", "1"])
        XCTAssertEqual((CLIOutput.jsonDocument(one)["deadLetters"] as? [Any])?.count, 1, one.transcript)
        // The summary counts what was listed, not the rest of the blob it stopped in (td-1's blob also holds ru-1).
        let triage = try await context.run(["ls", context.url(EndToEndContainers.triage), "--format", "json", "-q", "--limit", "1"])
        let summary = try XCTUnwrap(CLIOutput.jsonDocument(triage)["summary"] as? [String: Any], triage.transcript)
        XCTAssertEqual(summary["matched"] as? Int, 1, triage.transcript)
        XCTAssertEqual((summary["skipped"] as? [String: Int])?["not passed on: the run stopped at --limit"], 1, triage.transcript)
        let zero = try await context.run(["ls", url, "--limit", "0"])
        XCTAssertEqual(zero.exitCode, 1, zero.transcript)
        XCTAssertTrue(zero.stderr.contains("--limit"), zero.transcript)
    }

    func testShowPrintsHeaderLinesAndThePrettyEventExactly() async throws {
        let context = try await Self.emulator.start()
        let result = try await context.run(["show", context.url(EndToEndContainers.triage), "--id", "ru-1", "--id", "tc-1", "-q"])
        XCTAssertEqual(result.exitCode, 0, result.transcript)
        let blocks = result.stdout.components(separatedBy: "\n\n").filter { !$0.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty }
        XCTAssertEqual(blocks.count, 2, result.transcript)
        guard blocks.count == 2 else { return }

        let eventGrid = blocks[0].components(separatedBy: "\n")
        XCTAssertEqual(eventGrid[0], "# EG-SUB/2026/1/10/6/4f1a0c5e-0000-4000-8000-000000000001.json [1] · eventgrid · endpoint EG-SUB · dead-lettered 2026-01-10T06:00:00Z")
        XCTAssertEqual(eventGrid[1], "# reason TimeToLiveExceeded · 5 attempts · last outcome Busy · last HTTP 503 · last attempt 2026-01-10T05:59:00Z")
        try assertPretty(eventGrid.dropFirst(2), equals: EndToEndContainers.relationshipUpdate)

        let adt = blocks[1].components(separatedBy: "\n")
        XCTAssertEqual(adt[0], "# ep-alpha/2026/1/10/3/tc-1.json · cloudevents · endpoint ep-alpha · dead-lettered 2026-01-10T03:00:00Z")
        XCTAssertEqual(adt[1], "{", "an ADT dead letter records no delivery facts: one header line")
        try assertPretty(adt.dropFirst(1), equals: EndToEndContainers.twinCreate)
        XCTAssertTrue(blocks[1].contains("\n    \"$metadata\": {\n      \"$model\": \"dtmi:test:Room;1\"\n    }"), blocks[1])
        XCTAssertFalse(result.stdout.contains("\u{1B}["), "no colour when stdout is not a terminal")
    }

    /// The pretty JSON is the stored event re-indented: same members in the same order, two spaces per level.
    private func assertPretty(_ lines: ArraySlice<String>, equals event: EndToEndEvent, file: StaticString = #filePath, line: UInt = #line) throws {
        let text = lines.joined(separator: "\n")
        XCTAssertTrue(text.hasPrefix("{\n  \"") && text.hasSuffix("\n}"), text, file: file, line: line)
        let compact = text.components(separatedBy: "\n").map { $0.trimmingCharacters(in: .whitespaces) }.joined()
            .replacingOccurrences(of: "\": ", with: "\":")
        XCTAssertEqual(compact, event.compact, file: file, line: line)
    }

    func testStatsTextNestsGroupsAndDrawsTheHistogram() async throws {
        let context = try await Self.emulator.start()
        let result = try await context.run(["stats", context.url(EndToEndContainers.triage), "--by", "type", "--by", "reason", "-q"])
        XCTAssertEqual(result.exitCode, 0, result.transcript)
        let lines = result.lines
        XCTAssertEqual(lines.first, "8 dead letters", result.transcript)
        func row(_ label: String, _ count: Int) -> Bool {
            lines.contains { line in
                let words = line.trimmingCharacters(in: .whitespaces).components(separatedBy: "  ").filter { !$0.isEmpty }
                    .map { $0.trimmingCharacters(in: .whitespaces) }
                return words.count >= 2 && words[0] == label && words[1] == String(count)
            }
        }
        XCTAssertTrue(row("Microsoft.DigitalTwins.Twin.Update", 2), result.stdout)
        XCTAssertTrue(row("Microsoft.DigitalTwins.Twin.Delete", 1), result.stdout)
        XCTAssertTrue(row("MaxDeliveryAttemptsExceeded", 1), result.stdout)
        XCTAssertTrue(row("TimeToLiveExceeded", 1), result.stdout)
        XCTAssertTrue(lines.contains { $0.hasPrefix("type / reason") }, result.stdout)
        // Histogram: 05:00 holds te-1 (placed by its folder hour), td-1 and ru-1.
        XCTAssertTrue(lines.contains { $0.hasPrefix("dead letters per hour") }, result.stdout)
        let five = try XCTUnwrap(lines.first { $0.hasPrefix("2026-01-10 05:00") }, result.stdout)
        XCTAssertTrue(five.hasSuffix(" 3") && five.contains("█"), five)
        XCTAssertTrue(lines.contains { $0.hasPrefix("2026-01-09 03:00") && $0.hasSuffix(" 1") }, result.stdout)
    }

    func testStatsJSONTotalsEqualTheNumberOfDeadLetters() async throws {
        let context = try await Self.emulator.start()
        let url = context.url(EndToEndContainers.sample)
        let listed = try await context.run(["ls", url, "--format", "jsonl", "-q"])
        let result = try await context.run(["stats", url, "--by", "type", "--by", "reason", "--format", "json", "-q"])
        XCTAssertEqual(result.exitCode, 2, result.transcript)
        let document = CLIOutput.jsonDocument(result)
        let report = try XCTUnwrap(document["report"] as? [String: Any], result.transcript)
        let summary = try XCTUnwrap(document["summary"] as? [String: Any], result.transcript)
        XCTAssertEqual(report["total"] as? Int, listed.lines.count)
        XCTAssertEqual(report["total"] as? Int, 369)
        XCTAssertEqual(summary["matched"] as? Int, 369)
        XCTAssertEqual(report["groupBy"] as? [String], ["type", "reason"])
        let groups = try XCTUnwrap(report["groups"] as? [[String: Any]])
        XCTAssertEqual(groups.compactMap { $0["count"] as? Int }.reduce(0, +), 369)
        for group in groups {
            let inner = try XCTUnwrap(group["groups"] as? [[String: Any]], "\(group)")
            XCTAssertEqual(inner.compactMap { $0["count"] as? Int }.reduce(0, +), group["count"] as? Int, "\(group)")
        }
        let histogram = try XCTUnwrap(report["histogram"])
        XCTAssertNotNil(histogram)
        // The summary is inside the JSON document, so stderr has no text summary to parse.
        XCTAssertFalse(result.stderr.contains("blobs listed"), result.stderr)
    }
}
