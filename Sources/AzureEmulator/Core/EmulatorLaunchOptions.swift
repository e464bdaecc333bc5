import AzureCore
import Foundation

/// The `deadletter emulator` command line, as plain values, and its translation into an `EmulatorConfiguration`.
/// Lives here rather than in the executable so it is tested with the module and the command stays a thin shell.
public struct EmulatorLaunchOptions: Sendable, Equatable {
    public var dataDirectory: String?
    public var host = "127.0.0.1"
    public var port = 10_000
    /// `NAME:KEY` each; when given they replace devstoreaccount1 (as AZURITE_ACCOUNTS does).
    public var accounts: [String] = []
    public var bearerTokens: [String] = []
    /// `DEADLETTER_EMULATOR_BEARER_TOKENS`, a comma list added to `bearerTokens`.
    public var bearerTokensFromEnvironment: String?
    public var serverBusyRate = 0.0
    public var internalErrorRate = 0.0
    public var throttleRate = 0.0
    public var dropRate = 0.0
    public var truncateRate = 0.0
    /// Slow loris: requests read and never answered.
    public var hangRate = 0.0
    public var latencyMilliseconds = 0
    public var latencyJitterMilliseconds = 0
    public var latencySpikeRate = 0.0
    public var latencySpikeMilliseconds = 0
    public var retryAfterSeconds = 1
    public var maxPageSize: Int?
    /// `blob`, `eventgrid`, `eventhubs`, `servicebus` or `all`; repeatable. Empty means all.
    public var faultServices: [String] = []
    public var seed: UInt64 = 0
    public var recordFile: String?

    public static let bearerTokensEnvironmentVariable = "DEADLETTER_EMULATOR_BEARER_TOKENS"

    public init() {}

    public func configuration() throws -> EmulatorConfiguration {
        var configuration = EmulatorConfiguration()
        configuration.host = host
        configuration.port = port
        configuration.storage = dataDirectory.map { .directory($0) } ?? .memory
        configuration.seed = seed
        if !accounts.isEmpty {
            var parsed: [String: String] = [:]
            for (position, entry) in accounts.enumerated() {
                guard let colon = entry.firstIndex(of: ":"), colon != entry.startIndex, entry.index(after: colon) != entry.endIndex else {
                    // The value is not echoed: without a colon it may be a bare key.
                    throw EmulatorLaunchError.accountNotNameColonKey(position: position + 1)
                }
                parsed[String(entry[..<colon])] = String(entry[entry.index(after: colon)...])
            }
            configuration.accounts = parsed
        }
        var tokens = Set(bearerTokens)
        for token in (bearerTokensFromEnvironment ?? "").split(separator: ",") {
            let trimmed = token.trimmingCharacters(in: .whitespaces)
            if !trimmed.isEmpty { tokens.insert(trimmed) }
        }
        configuration.acceptedBearerTokens = tokens
        var sinks = SinkConfiguration()
        sinks.recordFile = recordFile
        for name in sinks.eventGridTopics.keys { sinks.eventGridTopics[name]?.acceptedBearerTokens.formUnion(tokens) }
        for name in sinks.messagingEntities.keys { sinks.messagingEntities[name]?.acceptedBearerTokens.formUnion(tokens) }
        configuration.sinks = sinks

        let plan = FaultPlan(serverBusyRate: serverBusyRate, internalErrorRate: internalErrorRate, throttleRate: throttleRate,
                             dropRate: dropRate, truncateRate: truncateRate, hangRate: hangRate,
                             latencyMilliseconds: latencyMilliseconds,
                             latencyJitterMilliseconds: latencyJitterMilliseconds, latencySpikeRate: latencySpikeRate,
                             latencySpikeMilliseconds: latencySpikeMilliseconds, retryAfterSeconds: retryAfterSeconds,
                             maxPageSize: maxPageSize)
        if !plan.isQuiet {
            do { _ = try plan.validated() } catch { throw EmulatorLaunchError.invalidFaults("\(error)") }
            for service in try selectedServices() { configuration.faults[service] = plan }
        }
        return configuration
    }

    func selectedServices() throws -> [EmulatorService] {
        if faultServices.isEmpty { return EmulatorService.allCases }
        var services: [EmulatorService] = []
        for name in faultServices {
            if name.lowercased() == "all" { return EmulatorService.allCases }
            guard let service = EmulatorService(name: name) else { throw EmulatorLaunchError.unknownService(name) }
            services.append(service)
        }
        return services
    }
}

public enum EmulatorLaunchError: Error, CustomStringConvertible, Equatable {
    case accountNotNameColonKey(position: Int)
    case unknownService(String)
    case invalidFaults(String)
    case readyFileUnwritable(path: String, reason: String)

    public var description: String {
        switch self {
        case .accountNotNameColonKey(let position):
            return "--account value #\(position) is not NAME:KEY (e.g. --account myacct:<base64 key>)"
        case .unknownService(let name):
            return "--fault-service \(name) is unknown; use blob, eventgrid, eventhubs, servicebus or all"
        case .invalidFaults(let reason):
            return "invalid fault options: \(reason)"
        case .readyFileUnwritable(let path, let reason):
            return "cannot write the ready file \(path): \(reason)"
        }
    }
}

extension EmulatorServer {
    /// Writes the bound port to `path` (atomically, so a script polling for the file never reads half of it).
    public func writeReadyFile(_ path: String) throws {
        do {
            try Data("\(port)\n".utf8).write(to: URL(fileURLWithPath: path), options: .atomic)
        } catch {
            throw EmulatorLaunchError.readyFileUnwritable(path: path, reason: error.localizedDescription)
        }
    }
}
