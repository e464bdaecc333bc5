import Foundation

/// Generates the inputs with tools/gen-sample.py under `.build/bench-data/`, once: a file or directory is only
/// renamed into place when the generator finished, so a killed run never leaves a half input to be reused.
struct BenchData: Sendable {
    let paths: BenchPaths

    /// `export-<N>.jsonl`: N ADT dead letters as `deadletter export` writes them.
    func exportFile(events: Int) throws -> String {
        let path = paths.exportFile(events: events)
        if FileManager.default.fileExists(atPath: path) { return path }
        let partial = path + ".partial"
        try? FileManager.default.removeItem(atPath: partial)
        log("generating \(events) events as JSONL in \(path)")
        try generator(["jsonl", String(events), partial], label: "jsonl-\(events)").run()
        try FileManager.default.moveItem(atPath: partial, toPath: path)
        return path
    }

    /// `blobs-<N>/devstoreaccount1/deadletters/…`: N one-event blobs in ADT folders, servable by `deadletter emulator --data`.
    func blobMirror(blobs: Int) throws -> String {
        let path = paths.blobMirror(blobs: blobs)
        if FileManager.default.fileExists(atPath: path) { return path }
        let partial = path + ".partial"
        try? FileManager.default.removeItem(atPath: partial)
        log("generating \(blobs) blobs under \(path)")
        let container = "\(partial)/devstoreaccount1/\(BenchPaths.emulatorContainer)"
        try FileManager.default.createDirectory(atPath: container, withIntermediateDirectories: true)
        try generator(["blobs", String(blobs), container], label: "blobs-\(blobs)").run()
        try FileManager.default.moveItem(atPath: partial, toPath: path)
        return path
    }

    func fileSize(_ path: String) -> Int {
        ((try? FileManager.default.attributesOfItem(atPath: path))?[.size] as? NSNumber)?.intValue ?? 0
    }

    private func generator(_ arguments: [String], label: String) -> ChildProcess {
        var process = ChildProcess(executable: paths.generatorPython, arguments: [paths.generator] + arguments)
        process.stderrPath = paths.scratchFile("generate-\(label).stderr")
        return process
    }
}

/// Progress of the bench itself, on stderr so that stdout stays the tables.
func log(_ message: String) {
    FileHandle.standardError.write(Data("bench: \(message)\n".utf8))
}
