import AzureCore
import AzureEmulator
import Foundation
#if canImport(Glibc)
import Glibc
#endif

enum EmulatorProcessError: Error, CustomStringConvertible {
    case exited(ChildProcessResult)
    case notReady(seconds: Int, stderrPath: String)

    var description: String {
        switch self {
        case .exited(let result): return "the emulator exited before it was ready: \(ChildProcessError.failed(result))"
        case .notReady(let seconds, let stderrPath): return "the emulator was not ready after \(seconds) s (see \(stderrPath))"
        }
    }
}

/// `deadletter emulator` as a separate process (so its CPU and memory are not the measured client's), on a free
/// port announced through `--ready-file`.
struct EmulatorProcess {
    let child: RunningChild
    let port: Int

    var baseURL: String { "http://127.0.0.1:\(port)" }
    var blobEndpoint: String { baseURL + "/" + StorageConnectionString.developmentAccountName }

    /// A connection string for the development account at this emulator (given to clients through the environment,
    /// never on a command line).
    var connectionString: String {
        "DefaultEndpointsProtocol=http;AccountName=\(StorageConnectionString.developmentAccountName);"
            + "AccountKey=\(StorageConnectionString.developmentAccountKey);BlobEndpoint=\(blobEndpoint);"
    }

    static func start(paths: BenchPaths, label: String, arguments: [String], readyTimeoutSeconds: Int = 900) async throws -> EmulatorProcess {
        let readyFile = paths.scratchFile("emulator-\(label).port")
        try? FileManager.default.removeItem(atPath: readyFile)
        let process = ChildProcess(executable: paths.deadletter,
                                   arguments: ["emulator", "--port", "0", "--ready-file", readyFile] + arguments,
                                   stdoutPath: paths.scratchFile("emulator-\(label).out"),
                                   stderrPath: paths.scratchFile("emulator-\(label).stderr"), measured: false)
        let child = try process.start()
        let clock = ContinuousClock()
        let deadline = clock.now + .seconds(readyTimeoutSeconds)
        while clock.now < deadline {
            if let text = try? String(contentsOfFile: readyFile, encoding: .utf8),
               let port = Int(text.trimmingCharacters(in: .whitespacesAndNewlines)) {
                return EmulatorProcess(child: child, port: port)
            }
            guard child.isRunning else { throw EmulatorProcessError.exited(child.wait()) }
            try await Task.sleep(for: .milliseconds(100))
        }
        child.signal(SIGKILL)
        _ = child.wait()
        throw EmulatorProcessError.notReady(seconds: readyTimeoutSeconds, stderrPath: process.stderrPath)
    }

    /// The emulator's request counters (`GET /_emulator/counters`).
    func counters() async throws -> RequestCounters {
        try JSONDecoder().decode(RequestCounters.self, from: Data(try await BenchHTTP.get(baseURL + "/_emulator/counters")))
    }

    func resetCounters() async throws {
        _ = try await BenchHTTP.get(baseURL + "/_emulator/counters/reset", method: "POST")
    }

    /// SIGTERM, then waits for it to exit.
    @discardableResult
    func stop() -> ChildProcessResult {
        child.signal(SIGTERM)
        return child.wait()
    }
}
