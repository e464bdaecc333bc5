import ArgumentParser
import AzureEmulator
import Foundation
import Logging

/// `deadletter emulator`: runs the local Azure emulator until SIGINT/SIGTERM. All behaviour lives in the
/// AzureEmulator module; this only maps flags onto `EmulatorLaunchOptions`.
struct EmulatorCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "emulator",
        abstract: "Run the local Azure emulator (Blob service, Event Grid / Event Hubs / Service Bus sinks).",
        discussion: """
        Path-style Blob endpoint like Azurite:
        http://HOST:PORT/<account>/<container>/<blob>, account devstoreaccount1 with
        its well-known key unless --account is given. With --data DIR, blobs are files
        under DIR/<account>/<container>/, so a directory that mirrors a container can
        be served as it is.

        Faults are seeded and deterministic: the same --seed gives the same sequence
        of faults per service. Counters: GET /_emulator/counters. Change faults while
        running: PUT /_emulator/faults/<service> with a JSON plan.

        Examples:
          deadletter emulator
          deadletter emulator --data ./emulator-data --port 10000 --ready-file /tmp/emulator.port
          deadletter emulator --fault-503 0.1 --fault-truncate 0.02 --latency-ms 20 --latency-jitter-ms 30 --seed 42
          deadletter emulator --max-page-size 7 --fault-service blob
          deadletter emulator --fault-hang 1 --fault-service eventgrid
          deadletter emulator --account myacct:<base64 key> --bearer-token local-test-token
        """
    )

    @Option(name: .customLong("data"), help: ArgumentHelp("Keep blobs in this directory (default: in memory).", valueName: "dir"))
    var data: String?

    @Option(help: "Address to listen on.")
    var host = "127.0.0.1"

    @Option(help: "Port to listen on (0 picks a free one; see --ready-file).")
    var port = 10_000

    @Option(name: .customLong("account"), help: ArgumentHelp("A storage account NAME:KEY (base64); repeatable. Replaces devstoreaccount1.", valueName: "name:key"))
    var accounts: [String] = []

    @Option(name: .customLong("bearer-token"), help: ArgumentHelp("A bearer token to accept as if Entra ID issued it; repeatable. Also \(EmulatorLaunchOptions.bearerTokensEnvironmentVariable) (comma list).", valueName: "token"))
    var bearerTokens: [String] = []

    @Option(name: .customLong("fault-503"), help: ArgumentHelp("Rate of 503 ServerBusy answers (with Retry-After).", valueName: "rate"))
    var fault503 = 0.0

    @Option(name: .customLong("fault-500"), help: ArgumentHelp("Rate of 500 InternalError / OperationTimedOut answers.", valueName: "rate"))
    var fault500 = 0.0

    @Option(name: .customLong("fault-429"), help: ArgumentHelp("Rate of 429 answers (with Retry-After).", valueName: "rate"))
    var fault429 = 0.0

    @Option(name: .customLong("fault-drop"), help: ArgumentHelp("Rate of connections closed without an answer.", valueName: "rate"))
    var faultDrop = 0.0

    @Option(name: .customLong("fault-truncate"), help: ArgumentHelp("Rate of answers cut off partway through the body.", valueName: "rate"))
    var faultTruncate = 0.0

    @Option(name: .customLong("fault-hang"), help: ArgumentHelp("Rate of requests read and never answered (slow loris: only the client's timeout ends them).", valueName: "rate"))
    var faultHang = 0.0

    @Option(name: .customLong("latency-ms"), help: ArgumentHelp("Delay added to every request.", valueName: "ms"))
    var latencyMilliseconds = 0

    @Option(name: .customLong("latency-jitter-ms"), help: ArgumentHelp("Random extra delay, 0…this.", valueName: "ms"))
    var latencyJitterMilliseconds = 0

    @Option(name: .customLong("latency-spike-rate"), help: ArgumentHelp("Rate of requests delayed by --latency-spike-ms more.", valueName: "rate"))
    var latencySpikeRate = 0.0

    @Option(name: .customLong("latency-spike-ms"), help: ArgumentHelp("Length of a latency spike.", valueName: "ms"))
    var latencySpikeMilliseconds = 0

    @Option(name: .customLong("retry-after"), help: ArgumentHelp("Retry-After seconds on 503 and 429.", valueName: "seconds"))
    var retryAfter = 1

    @Option(name: .customLong("max-page-size"), help: ArgumentHelp("Cap List Blobs pages at this many items (NextMarker still leads on).", valueName: "n"))
    var maxPageSize: Int?

    @Option(name: .customLong("fault-service"), help: ArgumentHelp("Where faults apply: blob, eventgrid, eventhubs, servicebus or all (default); repeatable.", valueName: "service"))
    var faultServices: [String] = []

    @Option(help: "Seed of the fault sequence.")
    var seed: UInt64 = 0

    @Option(name: .customLong("record-file"), help: ArgumentHelp("Append every message the sinks accept to this JSONL file.", valueName: "path"))
    var recordFile: String?

    @Option(name: .customLong("ready-file"), help: ArgumentHelp("Write the bound port here once listening.", valueName: "path"))
    var readyFile: String?

    @Flag(help: "Log every request (credentials redacted).")
    var verbose = false

    func run() async throws {
        var options = EmulatorLaunchOptions()
        options.dataDirectory = data
        options.host = host
        options.port = port
        options.accounts = accounts
        options.bearerTokens = bearerTokens
        options.bearerTokensFromEnvironment = ProcessInfo.processInfo.environment[EmulatorLaunchOptions.bearerTokensEnvironmentVariable]
        options.serverBusyRate = fault503
        options.internalErrorRate = fault500
        options.throttleRate = fault429
        options.dropRate = faultDrop
        options.truncateRate = faultTruncate
        options.hangRate = faultHang
        options.latencyMilliseconds = latencyMilliseconds
        options.latencyJitterMilliseconds = latencyJitterMilliseconds
        options.latencySpikeRate = latencySpikeRate
        options.latencySpikeMilliseconds = latencySpikeMilliseconds
        options.retryAfterSeconds = retryAfter
        options.maxPageSize = maxPageSize
        options.faultServices = faultServices
        options.seed = seed
        options.recordFile = recordFile

        var logger = Logger(label: "deadletter.emulator")
        logger.logLevel = verbose ? .debug : .warning
        let server = try await EmulatorServer.start(try options.configuration(), logger: logger)
        // Written unbuffered: scripts read the banner through a pipe, where `print` would hold it back.
        FileHandle.standardOutput.write(Data((server.banner + "\n").utf8))
        if let readyFile { try server.writeReadyFile(readyFile) }
        let signal = await TerminationSignal.wait()
        FileHandle.standardOutput.write(Data("received signal \(signal), shutting down\n".utf8))
        try await server.shutdown()
    }
}
