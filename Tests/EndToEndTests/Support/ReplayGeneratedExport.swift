import Foundation

/// A JSONL export of `count` generated ADT dead letters (`tools/gen-sample.py jsonl`), the source of the long
/// replays that get killed or interrupted mid-run.
enum ReplayGeneratedExport {
    enum Failure: Error, CustomStringConvertible {
        case generatorFailed(status: Int32, output: String)

        var description: String {
            switch self {
            case .generatorFailed(let status, let output):
                return "tools/gen-sample.py jsonl exited \(status) (is python3 installed?): \(output.prefix(500))"
            }
        }
    }

    static func write(count: Int, to file: URL) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", DeadLetterCLI.packageRoot.appendingPathComponent("tools/gen-sample.py").path,
                             "jsonl", String(count), file.path]
        let errors = Pipe()
        process.standardError = errors
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        let output = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw Failure.generatorFailed(status: process.terminationStatus, output: String(decoding: output, as: UTF8.self))
        }
    }

    /// The event id of each record, in file order.
    static func eventIDs(_ file: URL) throws -> [String] {
        try String(contentsOf: file, encoding: .utf8).split(separator: "\n").map { line in
            let record = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any]
            return (record?["event"] as? [String: Any])?["id"] as? String ?? "<none>"
        }
    }
}
