import Foundation

/// Issue 5 (a): `deadletter stats` and `deadletter export` over a local export JSONL, small and large: events/s,
/// peak RSS, and whether RSS stays flat as the input grows ten times.
struct ScanSection: BenchSection {
    let name = "scan"
    let title = "deadletter stats / export over a local JSONL export"

    func run(_ context: BenchContext) async throws -> BenchSectionReport {
        var report = BenchSectionReport(section: name, title: title, columns: DecodeTable.columns.filter { $0.key != "matched" })
        var rss: [String: [Int: Double]] = ["stats": [:], "export": [:]]
        let sizes = [context.sizes.scanSmallEvents, context.sizes.scanLargeEvents]
        for events in sizes {
            let file = try context.data.exportFile(events: events)
            let bytes = context.data.fileSize(file)
            let output = context.paths.scratchFile("scan-export-\(events).jsonl")
            let commands: [(String, [String])] = [
                ("stats", ["stats", file, "--quiet"]),
                ("export", ["export", file, "--quiet", "-o", output]),
            ]
            for (command, arguments) in commands {
                log("scan: deadletter \(command) over \(events) events")
                let result = try ChildProcess(executable: context.paths.deadletter, arguments: arguments,
                                              stdoutPath: context.paths.scratchFile("scan-\(command)-\(events).out"),
                                              stderrPath: context.paths.scratchFile("scan-\(command)-\(events).stderr"))
                    .runBest(of: context.sizes.repetitions)
                report.rows.append(DecodeTable.row("deadletter \(command), \(events) events", result: result, counts: nil,
                                                   bytes: bytes, fileEvents: events, filtered: false))
                rss[command]![events] = Rate.mebibytes(result.peakRSSBytes)
            }
            if FileChunkReader.lineCount(output) != events {
                report.notes.append("export of \(events) events wrote \(FileChunkReader.lineCount(output)) lines")
            }
            try? FileManager.default.removeItem(atPath: output)
        }
        let small = sizes[0], large = sizes[1]
        for command in ["stats", "export"] {
            let largeRSS = rss[command]![large]!, smallRSS = rss[command]![small]!
            report.checks.append(.limit("\(command) peak RSS at \(large) events", largeRSS, unit: "MiB", atMost: 64))
            report.checks.append(.limit("\(command) RSS growth \(small) → \(large) events", largeRSS / smallRSS, unit: "×", atMost: 1.2))
        }
        report.notes.append("times are wall clock of the process"
                            + (context.sizes.repetitions > 1 ? ", best of \(context.sizes.repetitions) runs" : "") + "; export writes uncompressed JSONL to .build/bench-data/out (deleted after)")
        return report
    }
}
