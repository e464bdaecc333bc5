import Foundation

/// One implementation in the decode table and how to start it.
struct DecodeCandidate: Sendable {
    var key: String
    var label: String
    var command: @Sendable (BenchPaths, String, DecodeFilter?) -> ChildProcess
    /// How the child reports its counts: a JSON line (workers, Python) or one output line per match (jq).
    var countsMatchedLines: Bool

    static let all: [DecodeCandidate] = [
        worker(.ours, label: "DeadLetterDecoder (ours)"),
        worker(.oursParallel, label: "ParallelExportDecoding (ours, all cores)"),
        worker(.jsonDecoder, label: "Foundation JSONDecoder"),
        worker(.jsonSerialization, label: "Foundation JSONSerialization"),
        DecodeCandidate(key: "jq", label: "jq", command: { paths, file, filter in
            guard let filter else { return ChildProcess(executable: paths.jq, arguments: ["-c", "empty", file]) }
            return ChildProcess(executable: paths.jq, arguments: [
                "-c", "--arg", "t", filter.type, "--arg", "w", filter.twin,
                #"select(.event.type == $t and ((if (.event.type | ascii_downcase) == "microsoft.iot.telemetry" then (.event.source | split("/") | last) else ((.event.subject // "") | split("/relationships/")[0]) end) == $w))"#,
                file])
        }, countsMatchedLines: true),
        DecodeCandidate(key: "orjson", label: "Python + orjson", command: { paths, file, filter in
            var arguments = [paths.pythonScripts + "/decode_orjson.py", file]
            if let filter { arguments += ["--type", filter.type, "--twin", filter.twin] }
            return ChildProcess(executable: paths.python, arguments: arguments)
        }, countsMatchedLines: false),
    ]

    private static func worker(_ implementation: DecodeImplementation, label: String) -> DecodeCandidate {
        DecodeCandidate(key: implementation.rawValue, label: label, command: { paths, file, filter in
            var arguments = ["decode-worker", "--implementation", implementation.rawValue, file]
            if let filter { arguments += ["--type", filter.type, "--twin", filter.twin] }
            return ChildProcess(executable: paths.bench, arguments: arguments)
        }, countsMatchedLines: false)
    }
}

/// Runs decode candidates and reads their counts.
struct DecodeRunner {
    let paths: BenchPaths
    let file: String
    let repetitions: Int

    func run(_ candidate: DecodeCandidate, filter: DecodeFilter?) throws -> (ChildProcessResult, DecodeCounts?) {
        var process = candidate.command(paths, file, filter)
        let tag = "decode-\(candidate.key)-\(filter == nil ? "all" : "filter")"
        process.stdoutPath = paths.scratchFile(tag + ".out")
        process.stderrPath = paths.scratchFile(tag + ".stderr")
        let result = try process.runBest(of: repetitions)
        guard let output = FileManager.default.contents(atPath: result.stdoutPath) else { return (result, nil) }
        if candidate.countsMatchedLines {
            var counts = DecodeCounts()
            counts.matched = output.reduce(0) { $0 + ($1 == UInt8(ascii: "\n") ? 1 : 0) }
            return (result, counts)
        }
        return (result, try? JSONDecoder().decode(DecodeCounts.self, from: output))
    }
}
