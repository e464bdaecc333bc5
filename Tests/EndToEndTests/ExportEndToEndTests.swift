import Foundation
import XCTest

/// `export` to JSONL and JSONL.gz, the export as a SOURCE again (same counts, byte-identical events), `--events-only`,
/// and that a failed export never leaves a file behind.
final class ExportEndToEndTests: XCTestCase {
    static let emulator = EndToEndEmulator()

    override class func tearDown() {
        emulator.stopAndWait()
        super.tearDown()
    }

    /// The text of each line's `event` member: the last member of a record, so everything after `"event":` but the `}`.
    static func eventMembers(_ text: String, file: StaticString = #filePath, line: UInt = #line) -> [String] {
        text.split(separator: "\n").map { record in
            guard let start = record.range(of: ",\"event\":") else {
                XCTFail("no event member in \(record)", file: file, line: line)
                return ""
            }
            return String(record[start.upperBound...].dropLast())
        }
    }

    func testRecordsCarryTheOriginAndTheEventAsStoredWithoutWhitespace() async throws {
        let context = try await Self.emulator.start()
        let output = try context.scratchDirectory().appendingPathComponent("triage.jsonl")
        let result = try await context.run(["export", context.url(EndToEndContainers.triage), "-o", output.path, "-q"])
        XCTAssertEqual(result.exitCode, 0, result.transcript)
        XCTAssertTrue(result.stderr.contains("wrote 8 dead letters to \(output.path)"), result.transcript)
        let text = try String(contentsOf: output, encoding: .utf8)
        let lines = text.split(separator: "\n").map(String.init)
        XCTAssertEqual(lines.count, 8)
        XCTAssertTrue(text.hasSuffix("\n"))
        // The documented member order.
        let keyOrder = ["\"blob\":", ",\"index\":", ",\"endpoint\":", ",\"deadletteredHour\":", ",\"lastModified\":",
                        ",\"etag\":", ",\"schema\":", ",\"deadLetter\":", ",\"event\":"]
        for line in lines {
            XCTAssertTrue(line.hasPrefix("{\"blob\":"), line)
            let positions = keyOrder.map { line.range(of: $0)?.lowerBound }
            XCTAssertFalse(positions.contains(nil), line)
            XCTAssertEqual(positions.compactMap { $0 }, positions.compactMap { $0 }.sorted(), line)
        }
        // Each event exactly as stored, only the whitespace between tokens gone.
        let events = Self.eventMembers(text)
        let expected = OutputFormatEndToEndTests.triageOrder.map { EndToEndContainers.triageEvents[$0]!.compact }
        XCTAssertEqual(events, expected)
        // The record's own members, read as JSON.
        let first = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(lines[1].utf8)) as? [String: Any])
        XCTAssertEqual(first["blob"] as? String, "EG-SUB/2026/1/10/6/4f1a0c5e-0000-4000-8000-000000000001.json")
        XCTAssertEqual(first["index"] as? Int, 1)
        XCTAssertEqual(first["endpoint"] as? String, "EG-SUB")
        XCTAssertEqual(first["deadletteredHour"] as? String, "2026-01-10T06:00:00Z")
        XCTAssertEqual(first["schema"] as? String, "eventgrid")
        let deadLetter = try XCTUnwrap(first["deadLetter"] as? [String: Any])
        XCTAssertEqual(deadLetter["reason"] as? String, "TimeToLiveExceeded")
        XCTAssertEqual(deadLetter["deliveryAttempts"] as? Int, 5)
    }

    func testGzipExportIsReadableByGzipAndEveryLineByJq() async throws {
        let context = try await Self.emulator.start()
        let directory = try context.scratchDirectory()
        let plain = directory.appendingPathComponent("sample.jsonl"), gzipped = directory.appendingPathComponent("sample.jsonl.gz")
        let url = context.url(EndToEndContainers.sample)
        let plainRun = try await context.run(["export", url, "-o", plain.path, "-q"])
        let gzipRun = try await context.run(["export", url, "-o", gzipped.path, "-q"])
        XCTAssertEqual(plainRun.exitCode, 2, plainRun.transcript)  // the sample's bad blobs; the export still completes
        XCTAssertEqual(gzipRun.exitCode, 2, gzipRun.transcript)
        let compressed = try Data(contentsOf: gzipped)
        XCTAssertEqual(Array(compressed.prefix(2)), [0x1F, 0x8B], "gzip magic")
        let gunzip = try Self.runTool("/bin/gzip", ["-dc", gzipped.path])
        XCTAssertEqual(gunzip.status, 0)
        XCTAssertEqual(gunzip.output, try Data(contentsOf: plain), "gzip -dc gives the plain export byte for byte")
        XCTAssertEqual(String(decoding: gunzip.output, as: UTF8.self).split(separator: "\n").count, 369)

        guard let jq = ["/usr/bin/jq", "/usr/local/bin/jq", "/bin/jq"].first(where: FileManager.default.isExecutableFile(atPath:)) else {
            return  // jq is not installed: the gzip assertions above still ran
        }
        let parsed = try Self.runTool(jq, ["-c", ".", plain.path])
        XCTAssertEqual(parsed.status, 0, String(decoding: parsed.output, as: UTF8.self))
        XCTAssertEqual(String(decoding: parsed.output, as: UTF8.self).split(separator: "\n").count, 369)
        let ids = try Self.runTool(jq, ["-r", ".event.id // .event.eventId", plain.path])
        XCTAssertEqual(ids.status, 0)
        XCTAssertFalse(String(decoding: ids.output, as: UTF8.self).contains("null"))
    }

    func testAnExportIsASourceWithTheSameCountsAndByteIdenticalEvents() async throws {
        let context = try await Self.emulator.start()
        let directory = try context.scratchDirectory()
        let first = directory.appendingPathComponent("first.jsonl.gz"), second = directory.appendingPathComponent("second.jsonl")
        let url = context.url(EndToEndContainers.sample)
        _ = try await context.run(["export", url, "-o", first.path, "-q"])
        let again = try await context.run(["export", first.path, "-o", second.path, "-q"])
        XCTAssertEqual(again.exitCode, 0, "an export has no bad blobs of its own: \(again.transcript)")
        let original = try Self.runTool("/bin/gzip", ["-dc", first.path]).output
        let firstEvents = Self.eventMembers(String(decoding: original, as: UTF8.self))
        let secondEvents = Self.eventMembers(try String(contentsOf: second, encoding: .utf8))
        XCTAssertEqual(firstEvents.count, 369)
        XCTAssertEqual(firstEvents, secondEvents, "events byte-identical after a round trip")
        XCTAssertEqual(original, try Data(contentsOf: second), "the whole record survives the round trip")

        // ls and stats give the same answers from the container and from the export (gzip or not).
        let fromContainer = try await context.run(["ls", url, "--format", "jsonl", "-q", "--type", "*.Twin.*"])
        let containerStats = try await context.run(["stats", url, "--by", "endpoint", "--format", "json", "-q"])
        let containerReport = try XCTUnwrap(CLIOutput.jsonDocument(containerStats)["report"] as? NSDictionary)
        XCTAssertGreaterThan(fromContainer.lines.count, 100)
        for source in [first.path, second.path] {
            let fromExport = try await context.run(["ls", source, "--format", "jsonl", "-q", "--type", "*.Twin.*"])
            XCTAssertEqual(fromExport.exitCode, 0, fromExport.transcript)
            XCTAssertEqual(fromExport.stdout, fromContainer.stdout)
            let stats = try await context.run(["stats", source, "--by", "endpoint", "--format", "json", "-q"])
            XCTAssertEqual(try XCTUnwrap(CLIOutput.jsonDocument(stats)["report"] as? NSDictionary), containerReport)
            let summary = try XCTUnwrap(CLIOutput.jsonDocument(stats)["summary"] as? [String: Any])
            XCTAssertEqual(summary["matched"] as? Int, 369)
            XCTAssertEqual(summary["eventsRead"] as? Int, 369)
        }
    }

    func testEventsOnlyWritesTheBareEventsWhichAreASourceToo() async throws {
        let context = try await Self.emulator.start()
        let output = try context.scratchDirectory().appendingPathComponent("events.jsonl")
        let result = try await context.run(["export", context.url(EndToEndContainers.triage), "--events-only", "-o", output.path, "-q"])
        XCTAssertEqual(result.exitCode, 0, result.transcript)
        let lines = try String(contentsOf: output, encoding: .utf8).split(separator: "\n").map(String.init)
        let expected = OutputFormatEndToEndTests.triageOrder.map { EndToEndContainers.triageEvents[$0]!.compact }
        XCTAssertEqual(lines, expected)
        let listed = try await context.run(["ls", output.path, "--format", "jsonl", "-q"])
        XCTAssertEqual(listed.exitCode, 0, listed.transcript)
        XCTAssertEqual(CLIOutput.ids(listed), OutputFormatEndToEndTests.triageOrder)
        let filtered = try await context.run(["ls", output.path, "--format", "jsonl", "-q", "--twin", "room-2"])
        XCTAssertEqual(CLIOutput.ids(filtered), ["tu-1", "rd-1"])
    }

    func testExportToStandardOutput() async throws {
        let context = try await Self.emulator.start()
        let result = try await context.run(["export", context.url(EndToEndContainers.triage), "--events-only", "-o", "-", "-q"])
        XCTAssertEqual(result.exitCode, 0, result.transcript)
        XCTAssertEqual(result.lines.count, 8)
        XCTAssertFalse(result.stderr.contains("wrote"), result.transcript)
    }

    func testAnExportIntoAMissingDirectoryFailsWithoutAFile() async throws {
        let context = try await Self.emulator.start()
        let missing = try context.scratchDirectory().appendingPathComponent("no-such-dir/out.jsonl")
        let result = try await context.run(["export", context.url(EndToEndContainers.triage), "-o", missing.path, "-q"])
        XCTAssertEqual(result.exitCode, 1, result.transcript)
        XCTAssertFalse(FileManager.default.fileExists(atPath: missing.path))
        XCTAssertFalse(FileManager.default.fileExists(atPath: missing.deletingLastPathComponent().path))
        XCTAssertTrue(result.stderr.contains("no-such-dir"), result.transcript)
    }

    func testAnExportThatFailsPartwayLeavesNoFileAndNoTemporary() async throws {
        let context = try await Self.emulator.start()
        let directory = try context.scratchDirectory()
        let output = directory.appendingPathComponent("denied.jsonl.gz")
        // The source refuses listing (wrong key): the run ends with exit 1 after the output was opened.
        let wrongKey = "DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=\(Data(repeating: 7, count: 64).base64EncodedString());"
            + "BlobEndpoint=http://127.0.0.1:\(context.server.port)/devstoreaccount1;"
        let result = try await DeadLetterCLI.run(["export", context.url(EndToEndContainers.triage), "-o", output.path, "-q"],
                                                 environment: ["AZURE_STORAGE_CONNECTION_STRING": wrongKey])
        XCTAssertEqual(result.exitCode, 1, result.transcript)
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: directory.path), [], "no file, no temporary left")
        XCTAssertFalse(result.stderr.contains(Data(repeating: 7, count: 64).base64EncodedString()), "the key never appears")
    }

    /// Runs a system tool and returns its exit status and standard output.
    static func runTool(_ path: String, _ arguments: [String]) throws -> (status: Int32, output: Data) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = arguments
        let output = FileManager.default.temporaryDirectory.appendingPathComponent("tool-\(UUID().uuidString)")
        _ = FileManager.default.createFile(atPath: output.path, contents: nil)
        defer { try? FileManager.default.removeItem(at: output) }
        let handle = try FileHandle(forWritingTo: output)
        process.standardOutput = handle
        process.standardError = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        try handle.close()
        return (process.terminationStatus, try Data(contentsOf: output))
    }
}
