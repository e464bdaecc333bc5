import DeadLetterKit
import Foundation

/// Issue 3: one real 5000-entry List Blobs page (written by the emulator exactly as Azure writes it), parsed N times
/// by `ListBlobsReader` and by Foundation `XMLParser` extracting the same fields.
struct XMLSection: BenchSection {
    let name = "xml"
    let title = "List Blobs page parsing: ListBlobsReader (libxml2 SAX2) vs Foundation XMLParser"
    /// Each parser runs in this many worker processes, alternating with the other, so that a burst of load from other
    /// work on the shared cores falls on both parsers rather than on whichever happened to run during it.
    private static let rounds = 3

    func run(_ context: BenchContext) async throws -> BenchSectionReport {
        let page = try await ListingPageSource.fetch(entries: context.sizes.xmlEntries)
        let iterations = context.sizes.xmlIterations
        let request = BenchRequestSummary.listing
        var report = BenchSectionReport(section: name, title: title, columns: [
            BenchColumn("bytes", "page", unit: "bytes"), BenchColumn("entries", "entries"),
            BenchColumn("parses", "parses"), BenchColumn("cpuMs", "CPU per page", decimals: 2, unit: "ms"),
            BenchColumn("mbps", "throughput", decimals: 1, unit: "MB/s"), BenchColumn("entriesPerSecond", "entries/s"),
            BenchColumn("wallMs", "wall per page", decimals: 2, unit: "ms"),
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
        let parsers: [(label: String, implementation: ListingParseWorkerCommand.Implementation)] = [
            ("ListBlobsReader", .ours), ("Foundation XMLParser", .xmlParser),
        ]
        var measurements = Array(repeating: ParserMeasurement(), count: parsers.count)
        for round in 1...Self.rounds {
            for (index, parser) in parsers.enumerated() {
                log("xml: \(parser.label), run \(round) of \(Self.rounds), \(iterations) parses")
                let (process, worker) = try runWorker(parser.implementation, page: pagePath, iterations: iterations,
                                                      paths: context.paths)
                measurements[index].add(worker, peakRSSBytes: process.peakRSSBytes)
            }
        }
        for (parser, measured) in zip(parsers, measurements) {
            let cpu = measured.medianCPUSeconds
            report.rows.append(BenchRow(parser.label, values: [
                "bytes": Double(page.count), "entries": Double(measured.entries), "parses": Double(measured.parses),
                "cpuMs": cpu * 1000, "mbps": Rate.megabytesPerSecond(page.count, cpu),
                "entriesPerSecond": Rate.perSecond(measured.entries, cpu), "wallMs": measured.wallSecondsPerParse * 1000,
                "rssMiB": Rate.mebibytes(measured.peakRSSBytes),
            ]))
        }
        let oursMeasured = measurements[0], theirsMeasured = measurements[1]
        report.checks.append(.ratio("ListBlobsReader vs XMLParser (CPU time per page)",
                                    theirsMeasured.medianCPUSeconds / oursMeasured.medianCPUSeconds, atLeast: 5))
        report.checks.append(.ratio("ListBlobsReader vs XMLParser (wall time per page)",
                                    theirsMeasured.wallSecondsPerParse / oursMeasured.wallSecondsPerParse))
        report.notes.append("page: \(ours.blobs.count) blobs + \(ours.blobPrefixes.count) BlobPrefix entries, NextMarker "
                            + (ours.nextMarker == nil ? "absent" : "present") + "; whole body in memory for both parsers; "
                            + "each parser runs in `deadletter-bench xml-worker` (saved page: \(pagePath)), \(Self.rounds) "
                            + "runs of \(iterations) timed parses each, alternating with the other parser; CPU per page is "
                            + "the median of the parses' thread CPU times (throughput and entries/s come from it), wall per "
                            + "page the mean, which also counts waiting for a shared core")
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

/// One parser's timings pooled over all its worker runs.
private struct ParserMeasurement {
    private(set) var parseCPUSeconds: [Double] = []
    private(set) var wallSeconds = 0.0
    private(set) var parses = 0
    private(set) var entries = 0
    private(set) var peakRSSBytes = 0

    mutating func add(_ worker: ListingParseWorkerCommand.Result, peakRSSBytes rss: Int) {
        parseCPUSeconds += worker.parseCPUSeconds
        wallSeconds += worker.seconds
        parses += worker.parseCPUSeconds.count
        entries = worker.entries
        peakRSSBytes = max(peakRSSBytes, rss)
    }

    var medianCPUSeconds: Double {
        let sorted = parseCPUSeconds.sorted()
        guard !sorted.isEmpty else { return 0 }
        let middle = sorted.count / 2
        return sorted.count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
    }

    var wallSecondsPerParse: Double { parses > 0 ? wallSeconds / Double(parses) : 0 }
}
