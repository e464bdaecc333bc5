import AzureEmulator
import Foundation

/// One emulator for one test class, started on first use and stopped in the class's `tearDown`: its data directory
/// holds the sample and the small containers as plain files, so the same directory is also a local mirror.
/// A test may configure it (other account keys, topic keys, policies and bearer tokens: the secret-hygiene tests use
/// recognisable ones); the context's `connectionString` still names the default key, so such tests build their own.
actor EndToEndEmulator {
    struct Context: Sendable {
        let server: EmulatorServer
        /// The emulator's data directory (`<root>/devstoreaccount1/<container>/…`).
        let root: URL
        /// When the containers were written: relative times in the `recent` container are measured from here.
        let startedAt: Date

        static let accountKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw=="

        var connectionString: String {
            "DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=\(Self.accountKey);"
                + "BlobEndpoint=http://127.0.0.1:\(server.port)/devstoreaccount1;"
        }

        /// The environment a child needs to read the emulator's containers.
        var environment: [String: String] { ["AZURE_STORAGE_CONNECTION_STRING": connectionString] }

        func url(_ container: String) -> String { "http://127.0.0.1:\(server.port)/devstoreaccount1/\(container)" }

        /// The container's directory, used as a local-mirror SOURCE.
        func mirror(_ container: String) -> String {
            root.appendingPathComponent("\(EndToEndContainers.account)/\(container)").path
        }

        /// Runs the CLI against this emulator (the connection string in the child's environment).
        func run(_ arguments: [String], timeout: Int = 60) async throws -> CLIResult {
            try await DeadLetterCLI.run(arguments, environment: environment, timeout: timeout)
        }

        /// A fresh directory for a test's output files.
        func scratchDirectory() throws -> URL {
            let directory = root.deletingLastPathComponent().appendingPathComponent("out-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            return directory
        }
    }

    private let configure: @Sendable (inout EmulatorConfiguration) -> Void
    private var context: Context?
    private var base: URL?

    init(_ configure: @escaping @Sendable (inout EmulatorConfiguration) -> Void = { _ in }) {
        self.configure = configure
    }

    func start() async throws -> Context {
        if let context { return context }
        let base = FileManager.default.temporaryDirectory.appendingPathComponent("deadletter-e2e-\(UUID().uuidString)")
        let root = base.appendingPathComponent("data")
        let now = Date()
        try EndToEndContainers.write(into: root, now: now)
        var configuration = EmulatorConfiguration()
        configure(&configuration)
        configuration.storage = .directory(root.path)
        let server = try await EmulatorServer.start(configuration)
        let context = Context(server: server, root: root, startedAt: now)
        self.context = context
        self.base = base
        return context
    }

    func stop() async {
        if let context { try? await context.server.shutdown() }
        if let base { try? FileManager.default.removeItem(at: base) }
        context = nil
        base = nil
    }

    /// For `class func tearDown()`, which cannot await: blocks the calling (non-pool) thread until the emulator stopped.
    nonisolated func stopAndWait() {
        let done = DispatchSemaphore(value: 0)
        Task.detached {
            await self.stop()
            done.signal()
        }
        done.wait()
    }
}
