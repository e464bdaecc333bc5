import ArgumentParser
import DeadLetterKit
import Foundation

struct StatsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "stats",
        abstract: "Count dead letters: totals, grouped counts, first and last seen, and a per-hour histogram of the outage.",
        discussion: """
        Several --by nest (by type, then by twin within each type). The histogram uses
        each event's own time, or the time it was dead-lettered when it has none (ADT
        telemetry).

        Examples:
          deadletter stats "$SAS_URL" --by type --by reason
          deadletter stats ./mirror --by twin --top 10 --since 2d
          deadletter stats dl.jsonl.gz --by endpoint --format json | jq .report.groups
        """)

    enum Format: String, ExpressibleByArgument, CaseIterable { case text, json }

    @OptionGroup var source: SourceOptions
    @OptionGroup var download: DownloadOptions
    @OptionGroup var filters: FilterOptions

    @Option(name: .customLong("by"), help: ArgumentHelp("Group by type, twin, endpoint, reason, model, hour or day (repeatable; nests).", valueName: "dimension"))
    var dimensions: [String] = []

    @Option(help: ArgumentHelp("Show the N largest groups at each level; the rest are summed.", valueName: "n"))
    var top: Int?

    @Option(help: ArgumentHelp("Output format: text or json.", valueName: "format"))
    var format: Format = .text

    @Flag(help: "Leave out the histogram.")
    var noHistogram = false

    @Flag(name: [.short, .long], help: "No progress line.")
    var quiet = false

    func validate() throws {
        for dimension in dimensions where StatsDimension(rawValue: dimension) == nil {
            throw ValidationError("--by takes type, twin, endpoint, reason, model, hour or day (not '\(dimension)')")
        }
        if let top, top < 1 { throw ValidationError("--top must be at least 1") }
    }

    func run() async throws {
        let grouping = dimensions.compactMap(StatsDimension.init(rawValue:))
        var aggregator = StatsAggregator(dimensions: grouping)
        let summary = try await ScanCommandRuntime.run(source: source, download: download, filters: filters, quiet: quiet) { deadLetter in
            aggregator.add(StatsKeys(deadLetter, dimensions: grouping))
            return .continue
        }
        let report = aggregator.report(top: top)
        let output = try OutputSink(destination: .standardOutput)
        switch format {
        case .json:
            let document = OutputJSON.object([("report", StatsJSONRenderer.json(report)), ("summary", RunSummaryRenderer.json(summary))])
            try output.write((document.rendered(pretty: true) + "\n").utf8)
        case .text:
            if noHistogram {
                try output.write(StatsTextRenderer.render(report).utf8)
            } else {
                let width = StatsHistogramRenderer.barWidth(for: report.histogram, terminalColumns: TerminalInfo.columns(of: STDOUT_FILENO))
                try output.write(StatsTextRenderer.renderWithHistogram(report, barWidth: width).utf8)
            }
        }
        try output.finish()
        try ScanCommandRuntime.finish(summary, printSummary: format == .text)
    }
}
