// The decisions that keep the walk from listing what the plan cannot want. Each is made on a folder's name,
// before the folder is listed.

extension FolderHourWindow {
    func overlapsYear(_ year: Int) -> Bool {
        overlaps(start: DateFolderName.yearStart(year), end: DateFolderName.yearStart(year + 1))
    }

    func overlapsMonth(year: Int, month: Int) -> Bool {
        overlaps(start: DateFolderName.monthStart(year: year, month: month),
                 end: DateFolderName.nextMonthStart(year: year, month: month))
    }

    func overlapsDay(year: Int, month: Int, day: Int) -> Bool {
        let start = DateFolderName.dayStart(year: year, month: month, day: day)
        return overlaps(start: start, end: start + 86_400)
    }

    func overlapsHour(year: Int, month: Int, day: Int, hour: Int) -> Bool {
        let start = DateFolderName.dayStart(year: year, month: month, day: day) + hour * 3600
        return overlaps(start: start, end: start + 3600)
    }
}

extension WalkPlan {
    /// With a known group depth, whether a selected group can be this folder or lie below it.
    func groupSelectionAllows(folderSegments: [String], groupDepth: Int) -> Bool {
        guard let patterns = groups else { return true }
        if folderSegments.count == groupDepth { return selects(groupSegments: folderSegments) }
        return patterns.contains { $0.couldMatchBelow(prefixSegments: folderSegments, groupDepth: groupDepth) }
    }

    func shardOwns(_ group: WalkGroup, year: Int, month: Int, day: Int, hour: Int) -> Bool {
        shard?.owns(groupSegments: group.segments, year: year, month: month, day: day, hour: hour) ?? true
    }

    /// Unrecognized blobs are reported by shard 1 only (and always without sharding).
    var reportsUnrecognized: Bool { shard?.ownsUnrecognized ?? true }
}
