import AzureCore
import Foundation
import XCTest

/// The run summary (bad blobs named once, the README skip named), exit codes 0 / 1 / 2, the 403 message without
/// credentials, and the help texts.
final class AccountingEndToEndTests: XCTestCase {
    static let emulator = EndToEndEmulator()

    override class func tearDown() {
        emulator.stopAndWait()
        super.tearDown()
    }

    /// The sample's five blobs that cannot be (fully) read, and why.
    static let badBlobs: [(name: String, reason: String)] = [
        ("adt-eventgrid-ep/2026/11/24/9/76f55f88-d4f4-4927-bd6d-40effd123c00.json", "empty input"),
        ("adt-eventgrid-ep/2026/11/24/9/81be8244-8689-440a-8132-fb6a5b84b139.json", "invalid JSON at byte 0"),
        ("adt-eventgrid-ep/2026/11/24/9/9b3adb36-61e6-49cb-89cd-f7fdd84bca4e.json", "truncated JSON"),
        ("adt-eventgrid-ep/2026/11/24/9/c59140d1-29d9-4c1d-b792-6d8d5e14fdc8.json", "invalid UTF-8"),
        ("adt-eventgrid-ep/2026/11/24/9/e01206e8-1fc8-423b-90cd-fa90b62ced36.json", "not a dead letter"),
    ]
    static let readme = "adt-eventgrid-ep/README.txt"

    func testTheSummaryNamesEachBadBlobOnceAndExits2() async throws {
        let context = try await Self.emulator.start()
        let result = try await context.run(["stats", context.url(EndToEndContainers.sample), "-q", "--no-histogram"])
        XCTAssertEqual(result.exitCode, 2, result.transcript)
        XCTAssertTrue(result.stdout.hasPrefix("369 dead letters"), result.transcript)
        let stderr = result.stderr
        func count(_ label: String) -> Int? {
            stderr.components(separatedBy: "\n").first { $0.hasPrefix(label + " ") }
                .flatMap { Int($0.dropFirst(label.count).trimmingCharacters(in: .whitespaces)) }
        }
        XCTAssertEqual(count("blobs listed"), 310, stderr)
        XCTAssertEqual(count("blobs read"), 304, stderr)
        XCTAssertEqual(count("blobs not read"), 5, stderr)
        XCTAssertEqual(count("events read"), 374, stderr)
        XCTAssertEqual(count("matched"), 369, stderr)
        XCTAssertEqual(count("skipped"), 5, stderr)
        XCTAssertTrue(stderr.contains("5 blobs could not be read:"), stderr)
        for bad in Self.badBlobs {
            XCTAssertEqual(stderr.occurrences(of: bad.name), 1, "\(bad.name) named once\n\(stderr)")
            let line = stderr.components(separatedBy: "\n").first { $0.contains(bad.name) } ?? ""
            XCTAssertTrue(line.contains(bad.reason), line)
        }
        XCTAssertTrue(stderr.contains("1 blob was skipped:"), stderr)
        XCTAssertEqual(stderr.occurrences(of: Self.readme), 1, stderr)
        let readmeLine = stderr.components(separatedBy: "\n").first { $0.contains(Self.readme) } ?? ""
        XCTAssertTrue(readmeLine.contains("not .json"), readmeLine)
    }

    func testTheJSONSummaryAccountsForEveryBlobAndEvent() async throws {
        let context = try await Self.emulator.start()
        let result = try await context.run(["ls", context.url(EndToEndContainers.sample), "--format", "json", "-q"])
        XCTAssertEqual(result.exitCode, 2, result.transcript)
        let summary = try XCTUnwrap(CLIOutput.jsonDocument(result)["summary"] as? [String: Any])
        let failed = try XCTUnwrap(summary["failedBlobs"] as? [[String: Any]])
        let skippedBlobs = try XCTUnwrap(summary["skippedBlobs"] as? [[String: Any]])
        XCTAssertEqual(failed.compactMap { $0["blob"] as? String }.sorted(), Self.badBlobs.map(\.name).sorted())
        XCTAssertEqual(skippedBlobs.compactMap { $0["blob"] as? String }, [Self.readme])
        let listed = try XCTUnwrap(summary["blobsListed"] as? Int), read = try XCTUnwrap(summary["blobsRead"] as? Int)
        XCTAssertEqual(listed, read + failed.count + skippedBlobs.count)
        let skipped = try XCTUnwrap(summary["skipped"] as? [String: Int])
        XCTAssertEqual(skipped["unparseable"], 4)
        XCTAssertEqual(skipped["not a dead letter"], 1)
        XCTAssertEqual(summary["eventsRead"] as? Int, (summary["matched"] as? Int ?? -1) + skipped.values.reduce(0, +))
        XCTAssertEqual(summary["skippedTotal"] as? Int, skipped.values.reduce(0, +))
    }

    func testFilteredOutEventsAreCountedAsSkippedWithTheirReason() async throws {
        let context = try await Self.emulator.start()
        let result = try await context.run(["ls", context.url(EndToEndContainers.triage), "--format", "json", "-q", "--twin", "room-1"])
        XCTAssertEqual(result.exitCode, 0, result.transcript)
        let summary = try XCTUnwrap(CLIOutput.jsonDocument(result)["summary"] as? [String: Any])
        XCTAssertEqual(summary["matched"] as? Int, 2)
        XCTAssertEqual(summary["eventsRead"] as? Int, 8)
        XCTAssertEqual((summary["skipped"] as? [String: Int])?["did not match the filters"], 6)
    }

    func testACleanContainerExits0() async throws {
        let context = try await Self.emulator.start()
        let result = try await context.run(["stats", context.url(EndToEndContainers.triage), "-q"])
        XCTAssertEqual(result.exitCode, 0, result.transcript)
        XCTAssertTrue(result.stderr.contains("blobs not read"), result.transcript)
        XCTAssertFalse(result.stderr.contains("could not be read"), result.transcript)
    }

    func testUsageErrorsExit1() async throws {
        let context = try await Self.emulator.start()
        let url = context.url(EndToEndContainers.triage)
        let cases: [([String], String)] = [
            (["ls", url, "--no-such-flag"], "--no-such-flag"),
            (["ls"], "source"),
            (["stats", url, "--by", "colour"], "--by"),
            (["ls", url, "--format", "xml"], "xml"),
            (["ls", url, "--concurrency", "0"], "--concurrency"),
            (["ls", "/no/such/source/anywhere"], "/no/such/source/anywhere"),
            (["no-such-command"], "no-such-command"),
        ]
        for (arguments, mention) in cases {
            let result = try await context.run(arguments)
            XCTAssertEqual(result.exitCode, 1, result.transcript)
            XCTAssertTrue(result.stderr.contains(mention), "stderr should mention \(mention)\n\(result.transcript)")
            XCTAssertEqual(result.stdout, "", result.transcript)
        }
    }

    func testASASWithoutListPermissionExits1AndExplainsWithoutTheSignature() async throws {
        let context = try await Self.emulator.start()
        let key = try XCTUnwrap(Data(base64Encoded: EndToEndEmulator.Context.accountKey))
        let values = StorageSASSigner.ServiceValues(permissions: "r", expiry: "2099-01-01T00:00:00Z", resource: "c",
                                                    container: EndToEndContainers.triage)
        let token = StorageSASSigner.serviceToken(values, accountName: "devstoreaccount1", accountKey: Array(key))
        let signature = try XCTUnwrap(StorageSASToken(token).fields["sig"])
        // No connection string: the SAS in the URL is the credential, as with ADT's dead-letter SAS URI.
        let result = try await DeadLetterCLI.run(["ls", context.url(EndToEndContainers.triage) + "?" + token, "-q"])
        XCTAssertEqual(result.exitCode, 1, result.transcript)
        XCTAssertTrue(result.stderr.contains("403"), result.transcript)
        XCTAssertTrue(result.stderr.contains("listing needs 'l'"), result.transcript)
        XCTAssertFalse(result.stderr.contains(signature), "the signature must never be printed")
        XCTAssertFalse(result.stderr.contains(PercentEncoding.encode(signature)), "not even percent-encoded")
        // Any `sig=` that is shown is redacted.
        for occurrence in result.stderr.components(separatedBy: "sig=").dropFirst() {
            XCTAssertTrue(occurrence.hasPrefix("REDACTED"), result.stderr)
        }
        XCTAssertEqual(result.stdout, "")

        // The same SAS with `rl` works.
        var listing = values
        listing.permissions = "rl"
        let good = StorageSASSigner.serviceToken(listing, accountName: "devstoreaccount1", accountKey: Array(key))
        let allowed = try await DeadLetterCLI.run(["ls", context.url(EndToEndContainers.triage) + "?" + good, "-q", "--format", "jsonl"])
        XCTAssertEqual(allowed.exitCode, 0, allowed.transcript)
        XCTAssertEqual(allowed.lines.count, 8)
    }

    func testHelpExitsZeroAndShowsExamples() async throws {
        let root = try await DeadLetterCLI.run(["--help"])
        XCTAssertEqual(root.exitCode, 0, root.transcript)
        XCTAssertTrue(root.stdout.contains("Examples:"), root.transcript)
        for command in ["ls", "show", "stats", "export"] {
            XCTAssertTrue(root.stdout.contains("  \(command) "), "\(command) listed\n\(root.stdout)")
            let help = try await DeadLetterCLI.run([command, "--help"])
            XCTAssertEqual(help.exitCode, 0, help.transcript)
            XCTAssertTrue(help.stdout.contains("Examples:"), help.transcript)
            XCTAssertTrue(help.stdout.contains("deadletter \(command)"), help.transcript)
        }
        let whereHelp = try await DeadLetterCLI.run(["help-where"])
        XCTAssertEqual(whereHelp.exitCode, 0, whereHelp.transcript)
        XCTAssertTrue(whereHelp.stdout.contains("source_twin"), whereHelp.transcript)
    }
}
