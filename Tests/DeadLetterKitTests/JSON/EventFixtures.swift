import Foundation

/// Reads files under `Fixtures/` of the package (found by walking up from this file to `Package.swift`).
enum EventFixtures {
    static let packageRoot: URL = {
        var directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        while directory.path != "/" {
            if FileManager.default.fileExists(atPath: directory.appendingPathComponent("Package.swift").path) { return directory }
            directory = directory.deletingLastPathComponent()
        }
        fatalError("Package.swift not found above \(#filePath)")
    }()

    static let eventsDirectory = packageRoot.appendingPathComponent("Fixtures/events")

    /// The bytes of `Fixtures/events/<path>`.
    static func bytes(_ path: String) throws -> [UInt8] {
        [UInt8](try Data(contentsOf: eventsDirectory.appendingPathComponent(path)))
    }

    /// Every `.json` file under `Fixtures/events`, as paths relative to it, sorted.
    static func allJSONFiles() throws -> [String] {
        let root = eventsDirectory.standardizedFileURL.path
        guard let enumerator = FileManager.default.enumerator(atPath: root) else { return [] }
        return enumerator.compactMap { $0 as? String }.filter { $0.hasSuffix(".json") }.sorted()
    }
}
