import AzureCore
import AzureEmulator
import DeadLetterKit
import Foundation

/// Issue 3: how many List Blobs requests (and entries) a 1-hour window costs in a container with 30 days of hour
/// folders, walked level by level with pruning, against one flat listing of the whole container at maxresults 5000.
/// Requests are counted by the emulator itself.
struct WalkSection: BenchSection {
    let name = "walk"
    let title = "Container walk with pruning vs full flat listing (requests counted by the emulator)"

    static let container = "walk"
    static let endpoint = "adt-eventgrid-ep"
    /// The first day of the 30; the window is one hour in the middle.
    static let firstDay = DateComponents(calendar: Calendar(identifier: .gregorian), timeZone: TimeZone(identifier: "UTC"),
                                         year: 2026, month: 11, day: 1).date!

    func run(_ context: BenchContext) async throws -> BenchSectionReport {
        let server = try await EmulatorServer.start(EmulatorConfiguration())
        do {
            let report = try await measure(server: server, context: context)
            try await server.shutdown()
            return report
        } catch {
            try? await server.shutdown()
            throw error
        }
    }

    private func measure(server: EmulatorServer, context: BenchContext) async throws -> BenchSectionReport {
        let days = context.sizes.walkDays, perHour = context.sizes.walkBlobsPerHour
        let blobCount = try await seed(server, days: days, perHour: perHour)
        let location = try BlobContainerLocation(endpoint: server.blobEndpoint(), containerName: Self.container,
                                                 accountName: StorageConnectionString.developmentAccountName)
        let authorizer = try SharedKeyAuthorizer(accountName: StorageConnectionString.developmentAccountName,
                                                 accountKey: StorageConnectionString.developmentAccountKey,
                                                 source: .developmentStorage)
        // The HTTP client's type stays inferred: the bench does not import AsyncHTTPClient itself.
        let httpClient = BlobClient.makeHTTPClient()
        let client = BlobClient(location: location, authorizer: authorizer, httpClient: httpClient)
        do {
            let report = try await measureWalks(server: server, client: client, days: days, perHour: perHour, blobCount: blobCount)
            try await httpClient.shutdown()
            return report
        } catch {
            try? await httpClient.shutdown()
            throw error
        }
    }

    private func measureWalks(server: EmulatorServer, client: BlobClient, days: Int, perHour: Int,
                              blobCount: Int) async throws -> BenchSectionReport {
        let walker = try ContainerWalker(lister: client)

        let windowStart = Self.firstDay.addingTimeInterval(Double(days / 2) * 86_400 + 13 * 3600)
        let windowEnd = windowStart.addingTimeInterval(3599)
        var report = BenchSectionReport(section: name, title: title, columns: [
            BenchColumn("requests", "list requests"), BenchColumn("entries", "entries transferred"),
            BenchColumn("blobs", "blobs yielded"), BenchColumn("seconds", "time", decimals: 3, unit: "s"),
        ])
        let runs: [(String, () throws -> ContainerWalk)] = [
            ("walk, 1 h dead-letter window", { try walker.walk(WalkPlan(window: .deadLetterTime(from: windowStart, to: windowEnd))) }),
            ("walk, 1 h event-time window (+25 h delay)", { try walker.walk(WalkPlan(window: .eventTime(since: windowStart, until: windowEnd))) }),
            ("flat listing, maxresults 5000", { try ContainerWalker(lister: client, pageSize: 5000).walkFlat(WalkPlan()) }),
        ]
        for (label, makeWalk) in runs {
            await server.resetCounters()
            let clock = ContinuousClock()
            let started = clock.now
            let walk = try makeWalk()
            var blobs = 0
            for try await _ in walk { blobs += 1 }
            let seconds = (clock.now - started).seconds
            let statistics = await walk.statistics()
            let requests = await server.counters[.listBlobs]
            report.rows.append(BenchRow(label, values: [
                "requests": Double(requests), "entries": Double(statistics.entriesListed), "blobs": Double(blobs), "seconds": seconds,
            ]))
        }
        if let walk = report.rows.first, let flat = report.rows.last {
            report.checks.append(.ratio("flat / walk list requests (1 h window)", flat.values["requests"]! / max(1, walk.values["requests"]!)))
            report.checks.append(.ratio("flat / walk entries transferred (1 h window)", flat.values["entries"]! / max(1, walk.values["entries"]!)))
        }
        report.notes.append("container: 1 endpoint × \(days) days × 24 hour folders (unpadded) × \(perHour) blobs = \(blobCount) blobs")
        report.notes.append("the issue sets no number here; the walk must list only that hour's pages plus the levels above it")
        return report
    }

    /// `adt-eventgrid-ep/2026/11/<d>/<h>/<guid>.json`, `perHour` in each hour folder.
    private func seed(_ server: EmulatorServer, days: Int, perHour: Int) async throws -> Int {
        try await server.createContainer(Self.container)
        var samples = BenchSampleBlobs(seed: 4)
        var count = 0
        for day in 0..<days {
            for hour in 0..<24 {
                let hourStart = Self.firstDay.addingTimeInterval(Double(day) * 86_400 + Double(hour) * 3600)
                let parts = Calendar.utc.dateComponents([.year, .month, .day, .hour], from: hourStart)
                let folder = "\(Self.endpoint)/\(parts.year!)/\(parts.month!)/\(parts.day!)/\(parts.hour!)/"
                for index in 0..<perHour {
                    let id = samples.guid()
                    let body = samples.eventBody(id: id, twin: "room-\(index % 40 + 1)", time: "2026-11-01T00:00:00Z")
                    try await server.putBlob(container: Self.container, name: folder + id + ".json", bytes: body)
                    count += 1
                }
            }
        }
        return count
    }
}

extension Calendar {
    static let utc: Calendar = {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        return calendar
    }()
}
