import ArgumentParser

/// `deadletter-bench`: the benchmarks of issues 3–6, run by `tools/bench` on release builds. `run` measures every
/// section and prints the tables; `decode-worker` and `xml-worker` are the child processes `run` starts for each
/// in-process decoder or parser, so that each one's peak RSS is its own (and so that each can be profiled alone).
@main
struct DeadLetterBench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "deadletter-bench",
        abstract: "Benchmarks for deadletter (use tools/bench, which builds release and prepares the venv).",
        subcommands: [BenchRunCommand.self, DecodeWorkerCommand.self, ListingParseWorkerCommand.self],
        defaultSubcommand: BenchRunCommand.self
    )
}
