import Foundation
@testable import DeadLetterKit

/// The bundled sample container and temporary files for the pipeline tests.
enum PipelineFixtures {
    static let packageRoot: URL = {
        var directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        while directory.path != "/" {
            if FileManager.default.fileExists(atPath: directory.appendingPathComponent("Package.swift").path) { return directory }
            directory = directory.deletingLastPathComponent()
        }
        return URL(fileURLWithPath: "/nonexistent-package-root")
    }()

    static var sampleContainer: String { packageRoot.appendingPathComponent("Fixtures/sample-container").path }

    /// The sample's blobs that cannot be (fully) read, and its README that fits no layout.
    static let sampleBadBlobs = [
        "adt-eventgrid-ep/2026/11/24/9/76f55f88-d4f4-4927-bd6d-40effd123c00.json",
        "adt-eventgrid-ep/2026/11/24/9/81be8244-8689-440a-8132-fb6a5b84b139.json",
        "adt-eventgrid-ep/2026/11/24/9/9b3adb36-61e6-49cb-89cd-f7fdd84bca4e.json",
        "adt-eventgrid-ep/2026/11/24/9/c59140d1-29d9-4c1d-b792-6d8d5e14fdc8.json",
        "adt-eventgrid-ep/2026/11/24/9/e01206e8-1fc8-423b-90cd-fa90b62ced36.json",
    ]
    static let sampleReadme = "adt-eventgrid-ep/README.txt"
    static let sampleDeadLetters = 369

    static func sampleScanner(filter: DeadLetterFilter = .all, concurrency: Int = 8) throws -> DeadLetterScanner {
        let mirror = try LocalContainerMirror(directory: sampleContainer)
        var options = ScanOptions()
        options.filter = filter
        options.concurrency = concurrency
        return DeadLetterScanner(source: .container(lister: mirror, reader: mirror, description: sampleContainer), options: options)
    }

    static func temporaryFile(_ name: String) -> URL {
        FileManager.default.temporaryDirectory.appendingPathComponent("pipeline-\(UUID().uuidString)-\(name)")
    }
}
