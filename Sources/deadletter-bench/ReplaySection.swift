import Foundation

/// Issue 6: replay of an export into the emulator's Event Hubs and Event Grid sinks, against azure-eventgrid's
/// `EventGridPublisherClient.send` in batches. Runs only when the `deadletter replay` command exists.
struct ReplaySection: BenchSection {
    let name = "replay"
    let title = "deadletter replay into the emulator's sinks vs Python azure-eventgrid"

    func run(_ context: BenchContext) async throws -> BenchSectionReport {
        // `deadletter replay --help` falls back to the root help when there is no such command, so look at the list.
        let helpPath = context.paths.scratchFile("deadletter-help.out")
        try ChildProcess(executable: context.paths.deadletter, arguments: ["--help"], stdoutPath: helpPath, measured: false).run()
        let help = (try? String(contentsOfFile: helpPath, encoding: .utf8)) ?? ""
        guard help.split(separator: "\n").contains(where: { $0.hasPrefix("  replay ") }) else {
            return .skipped(name, title: title, reason: "`deadletter replay` does not exist in this build (issue 6 is still being written)")
        }
        return try await ReplayMeasurement(context: context).run(section: name, title: title)
    }
}
