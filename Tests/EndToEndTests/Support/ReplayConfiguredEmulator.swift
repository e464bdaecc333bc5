import AzureEmulator
import Foundation

/// Like `EndToEndEmulator` (same containers, same data directory layout), but started with a configuration the
/// test chooses: other account keys, topic keys, policies and bearer tokens (the secret-hygiene tests use
/// recognisable ones). The context's `connectionString` still names the default key, so such tests build their own.
actor ReplayConfiguredEmulator {
    private let configure: @Sendable (inout EmulatorConfiguration) -> Void
    private var context: EndToEndEmulator.Context?
    private var base: URL?

    init(_ configure: @escaping @Sendable (inout EmulatorConfiguration) -> Void) {
        self.configure = configure
    }

    func start() async throws -> EndToEndEmulator.Context {
        if let context { return context }
        let base = FileManager.default.temporaryDirectory.appendingPathComponent("deadletter-e2e-replay-\(UUID().uuidString)")
        let root = base.appendingPathComponent("data")
        let now = Date()
        try EndToEndContainers.write(into: root, now: now)
        var configuration = EmulatorConfiguration()
        configure(&configuration)
        configuration.storage = .directory(root.path)
        let server = try await EmulatorServer.start(configuration)
        let context = EndToEndEmulator.Context(server: server, root: root, startedAt: now)
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

    /// For `class func tearDown()`, which cannot await.
    nonisolated func stopAndWait() {
        let done = DispatchSemaphore(value: 0)
        Task.detached {
            await self.stop()
            done.signal()
        }
        done.wait()
    }
}
