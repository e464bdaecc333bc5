import AzureEmulator
import Foundation

/// The emulator's publish sinks as `deadletter replay` names them: the `--to` text and the credential variables a
/// child needs, with the emulator's test credentials unless a test passes others.
struct ReplaySinkAddresses: Sendable {
    let port: Int

    static let eventGridTopic = "replay-topic"
    static let eventGridSchemaTopic = "replay-topic-eg"
    static let eventHub = "replay-hub"
    static let serviceBusQueue = "replay-queue"
    /// The ADT instance host the tests give with `--adt-instance-host`, so Event Grid-schema ADT events can be sent.
    static let adtInstanceHost = "contoso.api.weu.digitaltwins.azure.net"

    var base: String { "http://127.0.0.1:\(port)" }

    func eventGrid(_ topic: String = Self.eventGridTopic) -> String { "eventgrid:\(base)/\(topic)/api/events" }
    func eventHubs(_ hub: String = Self.eventHub) -> String { "eventhubs:\(base)/\(hub)" }
    func serviceBus(_ entity: String = Self.serviceBusQueue) -> String { "servicebus:\(base)/\(entity)" }

    /// `Endpoint=sb://127.0.0.1:<port>/;…;UseDevelopmentEmulator=true`, as Microsoft's own emulators write it.
    func connectionString(entity: String?, policy: String = SinkConfiguration.defaultPolicyName,
                          key: String = SinkConfiguration.defaultMessagingKey) -> String {
        "Endpoint=sb://127.0.0.1:\(port)/;SharedAccessKeyName=\(policy);SharedAccessKey=\(key);"
            + (entity.map { "EntityPath=\($0);" } ?? "") + "UseDevelopmentEmulator=true"
    }

    /// A connection string carrying a ready `SharedAccessSignature` instead of a key.
    func connectionString(entity: String, sharedAccessSignature: String) -> String {
        "Endpoint=sb://127.0.0.1:\(port)/;SharedAccessSignature=\(sharedAccessSignature);EntityPath=\(entity);UseDevelopmentEmulator=true"
    }

    static func eventGridKey(_ key: String = SinkConfiguration.defaultEventGridKey) -> [String: String] {
        ["DEADLETTER_TARGET_KEY": key]
    }

    static func connectionStringVariable(_ text: String) -> [String: String] {
        ["DEADLETTER_TARGET_CONNECTION_STRING": text]
    }

    static func bearerToken(_ token: String = SinkConfiguration.defaultBearerToken) -> [String: String] {
        ["DEADLETTER_TARGET_TOKEN": token]
    }
}

extension EndToEndEmulator.Context {
    var sinkAddresses: ReplaySinkAddresses { ReplaySinkAddresses(port: server.port) }

    /// Runs `deadletter replay …` (or any command) with the storage connection string, the target's credential
    /// variables and a private HOME, so a default journal never lands in the real one.
    func replay(_ arguments: [String], target: [String: String], home: URL, timeout: Int = 60) async throws -> CLIResult {
        try await DeadLetterCLI.run(arguments, environment: replayEnvironment(target: target, home: home), timeout: timeout)
    }

    func replayEnvironment(target: [String: String], home: URL) -> [String: String] {
        environment.merging(target) { _, given in given }.merging(["HOME": home.path]) { _, given in given }
    }

    /// Forgets what the sinks received and lifts every fault, so each test starts from empty sinks.
    func resetSinks() async {
        await server.sinks.reset()
        for service in EmulatorService.allCases { await server.setFaults(.none, for: service) }
    }

    func received(_ sink: String) async -> [ReceivedMessage] { await server.sinks.received(sink) }
}
