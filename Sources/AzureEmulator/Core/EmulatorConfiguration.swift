import AzureCore

/// Where blobs live: in memory (gone at shutdown) or in a directory, as `<dir>/<account>/<container>/<blob path>`
/// with the emulator's own bookkeeping under `<dir>/.emulator-meta/`.
public enum EmulatorStorageMode: Sendable, Equatable {
    case memory
    case directory(String)
}

/// Everything the emulator needs to start. The defaults give the Azurite-compatible development account on a free
/// port, in memory, with no faults.
public struct EmulatorConfiguration: Sendable {
    public var host: String = "127.0.0.1"
    /// 0 picks a free port; `EmulatorServer.port` tells which.
    public var port: Int = 0
    public var storage: EmulatorStorageMode = .memory
    /// Account name → base64 account key.
    public var accounts: [String: String] = [StorageConnectionString.developmentAccountName: StorageConnectionString.developmentAccountKey]
    /// Bearer tokens the Blob service accepts (`Authorization: Bearer <token>`), as if Entra ID had issued them.
    public var acceptedBearerTokens: Set<String> = []
    public var faults: [EmulatorService: FaultPlan] = [:]
    public var sinks: SinkConfiguration = SinkConfiguration()
    /// Seeds the fault injector; the same seed gives the same fault sequence.
    public var seed: UInt64 = 0
    /// Largest request body accepted; larger ones get 413 RequestBodyTooLarge (Put Blob's single-shot limit is far
    /// higher in Azure, but 300 MB covers every dead-letter workload and keeps memory bounded).
    public var maxRequestBodyBytes: Int = 300 * 1024 * 1024

    public init() {}

    public init(host: String = "127.0.0.1", port: Int = 0, storage: EmulatorStorageMode = .memory,
                accounts: [String: String]? = nil, acceptedBearerTokens: Set<String> = [],
                faults: [EmulatorService: FaultPlan] = [:], sinks: SinkConfiguration = SinkConfiguration(), seed: UInt64 = 0) {
        self.host = host
        self.port = port
        self.storage = storage
        if let accounts { self.accounts = accounts }
        self.acceptedBearerTokens = acceptedBearerTokens
        self.faults = faults
        self.sinks = sinks
        self.seed = seed
    }

    /// Checks what would otherwise fail later with a less helpful message.
    func validated() throws -> EmulatorConfiguration {
        if accounts.isEmpty { throw EmulatorStartupError.noAccounts }
        for (name, key) in accounts {
            guard AccountName.isValid(name) else { throw EmulatorStartupError.invalidAccountName(name) }
            guard HMACSigning.decodeBase64Key(key) != nil else { throw EmulatorStartupError.accountKeyNotBase64(account: name) }
        }
        guard (0...65_535).contains(port) else { throw EmulatorStartupError.invalidPort(port) }
        for (service, plan) in faults {
            do { _ = try plan.validated() } catch { throw EmulatorStartupError.invalidFaultPlan(service: service, reason: "\(error)") }
        }
        return self
    }
}

/// Storage account names: 3–24 lowercase letters and digits.
enum AccountName {
    static func isValid(_ name: String) -> Bool {
        (3...24).contains(name.utf8.count) && name.utf8.allSatisfy { (48...57).contains($0) || (97...122).contains($0) }
    }
}
