import Foundation

/// Issue 5 (b): `deadletter export` of a container served by `deadletter emulator` with 20 ms added to every Blob
/// request, against a Python script with azure-storage-blob and 32 threads doing the same export from the same
/// emulator. With latency L and C requests in flight, no client can beat C / L blobs per second.
struct EmulatorExportSection: BenchSection {
    let name = "export-emulator"
    let title = "deadletter export from the emulator (20 ms per request) vs Python azure-storage-blob, 32 threads"

    static let latencyMilliseconds = 20
    static let concurrency = 32

    func run(_ context: BenchContext) async throws -> BenchSectionReport {
        let blobs = context.sizes.emulatorBlobs
        let mirror = try context.data.blobMirror(blobs: blobs)
        log("export-emulator: starting the emulator over \(mirror) (indexes every blob first)")
        let clock = ContinuousClock()
        let loading = clock.now
        let emulator = try await EmulatorProcess.start(paths: context.paths, label: "export", arguments: [
            "--data", mirror, "--latency-ms", String(Self.latencyMilliseconds), "--fault-service", "blob",
        ])
        let loadSeconds = (clock.now - loading).seconds
        defer { emulator.stop() }

        var report = BenchSectionReport(section: name, title: title, columns: [
            BenchColumn("blobs", "blobs"), BenchColumn("listRequests", "list req"), BenchColumn("getRequests", "get req"),
            BenchColumn("seconds", "time", decimals: 2, unit: "s"), BenchColumn("blobsPerSecond", "blobs/s", decimals: 0),
            BenchColumn("cpuSeconds", "client CPU", decimals: 2, unit: "s"),
            BenchColumn("emulatorCPUSeconds", "emulator CPU", decimals: 2, unit: "s"),
            BenchColumn("rssMiB", "peak RSS", decimals: 1, unit: "MiB"),
        ])
        let container = "\(emulator.blobEndpoint)/\(BenchPaths.emulatorContainer)"
        let environment = ["AZURE_STORAGE_CONNECTION_STRING": emulator.connectionString]
        let oursOutput = context.paths.scratchFile("emulator-export-ours.jsonl")
        let pythonOutput = context.paths.scratchFile("emulator-export-python.jsonl")
        let candidates: [(String, ChildProcess, String)] = [
            ("deadletter export", ChildProcess(executable: context.paths.deadletter, arguments: [
                "export", container, "--quiet", "--concurrency", String(Self.concurrency), "-o", oursOutput,
            ], environment: environment), oursOutput),
            ("Python azure-storage-blob, 32 threads", ChildProcess(executable: context.paths.python, arguments: [
                context.paths.pythonScripts + "/export_blobs.py", "--container", BenchPaths.emulatorContainer,
                "--threads", String(Self.concurrency), "--out", pythonOutput,
            ], environment: environment), pythonOutput),
        ]
        var seconds: [Double] = []
        for (index, (label, process, output)) in candidates.enumerated() {
            var process = process
            process.stdoutPath = context.paths.scratchFile("emulator-export-\(index).out")
            process.stderrPath = context.paths.scratchFile("emulator-export-\(index).stderr")
            try await emulator.resetCounters()
            log("export-emulator: \(label)")
            let emulatorCPUBefore = emulator.child.cpuSecondsSoFar ?? 0
            let result = try process.run()
            let emulatorCPU = (emulator.child.cpuSecondsSoFar ?? 0) - emulatorCPUBefore
            let counters = try await emulator.counters()
            let lines = FileChunkReader.lineCount(output)
            if lines != blobs { report.notes.append("\(label) wrote \(lines) lines for \(blobs) blobs") }
            report.rows.append(BenchRow(label, values: [
                "blobs": Double(lines), "listRequests": Double(counters[.listBlobs]), "getRequests": Double(counters[.getBlob]),
                "seconds": result.wallSeconds, "blobsPerSecond": Rate.perSecond(lines, result.wallSeconds),
                "cpuSeconds": result.userSeconds + result.systemSeconds, "emulatorCPUSeconds": emulatorCPU,
                "rssMiB": Rate.mebibytes(result.peakRSSBytes),
            ]))
            seconds.append(result.wallSeconds)
            try? FileManager.default.removeItem(atPath: output)
        }
        let bound = Double(Self.concurrency) / (Double(Self.latencyMilliseconds) / 1000)
        let ours = report.rows[0]
        report.rows.append(BenchRow("concurrency bound (32 / 20 ms)", values: ["blobsPerSecond": bound]))
        report.checks.append(.floor("ours: fraction of the concurrency bound", ours.values["blobsPerSecond"]! / bound * 100,
                                    unit: "%", atLeast: 90))
        report.checks.append(.ratio("ours vs Python azure-storage-blob", seconds[1] / seconds[0], atLeast: 5))
        // No client can beat the bound, so against this Python run the ratio cannot exceed bound / Python's rate.
        report.checks.append(.ratio("highest ratio the bound allows against this Python run", bound / report.rows[1].values["blobsPerSecond"]!))
        report.checks.append(.limit("ours peak RSS", ours.values["rssMiB"]!, unit: "MiB", atMost: 64))
        report.notes.append("emulator: separate process, \(blobs) blobs from \(mirror), ready after \(String(format: "%.1f", loadSeconds)) s; "
                            + "20 ms added to every Blob request (list and get); counters from GET /_emulator/counters")
        report.notes.append("time is the client process's wall clock, listing included; blobs/s = blobs written / time; "
                            + "client and emulator share the 2 cores, so client CPU + emulator CPU close to 2 × time means the cores were the limit")
        return report
    }
}
