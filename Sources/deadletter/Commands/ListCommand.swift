import ArgumentParser
import DeadLetterKit
import Foundation

struct ListCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ls",
        abstract: "List dead letters, one row each: time, endpoint, type, twin, id, reason, blob.",
        discussion: """
        Examples:
          deadletter ls "$SAS_URL" --since 6h --type 'Microsoft.DigitalTwins.Twin.*'
          deadletter ls ./mirror --twin 'room-0*' --format csv > rows.csv
          deadletter ls dl.jsonl.gz --where 'attempts >= 10 and reason ~ "MaxDelivery*"' --format jsonl | jq .id
        """)

    enum Format: String, ExpressibleByArgument, CaseIterable { case table, json, jsonl, csv }

    @OptionGroup var source: SourceOptions
    @OptionGroup var download: DownloadOptions
    @OptionGroup var filters: FilterOptions

    @Option(help: ArgumentHelp("Output format: table, json, jsonl or csv.", valueName: "format"))
    var format: Format = .table

    @Option(help: ArgumentHelp("Stop after this many dead letters.", valueName: "n"))
    var limit: Int?

    @Flag(name: [.short, .long], help: "No progress line.")
    var quiet = false

    func validate() throws {
        if let limit, limit < 1 { throw ValidationError("--limit must be at least 1") }
    }

    func run() async throws {
        let output = try OutputSink(destination: .standardOutput)
        var table = TableRenderer(columns: DeadLetterRow.titles.map { TableRenderer.Column($0, maxWidth: $0 == "blob" ? 80 : 48) })
        let csv = CSVWriter(lineEnding: "\n")
        // `--format json` is one document, written as the rows come so that memory stays flat.
        var jsonDocument = StreamedJSONDocument(arrayName: "deadLetters")
        var count = 0
        if format == .csv { try output.write(csv.record(DeadLetterRow.titles).utf8) }
        let summary = try await ScanCommandRuntime.run(source: source, download: download, filters: filters, quiet: quiet) { deadLetter in
            let row = DeadLetterRow(deadLetter)
            switch format {
            case .table: for line in table.append(row.cells) { try output.write((line + "\n").utf8) }
            case .csv: try output.write(csv.record(row.cells).utf8)
            case .jsonl: try output.write((row.json.rendered(pretty: false) + "\n").utf8)
            case .json: try output.write(jsonDocument.element(row.json).utf8)
            }
            count += 1
            return limit.map { count >= $0 } == true ? .stop : .continue
        }
        switch format {
        case .table: for line in table.finish() { try output.write((line + "\n").utf8) }
        case .json:
            try output.write((jsonDocument.closing(members: [("summary", RunSummaryRenderer.json(summary))]) + "\n").utf8)
        case .csv, .jsonl: break
        }
        try output.finish()
        try ScanCommandRuntime.finish(summary, printSummary: format != .json)
    }
}
