import Foundation

/// Issue 5 (b): `deadletter export` of a container served by `deadletter emulator` with 20 ms added to every Blob
/// request, against a Python script with azure-storage-blob and 32 threads doing the same export from the same
/// emulator. With latency L and C requests in flight, no client can beat C / L blobs per second. Then deadletter
/// alone exports a container ten times larger (`BenchSizes.emulatorLargeBlobs`): its peak RSS must stay flat.
struct EmulatorExportSection: BenchSection {
    let name = "export-emulator"
    let title = "deadletter export from the emulator (20 ms per request) vs Python azure-storage-blob, 32 threads"

    static let latencyMilliseconds = 20
    static let concurrency = 32

    func run(_ context: BenchContext) async throws -> BenchSectionReport {
        let blobs = context.sizes.emulatorBlobs
        var report = BenchSectionReport(section: name, title: title, columns: [
            BenchColumn("blobs", "blobs"), BenchColumn("listRequests", "list req"), BenchColumn("getRequests", "get req"),
            BenchColumn("seconds", "time", decimals: 2, unit: "s"), BenchColumn("blobsPerSecond", "blobs/s", decimals: 0),
            BenchColumn("cpuSeconds", "client CPU", decimals: 2, unit: "s"),
            BenchColumn("emulatorCPUSeconds", "emulator CPU", decimals: 2, unit: "s"),
            BenchColumn("rssMiB", "peak RSS", decimals: 1, unit: "MiB"),
        ])
        let emulator = try await startEmulator(context, blobs: blobs, label: "export", report: &report)
        let python = ChildProcess(executable: context.paths.python, arguments: [
            context.paths.pythonScripts + "/export_blobs.py", "--container", BenchPaths.emulatorContainer,
            "--threads", String(Self.concurrency), "--out", context.paths.scratchFile("emulator-export-python.jsonl"),
        ], environment: ["AZURE_STORAGE_CONNECTION_STRING": emulator.connectionString])
        let ours: BenchRow, theirs: BenchRow
        do {
            ours = try await measure("deadletter export", ourExport(context, emulator: emulator, blobs: blobs), on: emulator,
                                     expecting: blobs, paths: context.paths, report: &report)
            theirs = try await measure("Python azure-storage-blob, 32 threads", python, on: emulator, expecting: blobs,
                                       paths: context.paths, report: &report)
        } catch {
            emulator.stop()
            throw error
        }
        emulator.stop()

        let bound = Double(Self.concurrency) / (Double(Self.latencyMilliseconds) / 1000)
        report.rows.append(BenchRow("concurrency bound (32 / 20 ms)", values: ["blobsPerSecond": bound]))
        report.checks.append(.floor("ours: fraction of the concurrency bound", ours.values["blobsPerSecond"]! / bound * 100,
                                    unit: "%", atLeast: 90))
        report.checks.append(.ratio("ours vs Python azure-storage-blob", theirs.values["seconds"]! / ours.values["seconds"]!, atLeast: 5))
        // No client can beat the bound, so against this Python run the ratio cannot exceed bound / Python's rate.
        report.checks.append(.ratio("highest ratio the bound allows against this Python run", bound / theirs.values["blobsPerSecond"]!))
        report.checks.append(.limit("ours peak RSS", ours.values["rssMiB"]!, unit: "MiB", atMost: 64))
        report.notes.append("20 ms added to every Blob request (list and get), counted from the request's arrival at the emulator; "
                            + "counters from GET /_emulator/counters")
        report.notes.append("time is the client process's wall clock, listing included; blobs/s = blobs written / time; "
                            + "client and emulator share the 2 cores, so client CPU + emulator CPU close to 2 × time means the cores were the limit")

        let large = context.sizes.emulatorLargeBlobs
        guard large > blobs else { return report }
        let largeEmulator = try await startEmulator(context, blobs: large, label: "export-large", report: &report)
        defer { largeEmulator.stop() }
        let oursLarge = try await measure("deadletter export, \(large) blobs", ourExport(context, emulator: largeEmulator, blobs: large),
                                          on: largeEmulator, expecting: large, paths: context.paths, report: &report)
        report.checks.append(.limit("ours peak RSS, \(large) blobs", oursLarge.values["rssMiB"]!, unit: "MiB", atMost: 64))
        report.checks.append(.limit("ours RSS growth \(blobs) → \(large) blobs", oursLarge.values["rssMiB"]! / ours.values["rssMiB"]!,
                                    unit: "×", atMost: 1.2))
        return report
    }

    /// `deadletter emulator` over the generated container of `blobs` blobs, with the latency on the Blob service.
    private func startEmulator(_ context: BenchContext, blobs: Int, label: String,
                               report: inout BenchSectionReport) async throws -> EmulatorProcess {
        let mirror = try context.data.blobMirror(blobs: blobs)
        log("export-emulator: starting the emulator over \(mirror) (indexes every blob first)")
        let clock = ContinuousClock()
        let loading = clock.now
        let emulator = try await EmulatorProcess.start(paths: context.paths, label: label, arguments: [
            "--data", mirror, "--latency-ms", String(Self.latencyMilliseconds), "--fault-service", "blob",
        ])
        report.notes.append("emulator: separate process, \(blobs) blobs from \(mirror), ready after "
                            + String(format: "%.1f", (clock.now - loading).seconds) + " s")
        return emulator
    }

    private func ourExport(_ context: BenchContext, emulator: EmulatorProcess, blobs: Int) -> ChildProcess {
        ChildProcess(executable: context.paths.deadletter, arguments: [
            "export", "\(emulator.blobEndpoint)/\(BenchPaths.emulatorContainer)", "--quiet",
            "--concurrency", String(Self.concurrency), "-o", context.paths.scratchFile("emulator-export-ours-\(blobs).jsonl"),
        ], environment: ["AZURE_STORAGE_CONNECTION_STRING": emulator.connectionString])
    }

    /// Runs one exporter against `emulator` (counters reset first), adds its row and deletes its output (both
    /// exporters take the output file as their last argument).
    private func measure(_ label: String, _ process: ChildProcess, on emulator: EmulatorProcess, expecting blobs: Int,
                         paths: BenchPaths, report: inout BenchSectionReport) async throws -> BenchRow {
        var process = process
        let output = process.arguments.last!
        let index = report.rows.count
        process.stdoutPath = paths.scratchFile("emulator-export-\(index).out")
        process.stderrPath = paths.scratchFile("emulator-export-\(index).stderr")
        try await emulator.resetCounters()
        log("export-emulator: \(label)")
        let emulatorCPUBefore = emulator.child.cpuSecondsSoFar ?? 0
        let result = try process.run()
        let emulatorCPU = (emulator.child.cpuSecondsSoFar ?? 0) - emulatorCPUBefore
        let counters = try await emulator.counters()
        let lines = FileChunkReader.lineCount(output)
        if lines != blobs { report.notes.append("\(label) wrote \(lines) lines for \(blobs) blobs") }
        let row = BenchRow(label, values: [
            "blobs": Double(lines), "listRequests": Double(counters[.listBlobs]), "getRequests": Double(counters[.getBlob]),
            "seconds": result.wallSeconds, "blobsPerSecond": Rate.perSecond(lines, result.wallSeconds),
            "cpuSeconds": result.userSeconds + result.systemSeconds, "emulatorCPUSeconds": emulatorCPU,
            "rssMiB": Rate.mebibytes(result.peakRSSBytes),
        ])
        report.rows.append(row)
        try? FileManager.default.removeItem(atPath: output)
        return row
    }
}
