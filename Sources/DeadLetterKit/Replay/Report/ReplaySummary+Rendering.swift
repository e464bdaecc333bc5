import AzureCore

extension ReplaySummary {
    /// Aligned counts for standard error, failure reasons indented under `failed`, then blob issues and the reason
    /// the run stopped when it did not complete. Lines end in newlines.
    public func text(maxBlobIssuesListed: Int = 20) -> String {
        var rows: [[String]] = [
            ["target", target],
            ["selected", String(selected)],
            ["sent", String(sent)],
            ["skipped (journal)", String(skipped)],
            ["failed", String(failed)],
        ]
        for (reason, count) in sortedFailureReasons { rows.append(["  " + reason, String(count)]) }
        var duplicates = String(possibleDuplicates)
        if possibleDuplicates > 0 && duplicatesDroppedByMessageID { duplicates += " (dropped by MessageId where duplicate detection is on)" }
        rows.append(["possible duplicates", duplicates])
        rows.append(["batches", "\(batches) (\(requests) requests, \(retries) retries, \(splits) splits)"])
        rows.append(["bytes", String(bytes)])
        rows.append(["throttled", String(throttled)])
        rows.append(["elapsed", "\(Self.seconds(elapsed)) s (\(Self.rate(eventsPerSecond)) events/s)"])
        if afterAction != .keep {
            rows.append(["blobs \(afterAction == .delete ? "deleted" : "tagged")", String(afterAction == .delete ? blobsDeleted : blobsTagged)])
            rows.append(["blobs kept", String(blobsKept)])
        }
        if let journalPath { rows.append(["journal", journalPath]) }
        if let failedEventsPath, failed > 0 { rows.append(["failed events", failedEventsPath]) }
        let columns = [TableRenderer.Column("", maxWidth: 40), TableRenderer.Column("", maxWidth: 200)]
        var text = TableRenderer.render(columns: columns, rows: rows, showsHeader: false)
        if !blobIssues.isEmpty {
            text += "blobs not \(afterAction == .delete ? "deleted" : "tagged"):\n"
            for issue in blobIssues.prefix(max(0, maxBlobIssuesListed)) {
                text += "  " + TerminalText.sanitize(issue.blob) + ": " + TerminalText.sanitize(issue.problem) + "\n"
            }
            if blobIssues.count > maxBlobIssuesListed { text += "  … and \(blobIssues.count - maxBlobIssuesListed) more (all are listed with --format json)\n" }
        }
        for warning in warnings { text += "warning: " + TerminalText.sanitize(warning) + "\n" }
        if stop != .completed { text += "stopped: " + TerminalText.sanitize(stop.description) + "\n" }
        return Redactor.redact(text)
    }

    /// The `--format json` document.
    public var json: OutputJSON {
        .object([
            ("target", .string(target)),
            ("selected", .int(selected)),
            ("sent", .int(sent)),
            ("skipped", .int(skipped)),
            ("failed", .int(failed)),
            ("failureReasons", .object(sortedFailureReasons.map { ($0.reason, .int($0.count)) })),
            ("possibleDuplicates", .int(possibleDuplicates)),
            ("duplicatesDroppedByMessageId", .bool(duplicatesDroppedByMessageID)),
            ("batches", .int(batches)),
            ("requests", .int(requests)),
            ("retries", .int(retries)),
            ("splits", .int(splits)),
            ("bytes", .int(bytes)),
            ("elapsedSeconds", .double(Double(Self.seconds(elapsed)) ?? 0)),
            ("eventsPerSecond", .double((eventsPerSecond * 10).rounded() / 10)),
            ("throttled", .int(throttled)),
            ("after", .string(afterAction.rawValue)),
            ("blobsDeleted", .int(blobsDeleted)),
            ("blobsTagged", .int(blobsTagged)),
            ("blobsKept", .int(blobsKept)),
            ("blobIssues", .array(blobIssues.map { .object([("blob", .string($0.blob)), ("problem", .string(Redactor.redact($0.problem)))]) })),
            ("journal", .string(journalPath)),
            ("failedEvents", .string(failedEventsPath)),
            ("warnings", .array(warnings.map { .string(Redactor.redact($0)) })),
            ("stop", .string(stop.key)),
            ("stopReason", stop == .completed ? .null : .string(stop.description)),
            ("exitCode", .int(Int(exitCode))),
        ])
    }

    /// Seconds with three decimals.
    static func seconds(_ duration: Duration) -> String {
        let millis = Int((duration.replaySeconds * 1000).rounded())
        let fraction = String(millis % 1000)
        return "\(millis / 1000).\(String(repeating: "0", count: 3 - fraction.count))\(fraction)"
    }

    static func rate(_ value: Double) -> String {
        guard value.isFinite, value > 0 else { return "0" }
        return value >= 100 ? String(Int(value.rounded())) : String((value * 10).rounded() / 10)
    }
}
