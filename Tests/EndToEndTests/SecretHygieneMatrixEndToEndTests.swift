import AzureCore
import AzureEmulator
import Foundation
import XCTest

/// Secret hygiene as a matrix, through the executable: every command that uses a credential (`ls`, `show`, `stats`,
/// `export`, `replay`, `replay --dry-run`) × every way of giving the Storage credential (SAS in the URL, connection
/// string with AccountKey or SharedAccessSignature, `AZURE_STORAGE_ACCOUNT`+`KEY`, `AZURE_STORAGE_SAS_TOKEN`, a
/// bearer token variable, a token command, managed identity through `IDENTITY_ENDPOINT`) × its failure modes
/// (forged signature, expired, missing permission, wrong key or token, a token command that fails — one quoting
/// tokens in its error output —, an identity endpoint that refuses or is down, connection refused), then `replay`
/// × every target credential (`DEADLETTER_TARGET_KEY`, `…_CONNECTION_STRING` with a key or a SharedAccessSignature,
/// `…_TOKEN`, `--target-token-command`, `--target-managed-identity`) × its failure modes, and both sides under
/// injected 500/503s and dropped connections. stdout, stderr and every file a run wrote (exports, journals,
/// `--failed` files) are searched for each secret in every encoding: zero hits. The CLI has no `--verbose` or
/// trace logging to include (its only logger, in the Blob client, is a no-op); `help-where` and `emulator` use no
/// credential.
final class SecretHygieneMatrixEndToEndTests: SecretHygieneTestCase {
    private var tokenCommands: SecretHygieneTokenCommands!

    override func setUp() async throws {
        try await super.setUp()
        tokenCommands = try SecretHygieneTokenCommands()
    }

    override func tearDown() async throws {
        tokenCommands.remove()
        let context = try await Self.emulator.start()
        await context.resetSinks()
        try await super.tearDown()
    }

    // MARK: - Storage credentials

    /// One way of giving the Storage credential, and how every command must end with it.
    struct StorageCredential {
        var label: String
        /// SOURCE: the container URL (with or without a SAS) or, with a connection string, the container name.
        var source: String
        var extraArguments: [String] = []
        var environment: [String: String] = [:]
        var expectedExit: Int32
        var evidence: [String] = []
    }

    /// `token` (a Storage SAS, or a Service Bus `SharedAccessSignature sr=…&sig=…`) with its `sig=` replaced by a
    /// signature nobody computed.
    static func forged(_ token: String) -> String {
        token.split(separator: "&").map { $0.hasPrefix("sig=") ? "sig=" + PercentEncoding.encode(Canary.forgedSignature) : String($0) }
            .joined(separator: "&")
    }

    private func storageCredentials(_ context: EndToEndEmulator.Context) throws -> [StorageCredential] {
        let url = context.url(EndToEndContainers.triage)
        let container = EndToEndContainers.triage
        let endpoint = "http://127.0.0.1:\(context.server.port)/\(EndToEndContainers.account)"
        func sasConnection(_ token: String) -> String { "BlobEndpoint=\(endpoint);SharedAccessSignature=\(token)" }
        let valid = sas("rl", name: "valid"), expired = sas("rl", expiry: "2020-01-01T00:00:00Z", name: "expired")
        let withoutList = sas("r", name: "without l"), forged = Self.forged(valid)
        let account = ["AZURE_STORAGE_ACCOUNT": EndToEndContainers.account]
        let refused = ["403", "401"]
        let closedPort = try SecretHygieneRunner.closedPort()
        return [
            StorageCredential(label: "SAS in URL", source: url + "?" + valid, expectedExit: 0),
            StorageCredential(label: "SAS in URL, forged sig", source: url + "?" + forged, expectedExit: 1, evidence: refused),
            StorageCredential(label: "SAS in URL, expired", source: url + "?" + expired, expectedExit: 1, evidence: ["expired"]),
            StorageCredential(label: "SAS in URL without l", source: url + "?" + withoutList, expectedExit: 1, evidence: refused),
            StorageCredential(label: "SAS in URL, connection refused", source: "http://127.0.0.1:\(closedPort)/\(EndToEndContainers.account)/\(container)?" + valid,
                              expectedExit: 1, evidence: ["connect"]),
            StorageCredential(label: "AccountKey connection string", source: container,
                              environment: ["AZURE_STORAGE_CONNECTION_STRING": storageConnectionString(port: context.server.port, key: Canary.accountKey)], expectedExit: 0),
            StorageCredential(label: "AccountKey connection string, wrong key", source: container,
                              environment: ["AZURE_STORAGE_CONNECTION_STRING": storageConnectionString(port: context.server.port, key: Canary.wrongAccountKey)], expectedExit: 1, evidence: refused),
            StorageCredential(label: "--connection-string, wrong key", source: container,
                              extraArguments: ["--connection-string", storageConnectionString(port: context.server.port, key: Canary.wrongAccountKey)], expectedExit: 1, evidence: refused),
            StorageCredential(label: "SharedAccessSignature connection string", source: container,
                              environment: ["AZURE_STORAGE_CONNECTION_STRING": sasConnection(valid)], expectedExit: 0),
            StorageCredential(label: "SharedAccessSignature connection string, forged sig", source: container,
                              environment: ["AZURE_STORAGE_CONNECTION_STRING": sasConnection(forged)], expectedExit: 1, evidence: refused),
            StorageCredential(label: "SharedAccessSignature connection string, expired", source: container,
                              environment: ["AZURE_STORAGE_CONNECTION_STRING": sasConnection(expired)], expectedExit: 1, evidence: ["expired"]),
            StorageCredential(label: "AZURE_STORAGE_ACCOUNT+KEY", source: url,
                              environment: account.merging(["AZURE_STORAGE_KEY": Canary.accountKey]) { $1 }, expectedExit: 0),
            StorageCredential(label: "AZURE_STORAGE_ACCOUNT+KEY, wrong key", source: url,
                              environment: account.merging(["AZURE_STORAGE_KEY": Canary.wrongAccountKey]) { $1 }, expectedExit: 1, evidence: refused),
            StorageCredential(label: "AZURE_STORAGE_SAS_TOKEN", source: url, environment: ["AZURE_STORAGE_SAS_TOKEN": valid], expectedExit: 0),
            StorageCredential(label: "AZURE_STORAGE_SAS_TOKEN, forged sig", source: url, environment: ["AZURE_STORAGE_SAS_TOKEN": forged],
                              expectedExit: 1, evidence: refused),
            StorageCredential(label: "AZURE_STORAGE_SAS_TOKEN, expired", source: url, environment: ["AZURE_STORAGE_SAS_TOKEN": expired],
                              expectedExit: 1, evidence: ["expired"]),
            StorageCredential(label: "AZURE_STORAGE_TOKEN", source: url, environment: ["AZURE_STORAGE_TOKEN": Canary.jwt], expectedExit: 0),
            StorageCredential(label: "AZURE_STORAGE_TOKEN, wrong", source: url, environment: ["AZURE_STORAGE_TOKEN": Canary.wrongJWT],
                              expectedExit: 1, evidence: refused),
            StorageCredential(label: "AZURE_STORAGE_TOKEN, expired", source: url, environment: ["AZURE_STORAGE_TOKEN": Canary.expiredJWT],
                              expectedExit: 1, evidence: ["expired"]),
            StorageCredential(label: "token command", source: url, extraArguments: ["--token-command", tokenCommands.command("ok")], expectedExit: 0),
            StorageCredential(label: "token command chatting on stderr", source: url,
                              extraArguments: ["--token-command", tokenCommands.command("chatty")], expectedExit: 0),
            StorageCredential(label: "token command, wrong token", source: url,
                              extraArguments: ["--token-command", tokenCommands.command("wrong")], expectedExit: 1, evidence: refused),
            StorageCredential(label: "token command, expired token", source: url,
                              extraArguments: ["--token-command", tokenCommands.command("expired")], expectedExit: 1, evidence: ["expired"]),
            StorageCredential(label: "token command fails", source: url,
                              extraArguments: ["--token-command", tokenCommands.command("fails")], expectedExit: 1, evidence: ["az login"]),
            StorageCredential(label: "token command fails quoting tokens", source: url,
                              extraArguments: ["--token-command", tokenCommands.command("fails-quoting-token")], expectedExit: 1,
                              evidence: ["exited with status 2"]),
            StorageCredential(label: "managed identity", source: url, environment: identityEnvironment("ok"), expectedExit: 0),
            StorageCredential(label: "managed identity refuses", source: url, environment: identityEnvironment("refuse"), expectedExit: 1,
                              evidence: ["HTTP 400"]),
            StorageCredential(label: "managed identity, wrong token", source: url, environment: identityEnvironment("wrong"), expectedExit: 1,
                              evidence: refused),
            StorageCredential(label: "managed identity endpoint down", source: url, environment: identityEnvironment("ok", port: closedPort),
                              expectedExit: 1, evidence: ["did not answer"]),
            // IMDS (opted into with --managed-identity), its host moved to the helper as azure-identity allows.
            StorageCredential(label: "managed identity via IMDS", source: url, extraArguments: ["--managed-identity"],
                              environment: instanceMetadataEnvironment("ok"), expectedExit: 0),
            StorageCredential(label: "managed identity via IMDS refuses", source: url, extraArguments: ["--managed-identity"],
                              environment: instanceMetadataEnvironment("refuse"), expectedExit: 1, evidence: ["HTTP 400"]),
        ]
    }

    /// The six credential users, reading `credential`'s source. `replay` sends to the Event Grid topic with the
    /// right key (the failure modes here are the source's).
    private func commandCases(_ credential: StorageCredential, context: EndToEndEmulator.Context, phase: String,
                              expectedExit: Int32? = nil, evidence: [String]? = nil) -> [SecretHygieneCase] {
        let source = credential.source, extra = credential.extraArguments, eventGrid = context.sinkAddresses.eventGrid()
        let replay: @Sendable (URL) -> [String] = { directory in
            ["replay", source, "--to", eventGrid, "--adt-instance-host", Sinks.adtInstanceHost,
             "--journal", directory.appendingPathComponent("j.journal").path, "--failed", directory.appendingPathComponent("failed.jsonl").path, "-q"] + extra
        }
        let commands: [(String, @Sendable (URL) -> [String])] = [
            ("ls", { _ in ["ls", source, "--format", "json", "-q"] + extra }),
            ("show", { _ in ["show", source, "--id", "tc-1", "-q"] + extra }),
            ("stats", { _ in ["stats", source, "--by", "type", "-q"] + extra }),
            ("export", { directory in ["export", source, "-o", directory.appendingPathComponent("out.jsonl.gz").path, "-q"] + extra }),
            ("replay", { directory in replay(directory) + ["--format", "json"] }),
            ("replay --dry-run", { directory in replay(directory) + ["--dry-run"] }),
        ]
        let environment = credential.environment.merging(Sinks.eventGridKey(Canary.eventGridKey)) { given, _ in given }
        return commands.map { name, arguments in
            SecretHygieneCase(label: "\(phase): \(name), \(credential.label)", arguments: arguments, environment: environment,
                              expectedExit: expectedExit ?? credential.expectedExit, evidence: evidence ?? credential.evidence)
        }
    }

    func testEveryCommandWithEveryStorageCredentialInEveryFailureModeLeaksNoSecret() async throws {
        let context = try await Self.emulator.start()
        await context.resetSinks()
        let credentials = try storageCredentials(context)
        let cases = credentials.flatMap { commandCases($0, context: context, phase: "storage") }
        let runs = try await SecretHygieneRunner.run(cases, in: context)

        SecretHygieneRunner.assertOutcomes(runs, of: cases)
        SecretHygieneSearch.assertNoLeaks(runs, secrets: secrets)
        XCTAssertEqual(runs.count, credentials.count * 6)
        XCTAssertEqual(credentials.filter { $0.expectedExit != 0 }.count, 21, "failure modes covered")
        // The successful replays delivered: 8 triage events from each of the 9 working credentials.
        let delivered = await context.received(Sinks.eventGridTopic).count
        XCTAssertEqual(delivered, 8 * credentials.filter { $0.expectedExit == 0 }.count)
    }

    // MARK: - Replay target credentials

    func testReplayWithEveryTargetCredentialInEveryFailureModeLeaksNoSecret() async throws {
        let context = try await Self.emulator.start()
        await context.resetSinks()
        let sinks = context.sinkAddresses
        let hubResource = "\(sinks.base)/\(Sinks.eventHub)"
        let validSAS = ServiceBusSAS.token(resourceURI: hubResource, keyName: Canary.policy, key: Canary.messagingKey, expiry: 4_102_444_800)
        let expiredSAS = ServiceBusSAS.token(resourceURI: hubResource, keyName: Canary.policy, key: Canary.messagingKey, expiry: 1_600_000_000)
        let forgedSAS = Self.forged(validSAS)
        XCTAssertNotEqual(forgedSAS, validSAS)
        for (name, token) in [("Service Bus SAS", validSAS), ("expired Service Bus SAS", expiredSAS)] {
            secrets.add(name, token)
            secrets.add(name + " signature", try XCTUnwrap(ServiceBusSAS.parse(token)?.signature))
        }
        let hub = { (text: String) in Sinks.connectionStringVariable(text) }
        let closedPort = try SecretHygieneRunner.closedPort()
        let refused = ["401", "403"]
        // (label, --to, extra arguments, environment, exit, evidence)
        typealias Target = (String, String, [String], [String: String], Int32, [String])
        let targets: [Target] = [
            ("topic key", sinks.eventGrid(), [], Sinks.eventGridKey(Canary.eventGridKey), 0, []),
            ("topic key, wrong", sinks.eventGrid(), [], Sinks.eventGridKey(Canary.wrongEventGridKey), 1, refused),
            ("aeg-sas-token", sinks.eventGrid(), ["--event-grid-sas-token"], Sinks.eventGridKey(Canary.eventGridKey), 0, []),
            ("aeg-sas-token, wrong key", sinks.eventGrid(), ["--event-grid-sas-token"], Sinks.eventGridKey(Canary.wrongEventGridKey), 1, refused),
            ("connection string key", "eventhubs", [], hub(sinks.connectionString(entity: Sinks.eventHub, policy: Canary.policy, key: Canary.messagingKey)), 0, []),
            ("connection string key, wrong", "eventhubs", [],
             hub(sinks.connectionString(entity: Sinks.eventHub, policy: Canary.policy, key: Canary.wrongMessagingKey)), 1, refused),
            ("connection string SAS", "eventhubs", [], hub(sinks.connectionString(entity: Sinks.eventHub, sharedAccessSignature: validSAS)), 0, []),
            ("connection string SAS, forged sig", "eventhubs", [],
             hub(sinks.connectionString(entity: Sinks.eventHub, sharedAccessSignature: forgedSAS)), 1, refused),
            ("connection string SAS, expired", "eventhubs", [],
             hub(sinks.connectionString(entity: Sinks.eventHub, sharedAccessSignature: expiredSAS)), 1, refused),
            ("DEADLETTER_TARGET_TOKEN", sinks.eventHubs(), [], Sinks.bearerToken(Canary.jwt), 0, []),
            ("DEADLETTER_TARGET_TOKEN, wrong", sinks.eventHubs(), [], Sinks.bearerToken(Canary.wrongJWT), 1, refused),
            ("DEADLETTER_TARGET_TOKEN, expired", sinks.eventHubs(), [], Sinks.bearerToken(Canary.expiredJWT), 1, ["expired"]),
            ("token command", sinks.eventGrid(), ["--target-token-command", tokenCommands.command("chatty")], [:], 0, []),
            ("token command, wrong token", sinks.eventGrid(), ["--target-token-command", tokenCommands.command("wrong")], [:], 1, refused),
            ("token command fails", sinks.eventHubs(), ["--target-token-command", tokenCommands.command("fails")], [:], 1, ["az login"]),
            ("token command fails quoting tokens", sinks.eventHubs(), ["--target-token-command", tokenCommands.command("fails-quoting-token")],
             [:], 1, ["exited with status 2"]),
            ("managed identity", sinks.eventHubs(), ["--target-managed-identity"], identityEnvironment("ok"), 0, []),
            ("managed identity refuses", sinks.eventHubs(), ["--target-managed-identity"], identityEnvironment("refuse"), 1, ["HTTP 400"]),
            ("managed identity, wrong token", sinks.eventGrid(), ["--target-managed-identity"], identityEnvironment("wrong"), 1, refused),
            ("managed identity endpoint down", sinks.eventGrid(), ["--target-managed-identity"], identityEnvironment("ok", port: closedPort), 1,
             ["did not answer"]),
            ("dry run, topic key wrong", sinks.eventGrid(), ["--dry-run"], Sinks.eventGridKey(Canary.wrongEventGridKey), 0, []),
            ("dry run, token command fails", sinks.eventGrid(), ["--dry-run", "--target-token-command", tokenCommands.command("fails-quoting-token")],
             [:], 0, []),
        ]
        var cases = targets.flatMap { label, to, extra, environment, exit, evidence in
            ["text", "json"].map { format in
                SecretHygieneCase(label: "target: \(label) (\(format))", arguments: replayArguments(context, to: to, extra + ["--format", format]),
                                  environment: environment, expectedExit: exit, evidence: evidence)
            }
        }
        cases.append(SecretHygieneCase(label: "target: connection refused", arguments: replayArguments(context, to: "eventhubs:http://127.0.0.1:\(closedPort)/\(Sinks.eventHub)"),
                                       environment: hub(sinks.connectionString(entity: Sinks.eventHub, policy: Canary.policy, key: Canary.messagingKey)),
                                       expectedExit: 3, evidence: ["interrupted"], interrupt: true))
        let runs = try await SecretHygieneRunner.run(cases, in: context)

        SecretHygieneRunner.assertOutcomes(runs, of: cases)
        SecretHygieneSearch.assertNoLeaks(runs, secrets: secrets)
        // The refusals came from the services, not from the client, where the credential was meant for them.
        let hubRejections = await context.server.sinks.counters(Sinks.eventHub).rejected
        let topicRejections = await context.server.sinks.counters(Sinks.eventGridTopic).rejected
        XCTAssertEqual(hubRejections, ["invalidCredential": 2 * 3, "expiredToken": 2], "wrong key, forged SAS, wrong token; expired SAS")
        XCTAssertEqual(topicRejections, ["invalidCredential": 2 * 4], "wrong key as aeg-sas-key and aeg-sas-token, wrong tokens from a command and MI")
    }

    // MARK: - Server faults

    func testServerErrorsAndDroppedConnectionsLeakNoSecret() async throws {
        let context = try await Self.emulator.start()
        await context.resetSinks()
        let sinks = context.sinkAddresses
        let all = try storageCredentials(context)
        let credentials = all.filter { ["SAS in URL", "AccountKey connection string", "AZURE_STORAGE_TOKEN", "token command", "managed identity"].contains($0.label) }
        XCTAssertEqual(credentials.count, 5)
        let faults: [(String, FaultPlan, [String])] = [
            ("500/503", FaultPlan(serverBusyRate: 0.5, internalErrorRate: 0.5, retryAfterSeconds: 1), ["500", "503"]),
            ("dropped connections", FaultPlan(dropRate: 1), ["connection", "closed", "reset"]),
        ]
        var runs: [SecretHygieneRun] = []
        for (phase, plan, evidence) in faults {
            for service in [EmulatorService.blob, .eventGrid, .eventHubs] { await context.server.setFaults(plan, for: service) }
            var cases = credentials.flatMap { commandCases($0, context: context, phase: phase, expectedExit: 1, evidence: evidence) }
            for (label, to, environment) in [
                ("topic key", sinks.eventGrid(), Sinks.eventGridKey(Canary.eventGridKey)),
                ("connection string key", "eventhubs", Sinks.connectionStringVariable(sinks.connectionString(entity: Sinks.eventHub, policy: Canary.policy, key: Canary.messagingKey))),
                ("token command", sinks.eventHubs(), [:]),
            ] {
                let extra = label == "token command" ? ["--target-token-command", tokenCommands.command("ok")] : []
                cases.append(SecretHygieneCase(label: "\(phase): replay to a faulty target, \(label)", arguments: replayArguments(context, to: to, extra + ["--format", "json"]),
                                               environment: environment, expectedExit: 3, evidence: ["\"retries\""], interrupt: true))
            }
            // These runs mostly wait (back-off, Retry-After, the interrupt's grace period): run many at once.
            let phaseRuns = try await SecretHygieneRunner.run(cases, in: context, parallel: 16)
            SecretHygieneRunner.assertOutcomes(phaseRuns, of: cases)
            runs += phaseRuns
        }
        await context.resetSinks()
        SecretHygieneSearch.assertNoLeaks(runs, secrets: secrets)
        XCTAssertEqual(runs.count, 2 * (5 * 6 + 3))
        // Every storage run met faults on each of its (retried) requests; each faulty replay at least one.
        let injected = await context.server.counters.faults.values.reduce(0, +)
        XCTAssertGreaterThan(injected, runs.count, "faults injected")
    }
}
