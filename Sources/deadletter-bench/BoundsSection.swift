import DeadLetterKit
import Foundation

/// Issue 7 (6): a 1 GB blob, a 100k-element array blob and a listing page of 5000 very long names are each read by
/// `deadletter export` and `deadletter stats`, through the emulator and as a local mirror, within one memory bound:
/// peak RSS ≤ the per-event limit + 64 MiB. Each run is also checked for what it reported (events matched, the blob
/// not read and why), so a small RSS cannot come from reading nothing.
struct BoundsSection: BenchSection {
    let name = "bounds"
    let title = "peak RSS of export / stats over pathological blobs and listings (emulator and local mirror)"

    /// The bound beyond the per-event limit.
    static let headroomMiB = 64.0

    func run(_ context: BenchContext) async throws -> BenchSectionReport {
        let limit = JSONDecodingOptions.defaultMaxValueSize
        let data = BoundsData(paths: context.paths)
        let inputs = BoundsInput.all(quick: context.quick)
        var prepared: [(input: BoundsInput, directory: String, events: Int)] = []
        for input in inputs {
            let (directory, events) = try data.prepare(input)
            prepared.append((input, directory, events))
        }

        log("bounds: starting the emulator over \(data.emulatorRoot)")
        let emulator = try await EmulatorProcess.start(paths: context.paths, label: "bounds", arguments: ["--data", data.emulatorRoot])
        defer { emulator.stop() }

        var report = BenchSectionReport(section: name, title: title, columns: [
            BenchColumn("exit", "exit"), BenchColumn("matched", "matched"), BenchColumn("notRead", "not read"),
            BenchColumn("listRequests", "list req"),
            BenchColumn("seconds", "time", decimals: 2, unit: "s"), BenchColumn("mbps", "read", decimals: 0, unit: "MB/s"),
            BenchColumn("stderrKiB", "stderr", decimals: 0, unit: "KiB"),
            BenchColumn("rssMiB", "peak RSS", decimals: 1, unit: "MiB"),
            BenchColumn("overLimitMiB", "RSS − limit", decimals: 1, unit: "MiB"),
        ])
        var mismatches = 0
        for (input, directory, events) in prepared {
            let bytes = Self.directorySize(directory)
            let expected = input.expectation(events: events, limit: limit)
            var worst = 0.0
            let sources = [("emulator", "\(emulator.blobEndpoint)/\(input.container)"), ("mirror", directory)]
            for (sourceName, source) in sources {
                for command in ["export", "stats"] {
                    let label = "\(input.name) · \(sourceName) · \(command)"
                    let arguments = command == "export"
                        ? ["export", source, "--quiet", "--max-event-size", String(limit), "-o", "-"]
                        : ["stats", source, "--quiet", "--max-event-size", String(limit), "--no-histogram"]
                    let stderrPath = context.paths.scratchFile("bounds-\(input.name)-\(sourceName)-\(command).stderr")
                    log("bounds: \(label)")
                    if sourceName == "emulator" { try await emulator.resetCounters() }
                    // stdout (the export itself) goes to /dev/null: the measured thing is the reader, not the disk.
                    let result = try ChildProcess(executable: context.paths.deadletter, arguments: arguments,
                                                  environment: ["AZURE_STORAGE_CONNECTION_STRING": emulator.connectionString],
                                                  stderrPath: stderrPath).start().wait()
                    let summary = BoundsRunSummary(stderrPath: stderrPath)
                    // How many List Blobs requests the walk took: the long-name input must be one page of 5000.
                    var listRequests: Double?
                    if sourceName == "emulator" { listRequests = Double(try await emulator.counters()[.listBlobs]) }
                    if let problem = summary.mismatch(exitCode: result.exitStatus, expected) {
                        mismatches += 1
                        report.notes.append("\(label): \(problem) (see \(stderrPath))")
                    }
                    let rss = Rate.mebibytes(result.peakRSSBytes)
                    worst = max(worst, rss)
                    var row = BenchRow(label, values: [
                        "exit": Double(result.exitStatus), "matched": Double(summary.matched ?? -1),
                        "notRead": Double(summary.blobsNotRead ?? -1), "seconds": result.wallSeconds,
                        "mbps": Rate.megabytesPerSecond(bytes, result.wallSeconds), "stderrKiB": Double(summary.bytes) / 1024,
                        "rssMiB": rss, "overLimitMiB": rss - Rate.mebibytes(limit),
                    ])
                    row.values["listRequests"] = listRequests
                    report.rows.append(row)
                    if !result.measuredByGNUTime { report.notes.append("\(label): RSS from wait4 (an upper bound)") }
                }
            }
            report.checks.append(.limit("\(input.summary): worst peak RSS − per-event limit", worst - Rate.mebibytes(limit),
                                        unit: "MiB", atMost: Self.headroomMiB))
        }
        report.checks.append(.limit("runs that did not report what their input holds", Double(mismatches), unit: "runs", atMost: 0))
        report.notes.append("per-event limit: --max-event-size \(limit) (\(Rate.mebibytes(limit)) MiB, JSONDecodingOptions.defaultMaxValueSize); "
                            + "goal: peak RSS ≤ limit + \(Int(Self.headroomMiB)) MiB for every run")
        report.notes.append("inputs: " + prepared.map { "\($0.input.name) = \($0.input.summary) (\(Self.describe(Self.directorySize($0.directory))), \($0.events) dead letters)" }
            .joined(separator: "; "))
        report.notes.append("emulator: a separate process serving \(data.emulatorRoot) from disk (its RSS is not measured); "
                            + "export writes to /dev/null; MB/s = input bytes / wall time; stderr = size of the run summary")
        return report
    }

    /// Bytes of all files under `path`.
    static func directorySize(_ path: String) -> Int {
        var total = 0
        let enumerator = FileManager.default.enumerator(atPath: path)
        while let relative = enumerator?.nextObject() as? String {
            let attributes = try? FileManager.default.attributesOfItem(atPath: path + "/" + relative)
            if attributes?[.type] as? FileAttributeType == .typeRegular { total += (attributes?[.size] as? NSNumber)?.intValue ?? 0 }
        }
        return total
    }

    static func describe(_ bytes: Int) -> String {
        bytes >= 1 << 30 ? String(format: "%.2f GiB", Double(bytes) / 1_073_741_824) : String(format: "%.1f MiB", Rate.mebibytes(bytes))
    }
}
