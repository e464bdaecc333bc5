import ArgumentParser
import DeadLetterKit
import Foundation

struct ShowCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show",
        abstract: "Show the full dead letters: where each came from, what the service recorded, and the event itself.",
        discussion: """
        Events are pretty-printed exactly as stored (key order, numbers and escapes
        kept), in colour on a terminal.

        Examples:
          deadletter show "$SAS_URL" --id 39d4abb9-e3ee-4ed5-ad17-2243a9784946
          deadletter show ./mirror --twin chiller-a --limit 3
        """)

    @OptionGroup var source: SourceOptions
    @OptionGroup var download: DownloadOptions
    @OptionGroup var filters: FilterOptions

    @Option(help: ArgumentHelp("Stop after this many dead letters.", valueName: "n"))
    var limit: Int?

    @Option(help: ArgumentHelp("Colour: auto (on a terminal), always or never.", valueName: "when"))
    var color: String = "auto"

    @Flag(name: [.short, .long], help: "No progress line.")
    var quiet = false

    func run() async throws {
        let output = try OutputSink(destination: .standardOutput)
        let colored = color == "always" || (color == "auto" && TerminalInfo.isTerminal(STDOUT_FILENO))
        let printer = JSONPrettyPrinter(layout: .indented(spaces: 2), colored: colored)
        var count = 0
        let summary = try await ScanCommandRuntime.run(source: source, download: download, filters: filters, quiet: quiet) { deadLetter in
            try output.write(Self.header(for: deadLetter, colored: colored).utf8)
            var pretty: [UInt8] = []
            try deadLetter.bytes.withUnsafeBytes { try printer.format($0, into: &pretty) }
            try output.write(pretty)
            try output.write("\n\n".utf8)
            count += 1
            return limit.map { count >= $0 } == true ? .stop : .continue
        }
        try output.finish()
        try ScanCommandRuntime.finish(summary, printSummary: true)
    }

    /// Two comment-style lines: origin, then what the service recorded about the failed delivery.
    static func header(for deadLetter: DeadLetter, colored: Bool) -> String {
        let origin = deadLetter.origin
        var first = "# \(origin.blobName)"
        if origin.index > 0 { first += " [\(origin.index)]" }
        first += " · \(deadLetter.schema)"
        if let endpoint = origin.endpoint { first += " · endpoint \(endpoint)" }
        if let hour = deadLetter.deadLetteredTime { first += " · dead-lettered \(RFC3339.format(hour))" }
        var facts: [String] = []
        let recorded = deadLetter.facts
        if let reason = recorded.reason { facts.append("reason \(reason)") }
        if let attempts = recorded.deliveryAttempts { facts.append("\(attempts) attempts") }
        if let outcome = recorded.lastDeliveryOutcome { facts.append("last outcome \(outcome)") }
        if let status = recorded.lastHttpStatusCode { facts.append("last HTTP \(status)") }
        if let time = recorded.lastDeliveryAttemptTime { facts.append("last attempt \(time.text)") }
        var text = TerminalText.sanitize(first) + "\n"
        if !facts.isEmpty { text += "# " + TerminalText.sanitize(facts.joined(separator: " · ")) + "\n" }
        return colored ? "\u{1B}[2m" + text + "\u{1B}[0m" : text
    }
}
