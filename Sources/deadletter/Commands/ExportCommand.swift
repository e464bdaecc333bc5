import ArgumentParser
import DeadLetterKit
import Foundation

struct ExportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Export dead letters to JSONL (gzip when the file name ends in .gz), one per line.",
        discussion: """
        Each line is {"blob", "index", "endpoint", "deadletteredHour", "lastModified",
        "etag", "schema", "deadLetter", "event"} with the event exactly as stored
        (only whitespace outside strings removed). The file is written under a temporary
        name and renamed when complete, so a failed or killed export never leaves a
        half file. An export is itself a SOURCE for every command, including replay.

        Examples:
          deadletter export "$SAS_URL" --since 2d -o outage.jsonl.gz
          deadletter export ./mirror --events-only -o - | jq -c 'select(.type == "microsoft.iot.telemetry")'
          duckdb -c "select event->>'type', count(*) from read_json_auto('outage.jsonl.gz') group by 1"
        """)

    @OptionGroup var source: SourceOptions
    @OptionGroup var download: DownloadOptions
    @OptionGroup var filters: FilterOptions

    @Option(name: [.short, .long], help: ArgumentHelp("The output file (.gz for gzip), or - for standard output.", valueName: "file"))
    var output: String

    @Flag(help: "Write the events alone, without the dead-letter record around them.")
    var eventsOnly = false

    @Option(help: ArgumentHelp("gzip level 1 (fast) to 9 (small).", valueName: "level"))
    var gzipLevel: Int32 = 6

    @Flag(name: [.short, .long], help: "No progress line.")
    var quiet = false

    func run() async throws {
        let sink = try OutputSink(path: output, gzipLevel: gzipLevel)
        var line: [UInt8] = []
        line.reserveCapacity(4096)
        let summary: RunSummary
        do {
            summary = try await ScanCommandRuntime.run(source: source, download: download, filters: filters, quiet: quiet) { deadLetter in
                line.removeAll(keepingCapacity: true)
                if eventsOnly {
                    ExportRecord.appendEventOnly(deadLetter, to: &line)
                } else {
                    ExportRecord.append(deadLetter, to: &line)
                }
                line.append(UInt8(ascii: "\n"))
                try sink.write(line)
                return .continue
            }
            try sink.finish()
        } catch {
            sink.abort()
            throw error
        }
        if output != "-" { Stderr.write("wrote \(summary.matched) dead letters to \(output)\n") }
        try ScanCommandRuntime.finish(summary, printSummary: true)
    }
}
