/// `--failed FILE.jsonl`: each event that could not be sent, as an export record (so `deadletter replay FILE.jsonl`
/// takes it back) with a `"replayError"` member giving the reason. The file appears complete at the end of the run
/// (written under a temporary name and renamed), never half-written.
///
/// Not `Sendable`: it belongs to the run's `ReplayLedger` actor, which serializes every write.
final class ReplayFailedEventFile {
    let path: String
    private let sink: OutputSink

    init(path: String) throws {
        self.path = path
        sink = try OutputSink(destination: .file(path: path))
    }

    func append(_ letter: DeadLetter, failure: ReplayFailure) throws {
        var line = ExportRecord.line(for: letter)
        // The record is one JSON object: put the reason in before its closing brace.
        if line.last == UInt8(ascii: "}") { line.removeLast() }
        line.append(contentsOf: #","replayError":"#.utf8)
        JSONWriter.appendQuoted(failure.description, to: &line)
        line.append(contentsOf: "}\n".utf8)
        try sink.write(line)
    }

    /// Commits the file (also when empty, so a script can rely on it existing).
    func finish() throws {
        try sink.finish()
    }
}
