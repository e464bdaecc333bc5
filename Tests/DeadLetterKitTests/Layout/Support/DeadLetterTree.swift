import Foundation
@testable import DeadLetterKit

/// Builds blob names for test containers.
enum DeadLetterTree {
    static func utc(_ year: Int, _ month: Int, _ day: Int, _ hour: Int = 0, _ minute: Int = 0) -> Date {
        Date(timeIntervalSince1970: Double(RFC3339.daysSince1970(year: year, month: month, day: day) * 86_400
                                          + hour * 3600 + minute * 60))
    }

    /// `group/y/m/d/h/` for the hour containing `date`, padded or not.
    static func hourFolder(_ group: String, _ date: Date, padded: Bool = false) -> String {
        let seconds = Int(date.timeIntervalSince1970)
        let (y, m, d) = RFC3339.civilDate(daysSince1970: seconds / 86_400)
        let h = seconds % 86_400 / 3600
        func n(_ v: Int) -> String { padded ? RFC3339.pad(v, 2) : String(v) }
        return "\(group)/\(y)/\(n(m))/\(n(d))/\(n(h))/"
    }

    /// `blobsPerHour` blobs in each of `hours` consecutive hour folders starting at `start`.
    static func hours(_ group: String, from start: Date, count hours: Int, blobsPerHour: Int = 2,
                      padded: Bool = false, fileName: (Int, Int) -> String = { "\(guid($0 * 100 + $1)).json" }) -> [String] {
        (0..<hours).flatMap { hour in
            let folder = hourFolder(group, start.addingTimeInterval(Double(hour) * 3600), padded: padded)
            return (0..<blobsPerHour).map { folder + fileName(hour, $0) }
        }
    }

    /// A GUID-shaped name that sorts by `seed`.
    static func guid(_ seed: Int) -> String {
        let hex = String(seed, radix: 16)
        let tail = String(repeating: "0", count: max(0, 12 - hex.count)) + hex
        return "0000aaaa-bbbb-4ccc-8ddd-\(tail)"
    }
}

extension ContainerWalk {
    /// Runs the walk to the end.
    func collect() async throws -> [WalkItem] {
        var items: [WalkItem] = []
        for try await item in self { items.append(item) }
        return items
    }
}

extension Array where Element == WalkItem {
    var blobNames: [String] {
        compactMap { if case .blob(let walked) = $0 { return walked.name } else { return nil } }
    }

    var unrecognizedNames: [String] {
        compactMap { if case .unrecognized(let item, _) = $0 { return item.name } else { return nil } }
    }

    var locations: [BlobLocation] {
        compactMap { if case .blob(let walked) = $0 { return walked.location } else { return nil } }
    }

    func reason(for name: String) -> WalkUnrecognizedReason? {
        for case .unrecognized(let item, let reason) in self where item.name == name { return reason }
        return nil
    }
}
