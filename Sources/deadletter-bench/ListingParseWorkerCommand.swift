import ArgumentParser
import DeadLetterKit
import Foundation

/// One List Blobs parser over one saved page, N times, in its own process: prints `{"seconds","entries"}` as JSON.
/// The xml section times the parsers through it (each with its own peak RSS), and it is the handle for profiling:
/// `perf record deadletter-bench xml-worker --implementation ours .build/bench-data/out/listing-page.xml`.
struct ListingParseWorkerCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "xml-worker",
        abstract: "Parse a saved List Blobs page N times with one parser and print the time as JSON (used by `run`).")

    enum Implementation: String, CaseIterable, ExpressibleByArgument {
        case ours
        case xmlParser = "xmlparser"
    }

    struct Result: Codable {
        var seconds: Double
        var entries: Int
    }

    @Option(help: "ours (ListBlobsReader) or xmlparser (Foundation XMLParser).")
    var implementation: Implementation

    @Option(help: "How many times to parse the page.")
    var iterations = 20

    @Argument(help: "The page, as the service sent it.")
    var file: String

    func run() throws {
        let bytes = try Array(Data(contentsOf: URL(fileURLWithPath: file)))
        let data = Data(bytes)
        let parseOnce: () throws -> Int
        switch implementation {
        case .ours:
            parseOnce = {
                let page = try ListBlobsReader.parse(bytes, request: BenchRequestSummary.listing).page
                return page.blobs.count + page.blobPrefixes.count
            }
        case .xmlParser:
            parseOnce = {
                let page = try FoundationListingParser.parse(data)
                return page.blobs.count + page.blobPrefixes.count
            }
        }
        let entries = try parseOnce()  // untimed warm-up
        let clock = ContinuousClock()
        let started = clock.now
        for _ in 0..<iterations { _ = try parseOnce() }
        let result = Result(seconds: (clock.now - started).seconds, entries: entries)
        print(String(decoding: try JSONEncoder().encode(result), as: UTF8.self))
    }
}
