import ArgumentParser
import Foundation

/// One decoder over one file, in its own process: prints its counts as one JSON line. `run` times it from outside
/// and takes its peak RSS from `wait4`.
struct DecodeWorkerCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "decode-worker",
        abstract: "Decode an export JSONL with one implementation and print the counts as JSON (used by `run`).")

    @Option(help: "ours, ours-parallel, jsondecoder or jsonserialization.")
    var implementation: String

    @Option(help: "Count events of this type (exact) …")
    var type: String?

    @Option(help: "… for this twin (exact).")
    var twin: String?

    @Argument(help: "The export JSONL file.")
    var file: String

    func validate() throws {
        guard DecodeImplementation(rawValue: implementation) != nil else {
            throw ValidationError("--implementation takes \(DecodeImplementation.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        guard (type == nil) == (twin == nil) else { throw ValidationError("--type and --twin go together") }
    }

    func run() async throws {
        let filter = type.flatMap { type in twin.map { DecodeFilter(type: type, twin: $0) } }
        let counts = try await DecodeImplementation(rawValue: implementation)!.run(path: file, filter: filter)
        let encoded = try JSONEncoder().encode(counts)
        print(String(decoding: encoded, as: UTF8.self))
    }
}
