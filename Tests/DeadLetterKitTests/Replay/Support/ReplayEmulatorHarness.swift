import AsyncHTTPClient
import AzureCore
import AzureEmulator
import Foundation
import XCTest
@testable import DeadLetterKit

/// The emulator and an HTTP client for one test, with helpers to build targets the way the CLI does (from `--to`
/// text and an environment dictionary).
final class ReplayEmulatorHarness: @unchecked Sendable {
    let server: EmulatorServer
    let http: HTTPClient

    static func start(_ configure: (inout EmulatorConfiguration) -> Void = { _ in }) async throws -> ReplayEmulatorHarness {
        var configuration = EmulatorConfiguration()
        configure(&configuration)
        let server = try await EmulatorServer.start(configuration)
        var httpConfiguration = HTTPClient.Configuration()
        httpConfiguration.connectionPool = .init(idleTimeout: .seconds(30), concurrentHTTP1ConnectionsPerHostSoftLimit: 16)
        httpConfiguration.connectionPool.retryConnectionEstablishment = false
        httpConfiguration.timeout = .init(connect: .seconds(5), read: .seconds(30))
        return ReplayEmulatorHarness(server: server, http: HTTPClient(eventLoopGroup: HTTPClient.defaultEventLoopGroup, configuration: httpConfiguration))
    }

    private init(server: EmulatorServer, http: HTTPClient) {
        self.server = server
        self.http = http
    }

    func shutdown() async throws {
        try await http.shutdown()
        try await server.shutdown()
    }

    var base: String { server.baseURL }

    /// `Endpoint=sb://127.0.0.1:<port>/;…;UseDevelopmentEmulator=true` as Microsoft's emulators write it.
    func connectionString(entity: String?, key: String = SinkConfiguration.defaultMessagingKey) -> String {
        "Endpoint=sb://127.0.0.1:\(server.port)/;SharedAccessKeyName=\(SinkConfiguration.defaultPolicyName);SharedAccessKey=\(key);"
            + (entity.map { "EntityPath=\($0);" } ?? "") + "UseDevelopmentEmulator=true"
    }

    func target(_ to: String, environment: [String: String], settings: ReplayTargetSettings = ReplayTargetSettings(),
                credentials: ReplayCredentialOptions = ReplayCredentialOptions()) throws -> any ReplayTarget {
        try ReplayTargetFactory.makeTarget(address: ReplayTargetAddress.parse(to), settings: settings, credentials: credentials,
                                           environment: environment, httpClient: http)
    }

    func eventGridTarget(topic: String = "replay-topic", settings: ReplayTargetSettings = ReplayTargetSettings(),
                         sasToken: Bool = false) throws -> any ReplayTarget {
        try target("eventgrid:\(base)/\(topic)/api/events", environment: ["DEADLETTER_TARGET_KEY": SinkConfiguration.defaultEventGridKey],
                   settings: settings, credentials: ReplayCredentialOptions(eventGridSASToken: sasToken))
    }

    func eventHubsTarget(settings: ReplayTargetSettings = ReplayTargetSettings()) throws -> any ReplayTarget {
        try target("eventhubs", environment: ["DEADLETTER_TARGET_CONNECTION_STRING": connectionString(entity: "replay-hub")], settings: settings)
    }

    func runner(_ target: any ReplayTarget, configuration: ReplayConfiguration = ReplayConfiguration(), journal: ReplayJournal? = nil,
                blobActions: (any ReplaySourceBlobActions)? = nil, cancellation: ReplayCancellation? = nil) -> ReplayRunner {
        ReplayRunner(configuration: configuration, target: target, journal: journal, httpClient: http, blobActions: blobActions,
                     cancellation: cancellation)
    }

    func received(_ sink: String) async -> [ReceivedMessage] { await server.sinks.received(sink) }
}

/// A temporary directory per test.
func replayTemporaryDirectory() throws -> String {
    let path = NSTemporaryDirectory() + "replay-test-\(UUID().uuidString)"
    try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    return path
}
