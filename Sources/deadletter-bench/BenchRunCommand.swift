import ArgumentParser
import Foundation

/// `deadletter-bench run [--quick] [section…]`: runs the sections one after another, prints one table per section
/// (absolute numbers and the ratios to the baselines measured in the same run) and writes them all as JSON.
struct BenchRunCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Run benchmark sections and print their tables.",
        discussion: "Sections: \(BenchRunCommand.sections.map(\.name).joined(separator: ", ")). Use tools/bench, which passes the paths.")

    static let sections: [any BenchSection] = [
        XMLSection(), WalkSection(), DecodeSection(), ScanSection(), EmulatorExportSection(), ReplaySection(), BoundsSection(),
    ]

    @Flag(help: "Small inputs (about 50k events) so that everything runs in a few minutes.")
    var quick = false

    @Option(help: "The project root.")
    var root = FileManager.default.currentDirectoryPath

    @Option(help: "The release deadletter executable (default: <root>/.build/release/deadletter).")
    var deadletter: String?

    @Option(help: "Python with orjson, azure-storage-blob and azure-eventgrid (default: <root>/.build/bench-venv/bin/python).")
    var python: String?

    @Option(help: "The Python that runs tools/gen-sample.py.")
    var generatorPython = "python3"

    @Option(help: "The jq executable.")
    var jq = "jq"

    @Option(help: "Where the JSON results go (default: <root>/.build/bench-results.json).")
    var results: String?

    @Argument(help: "Sections to run (default: all).")
    var selected: [String] = []

    func validate() throws {
        let known = Set(Self.sections.map(\.name))
        for name in selected where !known.contains(name) {
            throw ValidationError("unknown section '\(name)'; sections are \(Self.sections.map(\.name).joined(separator: ", "))")
        }
    }

    func run() async throws {
        let paths = BenchPaths(root: root, data: root + "/.build/bench-data",
                               deadletter: deadletter ?? root + "/.build/release/deadletter",
                               bench: Self.ownExecutable, python: python ?? root + "/.build/bench-venv/bin/python",
                               generatorPython: generatorPython, jq: jq)
        try FileManager.default.createDirectory(atPath: paths.scratch, withIntermediateDirectories: true)
        let context = BenchContext(paths: paths, sizes: quick ? .quick : .full, quick: quick)
        let resultsPath = results ?? root + "/.build/bench-results.json"
        var run = BenchRunReport(startedAt: ISO8601DateFormatter().string(from: Date()), quick: quick,
                                 machine: Self.machineDescription, sections: [])
        if !ChildProcess.hasGNUTime {
            log("warning: \(ChildProcess.gnuTime) is missing; peak RSS falls back to wait4, which includes this bench's own RSS")
        }
        let chosen = selected.isEmpty ? Self.sections : Self.sections.filter { selected.contains($0.name) }
        emit("deadletter-bench \(quick ? "--quick" : "(full sizes)"), \(run.machine), started \(run.startedAt)\n\n")
        for section in chosen {
            log("section \(section.name)")
            let clock = ContinuousClock()
            let started = clock.now
            let load = Self.loadAverage
            var report: BenchSectionReport
            do {
                report = try await section.run(context)
            } catch {
                report = .skipped(section.name, title: section.title, reason: "failed: \(error)")
            }
            report.notes.append("load average at the start (1/5/15 min): \(load); the cores are shared with other work, "
                                + "so absolute times vary between runs and only same-run ratios compare")
            log("section \(section.name) took \(String(format: "%.0f", (clock.now - started).seconds)) s")
            emit(BenchTable.render(report) + "\n")
            run.sections.append(report)
            try write(run, to: resultsPath)
        }
        emit(Self.summary(run) + "\n")
        emit("results: \(resultsPath)\n")
    }

    private func write(_ run: BenchRunReport, to path: String) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        try encoder.encode(run).write(to: URL(fileURLWithPath: path), options: .atomic)
    }

    /// Every goal of the run, met or missed, in one list.
    static func summary(_ run: BenchRunReport) -> String {
        var lines = ["== goals =="]
        for section in run.sections {
            if let reason = section.skipped { lines.append("  \(section.section): not measured (\(reason))") }
            for check in section.checks where check.met != nil {
                lines.append("  \(section.section): \(BenchTable.describe(check))")
            }
        }
        return lines.joined(separator: "\n")
    }

    /// `/proc/self/exe`, so the decode workers run the same binary whatever the working directory.
    static var ownExecutable: String {
        (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
    }

    /// The first three fields of /proc/loadavg.
    static var loadAverage: String {
        let text = (try? String(contentsOfFile: "/proc/loadavg", encoding: .utf8)) ?? ""
        return text.split(separator: " ").prefix(3).joined(separator: " ")
    }

    static var machineDescription: String {
        var system = utsname()
        uname(&system)
        let machine = withUnsafeBytes(of: &system.machine) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
        let release = withUnsafeBytes(of: &system.release) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
        return "Linux \(release) \(machine), \(ProcessInfo.processInfo.activeProcessorCount) CPUs, "
            + "\(ProcessInfo.processInfo.physicalMemory / 1_073_741_824) GiB"
    }
}

/// Writes to stdout at once (the tables appear as each section ends, even when stdout is a pipe).
func emit(_ text: String) {
    FileHandle.standardOutput.write(Data(text.utf8))
}
