import AzureEmulator
import Foundation

/// The replay runs: `deadletter replay EXPORT --to eventhubs` and `--to eventgrid:<topic URL>` into a
/// `deadletter emulator` process, at a small and the full size (RSS must stay flat in N), then the Python SDK into
/// the same kind of Event Grid topic. Credentials go through the environment as issue 6 prescribes; what each sink
/// accepted is read back from its counters. Every run gets a fresh emulator, whose sinks keep what they received.
/// The Event Grid runs are repeated with their journal, as after a crash: every event is skipped, and the rerun's
/// RSS must not grow with the journal either.
struct ReplayMeasurement {
    let context: BenchContext

    static let eventHub = "replay-hub"
    static let topic = "replay-topic"

    /// One measured run: who sends, to which sink, how many events.
    private struct Run {
        var label: String
        var key: String
        var sink: String
        var events: Int
        var command: (EmulatorProcess, String) -> ChildProcess
        /// Run the same command again against the same emulator (same journal, so everything is skipped).
        var rerun: (label: String, key: String)?
    }

    func run(section: String, title: String) async throws -> BenchSectionReport {
        let small = context.sizes.scanSmallEvents, large = context.sizes.replayEvents
        var report = BenchSectionReport(section: section, title: title, columns: [
            BenchColumn("events", "events accepted"), BenchColumn("requests", "requests"),
            BenchColumn("seconds", "time", decimals: 2, unit: "s"), BenchColumn("eventsPerSecond", "events/s"),
            BenchColumn("cpuSeconds", "client CPU", decimals: 2, unit: "s"),
            BenchColumn("emulatorCPUSeconds", "emulator CPU", decimals: 2, unit: "s"),
            BenchColumn("rssMiB", "peak RSS", decimals: 1, unit: "MiB"),
        ])
        var runs: [Run] = []
        for events in [small, large] {
            runs.append(Run(label: "deadletter replay → Event Hubs, \(events) events", key: "eventhubs-\(events)", sink: Self.eventHub,
                            events: events) { emulator, file in
                replay(file, to: "eventhubs", label: "eventhubs", environment: ["DEADLETTER_TARGET_CONNECTION_STRING": hubConnection(emulator)])
            })
            runs.append(Run(label: "deadletter replay → Event Grid, \(events) events", key: "eventgrid-\(events)", sink: Self.topic,
                            events: events, command: { emulator, file in
                replay(file, to: "eventgrid:\(topicURL(emulator))", label: "eventgrid",
                       environment: ["DEADLETTER_TARGET_KEY": SinkConfiguration.defaultEventGridKey])
            }, rerun: ("deadletter replay → Event Grid, rerun with its journal (\(events) skipped)", "eventgrid-rerun-\(events)")))
        }
        runs.append(Run(label: "Python azure-eventgrid → Event Grid, \(large) events", key: "python", sink: Self.topic, events: large) { emulator, file in
            ChildProcess(executable: context.paths.python, arguments: [
                context.paths.pythonScripts + "/publish_eventgrid.py", file, "--endpoint", topicURL(emulator), "--batch-size", "500",
            ], environment: ["DEADLETTER_TARGET_KEY": SinkConfiguration.defaultEventGridKey])
        })

        var rows: [String: BenchRow] = [:]
        for (index, run) in runs.enumerated() {
            let file = try context.data.exportFile(events: run.events)
            let emulator = try await EmulatorProcess.start(paths: context.paths, label: "replay", arguments: [])
            defer { emulator.stop() }
            var process = run.command(emulator, file)
            process.stdoutPath = context.paths.scratchFile("replay-\(index).out")
            process.stderrPath = context.paths.scratchFile("replay-\(index).stderr")
            var measured = [(run.label, run.key, run.events)]
            if let rerun = run.rerun { measured.append((rerun.label, rerun.key, 0)) }
            var acceptedBefore = SinkCount(requests: 0, acceptedMessages: 0)
            for (label, key, expected) in measured {
                log("replay: \(label)")
                let emulatorCPUBefore = emulator.child.cpuSecondsSoFar ?? 0
                let result = try process.run()
                let emulatorCPU = (emulator.child.cpuSecondsSoFar ?? 0) - emulatorCPUBefore
                let total = try await sinkCounters(emulator, run.sink)
                let accepted = total.acceptedMessages - acceptedBefore.acceptedMessages, requests = total.requests - acceptedBefore.requests
                acceptedBefore = total
                if accepted != expected {
                    report.notes.append("\(label): the sink accepted \(accepted) of \(expected) events")
                }
                // A rerun sends nothing: its rate is the events it read and skipped per second.
                let handled = expected == 0 ? run.events : accepted
                let row = BenchRow(label, values: [
                    "events": Double(accepted), "requests": Double(requests), "seconds": result.wallSeconds,
                    "eventsPerSecond": Rate.perSecond(handled, result.wallSeconds),
                    "cpuSeconds": result.userSeconds + result.systemSeconds, "emulatorCPUSeconds": emulatorCPU,
                    "rssMiB": Rate.mebibytes(result.peakRSSBytes),
                ])
                rows[key] = row
                report.rows.append(row)
            }
        }

        for (kind, label) in [("eventhubs", "Event Hubs"), ("eventgrid", "Event Grid"), ("eventgrid-rerun", "Event Grid rerun with journal")] {
            let largeRSS = rows["\(kind)-\(large)"]!.values["rssMiB"]!, smallRSS = rows["\(kind)-\(small)"]!.values["rssMiB"]!
            report.checks.append(.limit("replay → \(label): peak RSS at \(large) events", largeRSS, unit: "MiB", atMost: 64))
            report.checks.append(.limit("replay → \(label): RSS growth \(small) → \(large) events", largeRSS / smallRSS, unit: "×", atMost: 1.2))
        }
        let python = rows["python"]!.values["seconds"]!
        report.checks.append(.ratio("replay → Event Grid vs Python azure-eventgrid", python / rows["eventgrid-\(large)"]!.values["seconds"]!, atLeast: 5))
        report.checks.append(.ratio("replay → Event Hubs vs Python azure-eventgrid (to Event Grid)", python / rows["eventhubs-\(large)"]!.values["seconds"]!))
        report.notes.append("emulator in its own process (a fresh one per run), no latency; deadletter replay with its defaults "
                            + "(8 batches in flight, 500 events per batch); Python sends CloudEvents sequentially in batches of 500 "
                            + "with EventGridPublisherClient.send; a rerun's events/s counts the events it read and skipped")
        return report
    }

    private func hubConnection(_ emulator: EmulatorProcess) -> String {
        "Endpoint=sb://127.0.0.1:\(emulator.port)/;SharedAccessKeyName=\(SinkConfiguration.defaultPolicyName);"
            + "SharedAccessKey=\(SinkConfiguration.defaultMessagingKey);EntityPath=\(Self.eventHub);UseDevelopmentEmulator=true"
    }

    private func topicURL(_ emulator: EmulatorProcess) -> String { "\(emulator.baseURL)/\(Self.topic)/api/events" }

    /// A fresh journal for each first run, so a previous run's acknowledgements are not skipped; a rerun runs the
    /// same command again and finds the journal the first run wrote.
    private func replay(_ file: String, to target: String, label: String, environment: [String: String]) -> ChildProcess {
        let journal = context.paths.scratchFile("replay-\(label).journal")
        try? FileManager.default.removeItem(atPath: journal)
        return ChildProcess(executable: context.paths.deadletter, arguments: ["replay", file, "--to", target, "--journal", journal, "--quiet"],
                            environment: environment)
    }

    private struct SinkCount: Decodable {
        var requests: Int
        var acceptedMessages: Int
    }

    private func sinkCounters(_ emulator: EmulatorProcess, _ sink: String) async throws -> SinkCount {
        let body = try await BenchHTTP.get("\(emulator.baseURL)/_emulator/sinks/\(sink)/counters")
        return try JSONDecoder().decode(SinkCount.self, from: Data(body))
    }
}
