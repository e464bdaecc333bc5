import AzureCore
import AzureEmulator
import Foundation
import XCTest

/// Transport security through the executable: plain `http://` to a host that is not this machine is refused — for
/// the source (container URL, connection string `BlobEndpoint`, managed identity endpoint) and for replay targets
/// (`--to` URLs, `UseDevelopmentEmulator=true` connection strings) — before any request is sent, unless
/// `--allow-insecure-http` is given; and TLS certificates are verified: a server on 127.0.0.1 with a self-signed
/// certificate is refused with a certificate error, and no request (so no credential) gets past its handshake.
/// Every run's output and files are searched for the secrets, as in the other secret-hygiene tests.
final class SecretHygieneTransportEndToEndTests: SecretHygieneTestCase {
    /// 0.0.0.0 reaches this machine's emulator (Linux connects it to the local host) but is not a loopback address,
    /// so it stands in for a remote host that the flag must be needed for.
    func testPlainHTTPToAHostOffThisMachineIsRefusedUnlessAllowed() async throws {
        let context = try await Self.emulator.start()
        await context.resetSinks()
        let port = context.server.port, account = EndToEndContainers.account, container = EndToEndContainers.triage
        let token = sas("rl", name: "valid")
        let remote = "http://0.0.0.0:\(port)/\(account)/\(container)"
        let allow = ["--allow-insecure-http"]
        let topicKey = Sinks.eventGridKey(Canary.eventGridKey)
        func hubConnection(_ host: String) -> [String: String] {
            Sinks.connectionStringVariable("Endpoint=sb://\(host):\(port)/;SharedAccessKeyName=\(Canary.policy);SharedAccessKey=\(Canary.messagingKey);"
                                           + "EntityPath=\(Sinks.eventHub);UseDevelopmentEmulator=true")
        }
        let remoteIdentity = identityEnvironment("ok", host: "0.0.0.0")
        let remoteTopic = "eventgrid:http://0.0.0.0:\(port)/\(Sinks.eventGridTopic)/api/events"
        let refusal = ["--allow-insecure-http"]
        // (label, arguments without the flag, environment): each is refused, then works with the flag.
        let refusedUnlessAllowed: [(String, @Sendable (URL) -> [String], [String: String])] = [
            ("ls, container URL with a SAS", { _ in ["ls", remote + "?" + token, "-q"] }, [:]),
            ("export, connection string BlobEndpoint", { directory in ["export", container, "-o", directory.appendingPathComponent("out.jsonl").path, "-q"] },
             ["AZURE_STORAGE_CONNECTION_STRING": storageConnectionString(port: port, host: "0.0.0.0")]),
            ("stats, managed identity endpoint", { _ in ["stats", context.url(container), "-q"] }, remoteIdentity),
            ("replay, --to eventgrid:http://", replayArguments(context, to: remoteTopic), topicKey),
            ("replay --dry-run, --to eventgrid:http://", replayArguments(context, to: remoteTopic, ["--dry-run"]), topicKey),
            ("replay, UseDevelopmentEmulator=true connection string", replayArguments(context, to: "eventhubs"), hubConnection("0.0.0.0")),
            ("replay, target managed identity endpoint", replayArguments(context, to: context.sinkAddresses.eventGrid(), ["--target-managed-identity"]),
             remoteIdentity),
        ]
        let refusedCases = refusedUnlessAllowed.map { label, arguments, environment in
            SecretHygieneCase(label: "refused: \(label)", arguments: arguments, environment: environment, expectedExit: 1, evidence: refusal)
        }
        let before = await context.server.counters
        let refusedRuns = try await SecretHygieneRunner.run(refusedCases, in: context)
        SecretHygieneRunner.assertOutcomes(refusedRuns, of: refusedCases)
        for run in refusedRuns {
            XCTAssertTrue(run.result.stderr.contains("refusing plain http:// to 0.0.0.0"), run.result.transcript)
        }
        let after = await context.server.counters
        XCTAssertEqual(after.requestsByService, before.requestsByService, "a refused run sends nothing")
        XCTAssertEqual(identity.answeredRequests, 0, "nor asks the identity endpoint")

        var allowedCases = refusedUnlessAllowed.map { label, arguments, environment in
            SecretHygieneCase(label: "allowed: \(label)", arguments: { arguments($0) + allow }, environment: environment, expectedExit: 0)
        }
        // Loopback by name needs no flag, and neither does UseDevelopmentEmulator=true on this machine.
        allowedCases.append(SecretHygieneCase(label: "allowed: ls via localhost", arguments: { _ in
            ["ls", "http://localhost:\(port)/\(account)/\(container)?" + token, "-q"]
        }, environment: [:], expectedExit: 0))
        allowedCases.append(SecretHygieneCase(label: "allowed: replay, UseDevelopmentEmulator=true on 127.0.0.1",
                                              arguments: replayArguments(context, to: "eventhubs"), environment: hubConnection("127.0.0.1"), expectedExit: 0))
        let allowedRuns = try await SecretHygieneRunner.run(allowedCases, in: context)
        SecretHygieneRunner.assertOutcomes(allowedRuns, of: allowedCases)
        XCTAssertEqual(identity.answeredRequests, 2, "the managed identity runs asked for their token once each")
        SecretHygieneSearch.assertNoLeaks(refusedRuns + allowedRuns, secrets: secrets)
    }

    func testTLSCertificatesAreVerified() async throws {
        let context = try await Self.emulator.start()
        let tls = try SecretHygieneHelperServer(.tls)
        defer { tls.stop() }
        let base = "https://127.0.0.1:\(tls.port)"
        let account = EndToEndContainers.account, container = EndToEndContainers.triage
        let token = sas("rl", name: "valid")
        // The Blob client and managed identity explain the refusal; replay records it as each failed event's reason.
        let certificate = ["the server's TLS certificate could not be verified (CERTIFICATE_VERIFY_FAILED)"]
        let replayCertificate = ["CERTIFICATE_VERIFY_FAILED"]
        let cases = [
            SecretHygieneCase(label: "ls, SAS URL", arguments: { _ in ["ls", "\(base)/\(account)/\(container)?" + token, "-q"] },
                              environment: [:], expectedExit: 1, evidence: certificate),
            SecretHygieneCase(label: "export, connection string", arguments: { directory in
                ["export", container, "-o", directory.appendingPathComponent("out.jsonl").path, "-q"]
            }, environment: ["AZURE_STORAGE_CONNECTION_STRING": storageConnectionString(port: tls.port, host: "localhost", scheme: "https")],
                              expectedExit: 1, evidence: certificate),
            SecretHygieneCase(label: "show, bearer token", arguments: { _ in ["show", "\(base)/\(account)/\(container)", "--id", "tc-1", "-q"] },
                              environment: ["AZURE_STORAGE_TOKEN": Canary.jwt], expectedExit: 1, evidence: certificate),
            SecretHygieneCase(label: "stats, managed identity endpoint", arguments: { _ in ["stats", context.url(container), "-q"] },
                              environment: ["IDENTITY_ENDPOINT": "\(base)/msi/token", "IDENTITY_HEADER": Canary.identityHeader],
                              expectedExit: 1, evidence: certificate),
            SecretHygieneCase(label: "replay, Event Grid topic", arguments: replayArguments(context, to: "eventgrid:\(base)/\(Sinks.eventGridTopic)/api/events"),
                              environment: Sinks.eventGridKey(Canary.eventGridKey), expectedExit: 2, evidence: replayCertificate),
            SecretHygieneCase(label: "replay, Event Hub", arguments: replayArguments(context, to: "eventhubs:\(base)/\(Sinks.eventHub)", ["--format", "json"]),
                              environment: Sinks.connectionStringVariable(context.sinkAddresses.connectionString(
                                entity: Sinks.eventHub, policy: Canary.policy, key: Canary.messagingKey)),
                              expectedExit: 2, evidence: replayCertificate),
        ]
        let runs = try await SecretHygieneRunner.run(cases, in: context)
        SecretHygieneRunner.assertOutcomes(runs, of: cases)
        XCTAssertEqual(tls.answeredRequests, 0, "no request got past the TLS handshake, so no credential was sent")
        SecretHygieneSearch.assertNoLeaks(runs, secrets: secrets)
    }
}
