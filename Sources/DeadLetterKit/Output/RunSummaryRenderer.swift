import AzureCore

/// The run summary as text for standard error and as JSON for `--format json`. Failure reasons pass through the
/// `Redactor`, since they may quote a request URL that carries a SAS signature.
public enum RunSummaryRenderer {
    /// Aligned counts, skip reasons indented under `skipped`, then the blobs that could not be read (the first
    /// `maxFailedListed`; the JSON form lists all). Lines end in newlines.
    public static func text(_ summary: RunSummary, maxFailedListed: Int = 20) -> String {
        var rows: [[String]] = [
            ["blobs listed", String(summary.blobsListed)],
            ["blobs read", String(summary.blobsRead)],
            ["events read", String(summary.eventsRead)],
            ["matched", String(summary.matched)],
            ["skipped", String(summary.skippedTotal)],
        ]
        for (reason, count) in summary.sortedSkipReasons {
            rows.append(["  " + reason, String(count)])
        }
        rows.append(["blobs not read", String(summary.failedBlobs.count)])
        if !summary.failedFolders.isEmpty {
            rows.append(["folders not listed", String(summary.failedFolders.count)])
        }
        if let elapsed = summary.elapsed {
            rows.append(["elapsed", formatSeconds(elapsed)])
        }
        let columns = [TableRenderer.Column("", maxWidth: 60), TableRenderer.Column("", alignment: .right)]
        var text = TableRenderer.render(columns: columns, rows: rows, showsHeader: false)
        if !summary.failedBlobs.isEmpty {
            let count = summary.failedBlobs.count
            text += count == 1 ? "1 blob could not be read:\n" : "\(count) blobs could not be read:\n"
            for failure in summary.failedBlobs.prefix(max(0, maxFailedListed)) {
                text += "  " + TerminalText.sanitize(failure.name) + ": " + TerminalText.sanitize(Redactor.redact(failure.reason)) + "\n"
            }
            if count > maxFailedListed {
                text += "  … and \(count - maxFailedListed) more (`deadletter stats` with the same source and filters and `--format json` lists them all)\n"
            }
        }
        if !summary.failedFolders.isEmpty {
            let count = summary.failedFolders.count
            text += count == 1 ? "1 folder could not be listed:\n" : "\(count) folders could not be listed:\n"
            for failure in summary.failedFolders.prefix(max(0, maxFailedListed)) {
                text += "  " + TerminalText.sanitize(failure.name) + ": " + TerminalText.sanitize(Redactor.redact(failure.reason)) + "\n"
            }
            if count > maxFailedListed { text += "  … and \(count - maxFailedListed) more (`--format json` lists them all)\n" }
        }
        if !summary.skippedBlobs.isEmpty {
            let count = summary.skippedBlobs.count
            text += count == 1 ? "1 blob was skipped:\n" : "\(count) blobs were skipped:\n"
            for skipped in summary.skippedBlobs.prefix(max(0, maxFailedListed)) {
                text += "  " + TerminalText.sanitize(skipped.name) + ": " + TerminalText.sanitize(skipped.reason) + "\n"
            }
            if count > maxFailedListed {
                text += "  … and \(count - maxFailedListed) more (`deadletter stats` with the same source and filters and `--format json` lists them all)\n"
            }
        }
        return text
    }

    public static func json(_ summary: RunSummary) -> OutputJSON {
        var members: [(String, OutputJSON)] = [
            ("blobsListed", .int(summary.blobsListed)),
            ("blobsRead", .int(summary.blobsRead)),
            ("eventsRead", .int(summary.eventsRead)),
            ("matched", .int(summary.matched)),
            ("skippedTotal", .int(summary.skippedTotal)),
            ("skipped", .object(summary.sortedSkipReasons.map { ($0.reason, .int($0.count)) })),
            ("failedBlobs", .array(summary.failedBlobs.map {
                .object([("blob", .string($0.name)), ("reason", .string(Redactor.redact($0.reason)))])
            })),
            ("skippedBlobs", .array(summary.skippedBlobs.map {
                .object([("blob", .string($0.name)), ("reason", .string($0.reason))])
            })),
            ("failedFolders", .array(summary.failedFolders.map {
                .object([("folder", .string($0.name)), ("reason", .string(Redactor.redact($0.reason)))])
            })),
        ]
        if let elapsed = summary.elapsed {
            let (seconds, attoseconds) = elapsed.components
            members.append(("elapsedSeconds", .double(Double(seconds) + (Double(attoseconds / 1_000_000_000_000_000)) / 1000)))
        }
        return .object(members)
    }

    /// `12.3s`, or `0.045s` under a second.
    static func formatSeconds(_ duration: Duration) -> String {
        let (seconds, attoseconds) = duration.components
        let milliseconds = seconds * 1000 + attoseconds / 1_000_000_000_000_000
        if milliseconds < 1000 {
            let text = String(milliseconds)
            return "0." + String(repeating: "0", count: 3 - text.count) + text + "s"
        }
        let tenths = (milliseconds + 50) / 100
        return "\(tenths / 10).\(tenths % 10)s"
    }
}
