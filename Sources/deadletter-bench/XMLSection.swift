import DeadLetterKit
import Foundation

/// Issue 3: one real 5000-entry List Blobs page (written by the emulator exactly as Azure writes it), parsed N times
/// by `ListBlobsReader` and by Foundation `XMLParser` extracting the same fields.
struct XMLSection: BenchSection {
    let name = "xml"
    let title = "List Blobs page parsing: ListBlobsReader (libxml2 SAX2) vs Foundation XMLParser"

    func run(_ context: BenchContext) async throws -> BenchSectionReport {
        let page = try await ListingPageSource.fetch(entries: context.sizes.xmlEntries)
        let iterations = context.sizes.xmlIterations
        let request = BenchRequestSummary.listing
        var report = BenchSectionReport(section: name, title: title, columns: [
            BenchColumn("bytes", "page", unit: "bytes"), BenchColumn("entries", "entries"),
            BenchColumn("iterations", "runs"), BenchColumn("seconds", "time", decimals: 3, unit: "s"),
            BenchColumn("mbps", "throughput", decimals: 1, unit: "MB/s"),
            BenchColumn("entriesPerSecond", "entries/s"), BenchColumn("msPerPage", "per page", decimals: 2, unit: "ms"),
            BenchColumn("rssMiB", "peak RSS", decimals: 1, unit: "MiB"),
        ])

        // Both parsers must read the same page the same way before their speeds mean anything.
        let ours = try ListBlobsReader.parse(page, request: request).page
        let data = Data(page)
        let theirs = try FoundationListingParser.parse(data)
        if ours != theirs {
            report.notes.append("the two parsers disagree: ours \(ours.blobs.count) blobs/\(ours.blobPrefixes.count) prefixes, "
                                + "XMLParser \(theirs.blobs.count)/\(theirs.blobPrefixes.count)\(firstDifference(ours, theirs))")
        }

        let pagePath = context.paths.scratchFile("listing-page.xml")
        try data.write(to: URL(fileURLWithPath: pagePath))
        var seconds: [Double] = []
        for (label, implementation) in [("ListBlobsReader", ListingParseWorkerCommand.Implementation.ours),
                                        ("Foundation XMLParser", .xmlParser)] {
            log("xml: \(label), \(iterations) parses")
            let (process, worker) = try runWorker(implementation, page: pagePath, iterations: iterations, paths: context.paths)
            seconds.append(worker.seconds)
            report.rows.append(BenchRow(label, values: [
                "bytes": Double(page.count), "entries": Double(worker.entries), "iterations": Double(iterations),
                "seconds": worker.seconds, "mbps": Rate.megabytesPerSecond(page.count * iterations, worker.seconds),
                "entriesPerSecond": Rate.perSecond(worker.entries * iterations, worker.seconds),
                "msPerPage": worker.seconds * 1000 / Double(iterations), "rssMiB": Rate.mebibytes(process.peakRSSBytes),
            ]))
        }
        let oursSeconds = seconds[0], theirSeconds = seconds[1]
        report.checks.append(.ratio("ListBlobsReader vs XMLParser (speed)", theirSeconds / oursSeconds, atLeast: 5))
        report.notes.append("page: \(ours.blobs.count) blobs + \(ours.blobPrefixes.count) BlobPrefix entries, NextMarker "
                            + (ours.nextMarker == nil ? "absent" : "present") + "; whole body in memory for both parsers; "
                            + "each parser runs in `deadletter-bench xml-worker` (saved page: \(pagePath))")
        return report
    }

    /// Times one parser in `deadletter-bench xml-worker` (the loop is timed inside, after one warm-up parse).
    private func runWorker(_ implementation: ListingParseWorkerCommand.Implementation, page: String, iterations: Int,
                           paths: BenchPaths) throws -> (ChildProcessResult, ListingParseWorkerCommand.Result) {
        let tag = "xml-\(implementation.rawValue)"
        let result = try ChildProcess(executable: paths.bench, arguments: [
            "xml-worker", "--implementation", implementation.rawValue, "--iterations", String(iterations), page,
        ], stdoutPath: paths.scratchFile(tag + ".out"), stderrPath: paths.scratchFile(tag + ".stderr")).run()
        let output = FileManager.default.contents(atPath: result.stdoutPath) ?? Data()
        return (result, try JSONDecoder().decode(ListingParseWorkerCommand.Result.self, from: output))
    }

    private func firstDifference(_ a: ListBlobsPage, _ b: ListBlobsPage) -> String {
        if a.nextMarker != b.nextMarker { return "; next markers differ" }
        if a.blobPrefixes != b.blobPrefixes { return "; prefixes differ" }
        for (x, y) in zip(a.blobs, b.blobs) where x != y { return "; first differing blob: \(x) vs \(y)" }
        return ""
    }
}
