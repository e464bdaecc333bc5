import ArgumentParser
import DeadLetterKit
import Foundation

/// One List Blobs parser over one saved page, N times, in its own process: prints the timings as JSON.
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
        /// Wall-clock time of the whole timed loop.
        var seconds: Double
        var entries: Int
        /// CPU time of this thread for each timed parse. On a machine whose cores are shared with other work, wall
        /// time also counts the time the process waited for a core; CPU time counts only the parser's own work.
        var parseCPUSeconds: [Double]
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
        var parseCPUSeconds: [Double] = []
        parseCPUSeconds.reserveCapacity(iterations)
        let clock = ContinuousClock()
        let started = clock.now
        for _ in 0..<iterations {
            let cpuBefore = Self.threadCPUSeconds()
            _ = try parseOnce()
            parseCPUSeconds.append(Self.threadCPUSeconds() - cpuBefore)
        }
        let result = Result(seconds: (clock.now - started).seconds, entries: entries, parseCPUSeconds: parseCPUSeconds)
        print(String(decoding: try JSONEncoder().encode(result), as: UTF8.self))
    }

    /// CPU time used by the calling thread (each parse runs on one thread).
    private static func threadCPUSeconds() -> Double {
        var time = timespec()
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &time)
        return Double(time.tv_sec) + Double(time.tv_nsec) / 1e9
    }
}
