import AzureCore
import AzureEmulator
import DeadLetterKit
import Foundation

/// The request the parsed page is attributed to (parse errors name it).
enum BenchRequestSummary {
    static let listing = BlobRequestSummary(method: "GET", url: "http://127.0.0.1/devstoreaccount1/listing?comp=list")
}

/// Seeds an in-process emulator with one hour folder of dead letters (plus a few sub-folders, so the page has
/// BlobPrefix entries, and more entries than fit, so it has a NextMarker) and fetches the first delimiter page.
enum ListingPageSource {
    static let container = "listing"
    static let folder = "adt-eventgrid-ep/2026/11/24/6/"

    static func fetch(entries: Int) async throws -> [UInt8] {
        let server = try await EmulatorServer.start(EmulatorConfiguration())
        do {
            try await server.createContainer(container)
            var samples = BenchSampleBlobs(seed: 3)
            let total = entries + entries / 50
            for index in 0..<total {
                let id = samples.guid()
                let body = samples.eventBody(id: id, twin: "room-\(String(format: "%03d", index % 40 + 1))",
                                             time: "2026-11-24T06:\(String(format: "%02d", index % 60)):12.1234567Z")
                // One entry in fifty is a sub-folder (a nested blob), the rest are dead letters of the hour.
                let name = index % 50 == 49 ? "\(folder)\(id)/retry.json" : "\(folder)\(id).json"
                try await server.putBlob(container: container, name: name, bytes: body)
            }
            let page = try await BenchHTTP.signedGet(
                baseURL: server.baseURL, path: "/\(StorageConnectionString.developmentAccountName)/\(container)",
                query: [("comp", "list"), ("delimiter", "/"), ("maxresults", String(entries)), ("prefix", folder),
                        ("restype", "container")])
            try await server.shutdown()
            return page
        } catch {
            try? await server.shutdown()
            throw error
        }
    }
}
