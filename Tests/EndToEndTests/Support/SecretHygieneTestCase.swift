import Foundation
import XCTest

/// What the secret-hygiene test classes share: the emulator that knows the canary secrets (one per class: started on
/// first use, stopped in the class's `tearDown`), a managed identity endpoint, the secrets to search for (fresh for
/// each test), and the ways of naming the triage container and replaying it.
class SecretHygieneTestCase: XCTestCase {
    typealias Canary = SecretHygieneCanary
    typealias Sinks = ReplaySinkAddresses

    static let emulator = SecretHygieneCanary.emulator()

    override class func tearDown() {
        emulator.stopAndWait()
        super.tearDown()
    }

    var secrets = SecretHygieneSecrets()
    var identity: SecretHygieneHelperServer!

    override func setUp() async throws {
        try await super.setUp()
        secrets = SecretHygieneSecrets()
        identity = try SecretHygieneHelperServer(.identity, token: Canary.jwt, wrongToken: Canary.wrongJWT, identityHeader: Canary.identityHeader)
    }

    override func tearDown() async throws {
        identity.stop()
        try await super.tearDown()
    }

    /// A service SAS for the triage container, its signature registered as a secret.
    func sas(_ permissions: String, expiry: String = "2099-01-01T00:00:00Z", name: String) -> String {
        let token = ReplayContainerSeeding.sas(EndToEndContainers.triage, permissions: permissions, expiry: expiry, accountKey: Canary.accountKey)
        secrets.addSignature(ofSAS: token, name: name)
        return token
    }

    /// A storage connection string with an account key, its `BlobEndpoint` at `host:port` (path-style).
    func storageConnectionString(port: Int, key: String = Canary.accountKey, host: String = "127.0.0.1", scheme: String = "http") -> String {
        "DefaultEndpointsProtocol=\(scheme);AccountName=\(EndToEndContainers.account);AccountKey=\(key);"
            + "BlobEndpoint=\(scheme)://\(host):\(port)/\(EndToEndContainers.account);"
    }

    /// `IDENTITY_ENDPOINT` (route `ok`, `wrong` or `refuse` of the identity helper, or another port) and `IDENTITY_HEADER`.
    func identityEnvironment(_ route: String, port: Int? = nil, host: String = "127.0.0.1") -> [String: String] {
        ["IDENTITY_ENDPOINT": "http://\(host):\(port ?? identity.port)/\(route)/msi/token", "IDENTITY_HEADER": Canary.identityHeader]
    }

    /// The instance metadata service (IMDS) flow, its host moved to the helper server.
    func instanceMetadataEnvironment(_ route: String) -> [String: String] {
        ["AZURE_POD_IDENTITY_AUTHORITY_HOST": "http://127.0.0.1:\(identity.port)/\(route)/"]
    }

    /// `replay` of the triage container's local mirror (no Storage credential involved) to `to`, with a journal and
    /// a `--failed` file in the run's scratch directory.
    func replayArguments(_ context: EndToEndEmulator.Context, to: String, _ extra: [String] = []) -> @Sendable (URL) -> [String] {
        let mirror = context.mirror(EndToEndContainers.triage)
        return { directory in
            ["replay", mirror, "--to", to, "--adt-instance-host", Sinks.adtInstanceHost, "--journal", directory.appendingPathComponent("j.journal").path,
             "--failed", directory.appendingPathComponent("failed.jsonl").path, "-q"] + extra
        }
    }
}
