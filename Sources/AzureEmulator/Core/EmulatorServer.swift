import AzureCore
import Foundation
import Logging
import NIOCore
import NIOHTTP1
import NIOPosix

/// The local Azure emulator: Blob service, publish sinks and admin endpoints on one HTTP/1.1 port, on its own
/// two-thread event loop group.
///
///     let server = try await EmulatorServer.start(EmulatorConfiguration())
///     defer { Task { try await server.shutdown() } }
///     let endpoint = server.blobEndpoint()   // http://127.0.0.1:<port>/devstoreaccount1
public final class EmulatorServer: Sendable {
    public let port: Int
    public let host: String
    public let sinks: PublishSinks
    let configuration: EmulatorConfiguration
    let store: BlobStore
    private let counterStore: CounterStore
    private let faultSchedule: FaultSchedule
    private let group: MultiThreadedEventLoopGroup
    private let listener: any Channel
    private let acceptLoop: Task<Void, Never>

    private init(port: Int, configuration: EmulatorConfiguration, sinks: PublishSinks, store: BlobStore, counters: CounterStore,
                 faults: FaultSchedule, group: MultiThreadedEventLoopGroup, listener: any Channel, acceptLoop: Task<Void, Never>) {
        self.port = port
        self.host = configuration.host
        self.configuration = configuration
        self.sinks = sinks
        self.store = store
        self.counterStore = counters
        self.faultSchedule = faults
        self.group = group
        self.listener = listener
        self.acceptLoop = acceptLoop
    }

    /// Loads the storage (a directory is indexed before the port opens) and starts listening.
    public static func start(_ configuration: EmulatorConfiguration, logger: Logger = Logger(label: "deadletter.emulator")) async throws -> EmulatorServer {
        let configuration = try configuration.validated()
        let accountNames = configuration.accounts.keys.sorted()
        let store: BlobStore
        switch configuration.storage {
        case .memory:
            store = try BlobStore(backing: MemoryBacking(), accountNames: accountNames)
        case .directory(let path):
            let backing = try DirectoryBacking(root: path, logger: logger)
            store = try await BlobFileIO.offload { try BlobStore(backing: backing, accountNames: accountNames) }
        }
        let sinks = PublishSinks(configuration: configuration.sinks)
        let counters = CounterStore()
        let faults = FaultSchedule(seed: configuration.seed, plans: configuration.faults)
        let blob = BlobService(store: store, authorizer: BlobAuthorizer(accounts: configuration.accounts,
                                                                        acceptedBearerTokens: configuration.acceptedBearerTokens))
        let router = EmulatorRouter(blob: blob, sinks: sinks, faults: faults, counters: counters,
                                    admin: AdminEndpoints(counters: counters, faults: faults), logger: logger)

        let group = MultiThreadedEventLoopGroup(numberOfThreads: 2)
        let serverChannel: NIOAsyncChannel<HTTPConnection.Channel, Never>
        do {
            serverChannel = try await ServerBootstrap(group: group)
                .serverChannelOption(ChannelOptions.backlog, value: 256)
                .serverChannelOption(ChannelOptions.socketOption(.so_reuseaddr), value: 1)
                .childChannelOption(ChannelOptions.socketOption(.tcp_nodelay), value: 1)
                .bind(host: configuration.host, port: configuration.port) { channel in
                    channel.eventLoop.makeCompletedFuture {
                        try channel.pipeline.syncOperations.configureHTTPServerPipeline(withPipeliningAssistance: true, withErrorHandling: true)
                        return try HTTPConnection.Channel(wrappingChannelSynchronously: channel)
                    }
                }
        } catch {
            try? await group.shutdownGracefully()
            throw EmulatorStartupError.bindFailed(host: configuration.host, port: configuration.port, reason: "\(error)")
        }
        let port = serverChannel.channel.localAddress?.port ?? configuration.port
        let connection = HTTPConnection(router: router, maxBodyBytes: configuration.maxRequestBodyBytes,
                                        defaultBaseURL: "http://\(Self.urlHost(configuration.host)):\(port)")
        let acceptLoop = Task {
            await withDiscardingTaskGroup { connections in
                try? await serverChannel.executeThenClose { inbound in
                    for try await client in inbound {
                        connections.addTask { await connection.run(client) }
                    }
                }
                // The listener is closed: stop the open keep-alive connections too.
                connections.cancelAll()
            }
        }
        logger.info("emulator listening on \(configuration.host):\(port)")
        return EmulatorServer(port: port, configuration: configuration, sinks: sinks, store: store, counters: counters,
                              faults: faults, group: group, listener: serverChannel.channel, acceptLoop: acceptLoop)
    }

    /// `http://127.0.0.1:<port>`.
    public var baseURL: String { "http://\(Self.urlHost(host)):\(port)" }

    /// The path-style Blob endpoint of an account, as connection strings and SDKs expect it.
    public func blobEndpoint(account: String = StorageConnectionString.developmentAccountName) -> String {
        baseURL + "/" + account
    }

    /// A connection string for clients and Microsoft's SDKs.
    public func connectionString(account: String = StorageConnectionString.developmentAccountName) -> String {
        let key = configuration.accounts[account] ?? ""
        return "DefaultEndpointsProtocol=http;AccountName=\(account);AccountKey=\(key);BlobEndpoint=\(blobEndpoint(account: account));"
    }

    public var counters: RequestCounters {
        get async { await counterStore.snapshot() }
    }

    public func resetCounters() async {
        await counterStore.reset()
    }

    public func setFaults(_ plan: FaultPlan, for service: EmulatorService) async {
        await faultSchedule.setPlan(plan, for: service)
    }

    /// Stops accepting, closes open connections and stops the event loops.
    public func shutdown() async throws {
        try? await listener.close()
        acceptLoop.cancel()
        await acceptLoop.value
        try await group.shutdownGracefully()
    }

    /// IPv6 literals need brackets in URLs.
    static func urlHost(_ host: String) -> String {
        host.contains(":") && !host.hasPrefix("[") ? "[\(host)]" : host
    }
}
