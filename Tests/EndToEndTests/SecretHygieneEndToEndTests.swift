import AzureCore
import AzureEmulator
import Foundation
import XCTest

/// Secret hygiene of `replay`, `ls` and `export` through the executable: with recognisable secrets — an Event Grid
/// key, a connection string's key, SAS signatures, an account key, bearer tokens — every command is run in its
/// failure modes (wrong key → 401/403, an expired SAS, a SAS without `l`, injected 500s, a closed port), in text and
/// JSON, and standard output, standard error, the `--failed` file, the journal and any export are searched for each
/// secret: zero hits.
final class SecretHygieneEndToEndTests: SecretHygieneTestCase {
    private var traces: [SecretHygieneRun] = []

    /// Runs one command on its own (see `SecretHygieneRunner`), checks its exit code and records its trace.
    @discardableResult
    private func run(_ label: String, _ arguments: @escaping @Sendable (URL) -> [String], environment: [String: String],
                     context: EndToEndEmulator.Context, interrupt: Bool = false,
                     expectExit: Int32, file: StaticString = #filePath, line: UInt = #line) async throws -> CLIResult {
        let testCase = SecretHygieneCase(label: label, arguments: arguments, environment: environment, expectedExit: expectExit,
                                         interrupt: interrupt)
        let trace = try await SecretHygieneRunner.run(testCase, in: context)
        XCTAssertEqual(trace.result.exitCode, expectExit, "\(label)\n\(trace.result.transcript)", file: file, line: line)
        traces.append(trace)
        return trace.result
    }

    override func setUp() async throws {
        try await super.setUp()
        traces = []
    }

    func testReplayInEveryFailureModeLeaksNoSecret() async throws {
        let context = try await Self.emulator.start()
        await context.resetSinks()
        let sinks = context.sinkAddresses
        let storage = ["AZURE_STORAGE_CONNECTION_STRING": storageConnectionString(port: context.server.port, key: Canary.accountKey)]
        let source = context.url(EndToEndContainers.triage)
        func replay(_ to: String, _ extra: [String] = []) -> @Sendable (URL) -> [String] {
            { directory in
                ["replay", source, "--to", to, "--adt-instance-host", Sinks.adtInstanceHost, "--journal", directory.appendingPathComponent("j.journal").path,
                 "--failed", directory.appendingPathComponent("failed.jsonl").path, "-q"] + extra
            }
        }
        let hubConnection = sinks.connectionString(entity: Sinks.eventHub, policy: Canary.policy, key: Canary.messagingKey)
        let wrongHubConnection = sinks.connectionString(entity: Sinks.eventHub, policy: Canary.policy, key: Canary.wrongMessagingKey)
        let expiredToken = ServiceBusSAS.token(resourceURI: "\(sinks.base)/\(Sinks.eventHub)", keyName: Canary.policy,
                                               key: Canary.messagingKey, expiry: 1_600_000_000)
        secrets.add("expired Service Bus SAS signature", try XCTUnwrap(ServiceBusSAS.parse(expiredToken)?.signature))
        secrets.add("expired Service Bus SAS", expiredToken)
        let expiredConnection = sinks.connectionString(entity: Sinks.eventHub, sharedAccessSignature: expiredToken)
        let closedPort = try SecretHygieneRunner.closedPort()

        for format in ["text", "json"] {
            let f = ["--format", format]
            try await run("replay, wrong Event Grid key (\(format))", replay(sinks.eventGrid(), f),
                          environment: storage.merging(Sinks.eventGridKey(Canary.wrongEventGridKey)) { $1 }, context: context, expectExit: 1)
            try await run("replay, aeg-sas-token from a wrong key (\(format))", replay(sinks.eventGrid(), f + ["--event-grid-sas-token"]),
                          environment: storage.merging(Sinks.eventGridKey(Canary.wrongEventGridKey)) { $1 }, context: context, expectExit: 1)
            try await run("replay, wrong SharedAccessKey (\(format))", replay("eventhubs", f),
                          environment: storage.merging(Sinks.connectionStringVariable(wrongHubConnection)) { $1 }, context: context, expectExit: 1)
            try await run("replay, wrong bearer token (\(format))", replay(sinks.eventHubs(), f),
                          environment: storage.merging(Sinks.bearerToken(Canary.wrongBearerToken)) { $1 }, context: context, expectExit: 1)
            try await run("replay, expired SharedAccessSignature (\(format))", replay("eventhubs", f),
                          environment: storage.merging(Sinks.connectionStringVariable(expiredConnection)) { $1 }, context: context, expectExit: 1)
            // The source side: a wrong account key, an expired SAS, a SAS without `l` (403s before anything is sent).
            try await run("replay, wrong account key (\(format))", replay(sinks.eventGrid(), f),
                          environment: ["AZURE_STORAGE_CONNECTION_STRING": storageConnectionString(port: context.server.port, key: Canary.wrongAccountKey)]
                            .merging(Sinks.eventGridKey(Canary.eventGridKey)) { $1 }, context: context, expectExit: 1)
            let expired = sas("rl", expiry: "2020-01-01T00:00:00Z", name: "expired")
            try await run("replay, expired source SAS (\(format))", { directory in
                ["replay", source + "?" + expired, "--to", sinks.eventGrid(), "--journal", directory.appendingPathComponent("j").path, "-q"] + f
            }, environment: Sinks.eventGridKey(Canary.eventGridKey), context: context, expectExit: 1)
            let withoutList = sas("r", name: "without l")
            try await run("replay, source SAS without l (\(format))", { directory in
                ["replay", source + "?" + withoutList, "--to", sinks.eventGrid(), "--journal", directory.appendingPathComponent("j").path, "-q"] + f
            }, environment: Sinks.eventGridKey(Canary.eventGridKey), context: context, expectExit: 1)
        }

        // Credentials where they do not belong or cannot be used: refused, and not echoed.
        try await run("replay, a key in the --to URL", replay(sinks.eventGrid() + "?aeg-sas-key=" + PercentEncoding.encode(Canary.eventGridKey)),
                      environment: storage.merging(Sinks.eventGridKey(Canary.eventGridKey)) { $1 }, context: context, expectExit: 1)
        try await run("replay, a signature in the --to URL", replay(sinks.eventHubs() + "?sr=x&sig=canary-signature-in-url&se=1&skn=p"),
                      environment: storage.merging(Sinks.connectionStringVariable(hubConnection)) { $1 }, context: context, expectExit: 1)
        try await run("replay, a topic key that is not base64", replay(sinks.eventGrid()),
                      environment: storage.merging(Sinks.eventGridKey("canary topic key, not base64!")) { $1 }, context: context, expectExit: 1)
        try await run("replay, a connection string without a policy name", replay("eventhubs"),
                      environment: storage.merging(Sinks.connectionStringVariable(
                        "Endpoint=sb://127.0.0.1:\(context.server.port)/;SharedAccessKey=\(Canary.messagingKey);EntityPath=replay-hub")) { $1 },
                      context: context, expectExit: 1)

        // 500s from the hub and a closed port: the batch is retried until the run is interrupted (exit 3).
        await context.server.setFaults(FaultPlan(internalErrorRate: 1), for: .eventHubs)
        let faulted = try await run("replay, every request answered 500 (json)", replay("eventhubs", ["--format", "json"]),
                                    environment: storage.merging(Sinks.connectionStringVariable(hubConnection)) { $1 }, context: context,
                                    interrupt: true, expectExit: 3)
        XCTAssertGreaterThan(ReplayReportReading.replayObject(faulted)["retries"] as? Int ?? 0, 0, faulted.transcript)
        await context.server.setFaults(.none, for: .eventHubs)
        let unreachable = try await run("replay, target port closed (text)", replay("eventgrid:http://127.0.0.1:\(closedPort)/replay-topic/api/events"),
                      environment: storage.merging(Sinks.eventGridKey(Canary.eventGridKey)) { $1 }, context: context,
                      interrupt: true, expectExit: 3)
        XCTAssertTrue(unreachable.stdout.contains("stopped: interrupted"), unreachable.transcript)

        // And the runs that work, from a SAS URL and with every credential kind: the journal's identity names the
        // source, which must not carry the SAS.
        let listing = sas("rl", name: "valid")
        try await run("replay from a SAS URL to Event Grid (json)", { directory in
            ["replay", source + "?" + listing, "--to", sinks.eventGrid(), "--adt-instance-host", Sinks.adtInstanceHost, "--journal",
             directory.appendingPathComponent("j.journal").path, "--failed", directory.appendingPathComponent("failed.jsonl").path,
             "--format", "json", "-q"]
        }, environment: Sinks.eventGridKey(Canary.eventGridKey), context: context, expectExit: 0)
        try await run("replay to Event Hubs with the key (text)", replay("eventhubs"),
                      environment: storage.merging(Sinks.connectionStringVariable(hubConnection)) { $1 }, context: context, expectExit: 0)
        try await run("replay to Event Hubs with the bearer token (text)", replay(sinks.eventHubs(), ["--mark"]),
                      environment: storage.merging(Sinks.bearerToken(Canary.bearerToken)) { $1 }, context: context, expectExit: 0)
        try await run("replay with an aeg-sas-token (json)", replay(sinks.eventGrid(), ["--event-grid-sas-token", "--format", "json"]),
                      environment: storage.merging(Sinks.eventGridKey(Canary.eventGridKey)) { $1 }, context: context, expectExit: 0)

        assertNoSecretInAnyTrace()
        XCTAssertGreaterThanOrEqual(traces.count, 26)
        // The failure modes really happened: each credential was refused by the service it was meant for.
        let hubRejections = await context.server.sinks.counters(Sinks.eventHub).rejected
        XCTAssertEqual(hubRejections["invalidCredential"], 4, "wrong key and wrong bearer, twice each: \(hubRejections)")
        XCTAssertEqual(hubRejections["expiredToken"], 2, "\(hubRejections)")
        let topicRejections = await context.server.sinks.counters(Sinks.eventGridTopic).rejected
        XCTAssertEqual(topicRejections["invalidCredential"], 4, "\(topicRejections)")
        let refusedByTheService = ["wrong", "expired", "without l"]
        for trace in traces where refusedByTheService.contains(where: { trace.label.contains($0) }) {
            XCTAssertTrue(trace.result.stderr.contains("401") || trace.result.stderr.contains("403"), "a 401/403 is reported on stderr: \(trace.label)\n\(trace.result.transcript)")
        }
    }

    func testListAndExportInEveryFailureModeLeakNoSecret() async throws {
        let context = try await Self.emulator.start()
        await context.resetSinks()
        let url = context.url(EndToEndContainers.triage)
        let closedPort = try SecretHygieneRunner.closedPort()
        let wrongKey = ["AZURE_STORAGE_CONNECTION_STRING": storageConnectionString(port: context.server.port, key: Canary.wrongAccountKey)]
        let rightKey = ["AZURE_STORAGE_CONNECTION_STRING": storageConnectionString(port: context.server.port, key: Canary.accountKey)]
        let expired = sas("rl", expiry: "2020-01-01T00:00:00Z", name: "expired")
        let withoutList = sas("r", name: "without l")
        let listing = sas("rl", name: "valid")

        for format in ["table", "json", "jsonl"] {
            try await run("ls, wrong account key (\(format))", { _ in ["ls", url, "--format", format, "-q"] },
                          environment: wrongKey, context: context, expectExit: 1)
            try await run("ls, expired SAS (\(format))", { _ in ["ls", url + "?" + expired, "--format", format, "-q"] },
                          environment: [:], context: context, expectExit: 1)
            try await run("ls, SAS without l (\(format))", { _ in ["ls", url + "?" + withoutList, "--format", format, "-q"] },
                          environment: [:], context: context, expectExit: 1)
            try await run("ls with a valid SAS (\(format))", { _ in ["ls", url + "?" + listing, "--format", format, "-q"] },
                          environment: [:], context: context, expectExit: 0)
        }
        let wrongConnection = storageConnectionString(port: context.server.port, key: Canary.wrongAccountKey)
        try await run("ls, wrong account key in --connection-string", { _ in
            ["ls", EndToEndContainers.triage, "--connection-string", wrongConnection, "-q"]
        }, environment: [:], context: context, expectExit: 1)
        for (label, source, environment) in [("wrong account key", url, wrongKey), ("expired SAS", url + "?" + expired, [:]),
                                              ("SAS without l", url + "?" + withoutList, [:])] {
            let result = try await run("export, \(label)", { directory in
                ["export", source, "-o", directory.appendingPathComponent("out.jsonl").path, "-q"]
            }, environment: environment, context: context, expectExit: 1)
            XCTAssertFalse(result.stderr.isEmpty, label)
        }
        try await run("export with a valid SAS", { directory in
            ["export", url + "?" + listing, "-o", directory.appendingPathComponent("out.jsonl.gz").path, "-q"]
        }, environment: [:], context: context, expectExit: 0)
        try await run("show with the right key", { _ in ["show", url, "--id", "tc-1"] },
                      environment: rightKey, context: context, expectExit: 0)

        // Every Blob request answered 500: the listing is retried, then reported.
        await context.server.setFaults(FaultPlan(internalErrorRate: 1), for: .blob)
        try await run("export, every request answered 500", { directory in
            ["export", url + "?" + listing, "-o", directory.appendingPathComponent("out.jsonl").path, "-q"]
        }, environment: [:], context: context, expectExit: 1)
        await context.server.setFaults(.none, for: .blob)
        // A network error: nothing listens on the port (the SAS is in the URL the error may quote).
        try await run("ls, port closed (json)", { _ in
            ["ls", "http://127.0.0.1:\(closedPort)/\(EndToEndContainers.account)/\(EndToEndContainers.triage)?" + listing, "--format", "json", "-q"]
        }, environment: [:], context: context, expectExit: 1)

        assertNoSecretInAnyTrace()
        // A failed export leaves no file behind; the successful one was searched too.
        for trace in traces where trace.label.hasPrefix("export") {
            let outputs = trace.files.filter { $0.lastPathComponent.hasPrefix("out.jsonl") }
            XCTAssertEqual(outputs.count, trace.result.exitCode == 0 ? 1 : 0, "\(trace.label): \(trace.files)")
        }
    }

    /// Searches every recorded output and file for every secret, and checks that any `sig=` or `SharedAccessKey=`
    /// shown is redacted.
    private func assertNoSecretInAnyTrace(file: StaticString = #filePath, line: UInt = #line) {
        SecretHygieneSearch.assertNoLeaks(traces, secrets: secrets, file: file, line: line)
    }
}
