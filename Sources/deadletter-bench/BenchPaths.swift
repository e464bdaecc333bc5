import Foundation

/// Where the bench finds its tools and keeps its data and outputs.
struct BenchPaths: Sendable {
    /// The project root (tools/, .build/).
    var root: String
    /// Generated inputs, reused between runs: `.build/bench-data`.
    var data: String
    /// The release `deadletter` executable.
    var deadletter: String
    /// This executable, for the decode workers.
    var bench: String
    /// The venv's Python with orjson, azure-storage-blob and azure-eventgrid.
    var python: String
    /// The system Python that runs tools/gen-sample.py.
    var generatorPython: String
    var jq: String

    /// Outputs of the measured commands (exports, stdout/stderr captures); overwritten each run.
    var scratch: String { data + "/out" }
    var generator: String { root + "/tools/gen-sample.py" }
    var pythonScripts: String { root + "/tools/bench-python" }

    func exportFile(events: Int) -> String { "\(data)/export-\(events).jsonl" }
    /// The directory `deadletter emulator --data` serves; blobs are under `devstoreaccount1/<container>/`.
    func blobMirror(blobs: Int) -> String { "\(data)/blobs-\(blobs)" }
    static let emulatorContainer = "deadletters"

    func scratchFile(_ name: String) -> String { scratch + "/" + name }
}
