/// What listing one `WalkUnit` produced, kept until its turn in the output order comes.
struct WalkUnitOutcome: Sendable {
    /// Set for hour folders: the blobs below are placed in this folder's layout when emitted.
    var hour: WalkHourFolder?
    var hourBlobs: [BlobItem] = []
    var unrecognized: [WalkItem] = []
    var statistics = WalkStatistics()
}

extension ContainerWalker {
    /// Lists one unit: an hour folder (with delimiter, so that anything nested below it shows up as a folder and is
    /// then listed flat as unrecognized), or an unrecognized folder (flat, so none of its blobs get lost).
    func list(_ unit: WalkUnit, reportsUnrecognized: Bool) async throws -> WalkUnitOutcome {
        var outcome = WalkUnitOutcome()
        switch unit {
        case .hour(let hour):
            outcome.hour = hour
            let listing = try await listFolder(hour.prefix, delimiter: "/", level: .hour, statistics: &outcome.statistics)
            outcome.statistics.hourFoldersListed += 1
            outcome.hourBlobs = listing.blobs
            guard reportsUnrecognized else { break }
            for nested in listing.prefixes {
                let inner = try await listFolder(nested, delimiter: nil, level: .unrecognizedFolder,
                                                 statistics: &outcome.statistics)
                outcome.unrecognized += inner.blobs.map { .unrecognized($0, .nestedInHourFolder(folder: nested)) }
            }
        case .unrecognizedFolder(let prefix, let reason):
            let listing = try await listFolder(prefix, delimiter: nil, level: .unrecognizedFolder,
                                               statistics: &outcome.statistics)
            outcome.unrecognized = listing.blobs.map { .unrecognized($0, reason) }
        case .unrecognizedBlobs(let blobs, let reason):
            outcome.unrecognized = blobs.map { .unrecognized($0, reason) }
        }
        return outcome
    }
}
