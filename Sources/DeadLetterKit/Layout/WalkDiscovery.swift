/// The upper levels of the walk (container → groups → years → months → days): a depth-first traversal with an
/// explicit stack that lists one folder per step and hands out `WalkUnit`s lazily, so discovery runs only as far
/// ahead as the executor asks. Hour folders themselves are listed by the executor, in parallel.
struct WalkDiscovery {
    let walker: ContainerWalker
    let plan: WalkPlan
    let window: FolderHourWindow
    /// Requests and pruning counted by discovery (the executor counts hour listings).
    private(set) var statistics = WalkStatistics()
    private var stack: [Frame]

    enum Frame {
        /// A folder that may be a group or hold groups (the container root has no segments).
        case search(prefix: String, segments: [String])
        case year(WalkGroup, WalkDatedFolder)
        case month(WalkGroup, year: Int, WalkDatedFolder)
        case day(WalkGroup, year: Int, month: Int, WalkDatedFolder)
        case unit(WalkUnit)

        var isContainerRoot: Bool {
            if case .search(let prefix, _) = self { return prefix.isEmpty }
            return false
        }
    }

    init(walker: ContainerWalker, plan: WalkPlan) {
        self.walker = walker
        self.plan = plan
        self.window = plan.folderHourWindow
        self.stack = [.search(prefix: "", segments: [])]
    }

    /// The next unit in output order, listing upper-level folders as needed; nil when the walk is complete.
    mutating func next() async throws -> WalkUnit? {
        while let frame = stack.popLast() {
            if case .unit(let unit) = frame { return unit }
            do {
                try await expand(frame)
            } catch {
                try record(error, expanding: frame)
            }
        }
        return nil
    }

    private mutating func expand(_ frame: Frame) async throws {
        switch frame {
        case .unit:
            break
        case .search(let prefix, let segments):
            try await expandSearch(prefix: prefix, segments: segments)
        case .year(let group, let year):
            try await expandYear(group, year)
        case .month(let group, let year, let month):
            try await expandMonth(group, year: year, month)
        case .day(let group, let year, let month, let day):
            try await expandDay(group, year: year, month: month, day)
        }
    }

    /// A group, year, month or day folder whose listing failed for good is recorded like a failed hour folder (when
    /// the walker records failures), and the walk goes on with its siblings: one bad folder should not end an export
    /// of the whole container. Everything below it is missing, also what its pages before the failure named (they
    /// were not walked), so the failure carries no marker. The container root is the exception: when it cannot be
    /// listed there is nothing to go on with, and its error (often an authorisation one) ends the walk.
    private mutating func record(_ error: any Error, expanding frame: Frame) throws {
        guard walker.recordsFolderFailures, !frame.isContainerRoot, var failure = WalkFolderFailure(error) else {
            throw error
        }
        failure.marker = nil
        statistics.unlistedFolders.append(failure)
    }

    /// Queues frames so that they pop in the given order.
    private mutating func push(_ frames: [Frame]) {
        stack.append(contentsOf: frames.reversed())
    }

    // MARK: Groups

    private mutating func expandSearch(prefix: String, segments: [String]) async throws {
        let depth = segments.count
        if let groupDepth = plan.groupDepth, depth > 0,
           !plan.groupSelectionAllows(folderSegments: segments, groupDepth: groupDepth) {
            statistics.groupsPruned += 1
            return
        }
        let level: WalkLevel = depth == 0 ? .container : .group
        let listing = try await walker.listFolder(prefix, delimiter: "/", level: level, statistics: &statistics)
        // A folder is a group when the plan says groups sit at this depth, or (detecting) when it holds year folders.
        let yearsAllowedHere = plan.groupDepth.map { depth == $0 } ?? (depth >= 1)
        var years: [WalkDatedFolder] = []
        var unrecognized: [Frame] = []
        var deeper: [Frame] = []
        for child in listing.prefixes {
            guard let name = BlobPathSegments.childFolderName(child, under: prefix) else {
                unrecognized.append(unrecognizedFolder(child, .underNonDateFolder(folder: child, expected: level)))
                continue
            }
            if yearsAllowedHere, let year = DateFolderName.year(name) {
                years.append(WalkDatedFolder(value: year, name: name, prefix: child))
            } else if let groupDepth = plan.groupDepth {
                if depth < groupDepth {
                    deeper.append(.search(prefix: child, segments: segments + [name]))
                } else {
                    unrecognized.append(unrecognizedFolder(child, .underNonDateFolder(folder: child, expected: .year)))
                }
            } else if DateFolderName.isAllDigits(name) {
                // All-digit names are never endpoint names; at the root a year here has no group before it.
                let expected: WalkLevel = depth == 0 ? .group : .year
                unrecognized.append(unrecognizedFolder(child, .underNonDateFolder(folder: child, expected: expected)))
            } else if depth < plan.maxGroupSearchDepth {
                deeper.append(.search(prefix: child, segments: segments + [name]))
            } else {
                unrecognized.append(unrecognizedFolder(child, .noDateFolders(folder: child,
                                                                             searchDepth: plan.maxGroupSearchDepth)))
            }
        }
        let isGroup = depth > 0 && (!years.isEmpty || plan.groupDepth == depth)
        let selected = !isGroup || plan.selects(groupSegments: segments)
        var frames: [Frame] = []
        if isGroup {
            if selected { statistics.groupsWalked += 1 } else { statistics.groupsPruned += 1 }
        }
        // Unrecognized content of a group the plan does not select is not reported: the user asked for other groups.
        if selected, plan.reportsUnrecognized {
            if !listing.blobs.isEmpty {
                frames.append(.unit(.unrecognizedBlobs(listing.blobs, .blobAboveHourFolders(folder: prefix, level: level))))
            }
            frames += unrecognized
        }
        if isGroup, selected {
            let group = WalkGroup(segments: segments, prefix: prefix)
            for year in WalkDatedFolder.chronological(years) {
                if window.overlapsYear(year.value) {
                    frames.append(.year(group, year))
                } else {
                    statistics.foldersPrunedByTime[.year, default: 0] += 1
                }
            }
        }
        push(frames + deeper)
    }

    // MARK: Dates

    private mutating func expandYear(_ group: WalkGroup, _ year: WalkDatedFolder) async throws {
        let window = window
        let (months, unrecognized) = try await listDatedChildren(
            of: year.prefix, level: .year, childLevel: .month, parse: { DateFolderName.month($0) },
            overlaps: { window.overlapsMonth(year: year.value, month: $0) })
        push(unrecognized + months.map { .month(group, year: year.value, $0) })
    }

    private mutating func expandMonth(_ group: WalkGroup, year: Int, _ month: WalkDatedFolder) async throws {
        let window = window
        let (days, unrecognized) = try await listDatedChildren(
            of: month.prefix, level: .month, childLevel: .day,
            parse: { DateFolderName.day($0, year: year, month: month.value) },
            overlaps: { window.overlapsDay(year: year, month: month.value, day: $0) })
        push(unrecognized + days.map { .day(group, year: year, month: month.value, $0) })
    }

    private mutating func expandDay(_ group: WalkGroup, year: Int, month: Int, _ day: WalkDatedFolder) async throws {
        let window = window
        let (hours, unrecognized) = try await listDatedChildren(
            of: day.prefix, level: .day, childLevel: .hour, parse: { DateFolderName.hour($0) },
            overlaps: { window.overlapsHour(year: year, month: month, day: day.value, hour: $0) })
        var frames = unrecognized
        for hour in hours {
            guard plan.shardOwns(group, year: year, month: month, day: day.value, hour: hour.value) else {
                statistics.hourFoldersSkippedByShard += 1
                continue
            }
            frames.append(.unit(.hour(WalkHourFolder(group: group, year: year, month: month, day: day.value,
                                                     hour: hour.value, prefix: hour.prefix))))
        }
        push(frames)
    }

    /// Lists a year, month or day folder. Returns its date children that overlap the window, in chronological order,
    /// and its stray blobs and non-date sub-folders as unrecognized frames (first in output order).
    private mutating func listDatedChildren(of folder: String, level: WalkLevel, childLevel: WalkLevel,
                                            parse: (String) -> Int?,
                                            overlaps: (Int) -> Bool) async throws -> ([WalkDatedFolder], [Frame]) {
        let listing = try await walker.listFolder(folder, delimiter: "/", level: level, statistics: &statistics)
        var dated: [WalkDatedFolder] = []
        var unrecognized: [Frame] = []
        for child in listing.prefixes {
            if let name = BlobPathSegments.childFolderName(child, under: folder), let value = parse(name) {
                dated.append(WalkDatedFolder(value: value, name: name, prefix: child))
            } else {
                unrecognized.append(unrecognizedFolder(child, .underNonDateFolder(folder: child, expected: childLevel)))
            }
        }
        var frames: [Frame] = []
        if plan.reportsUnrecognized {
            if !listing.blobs.isEmpty {
                frames.append(.unit(.unrecognizedBlobs(listing.blobs, .blobAboveHourFolders(folder: folder, level: level))))
            }
            frames += unrecognized
        }
        var kept: [WalkDatedFolder] = []
        for child in WalkDatedFolder.chronological(dated) {
            if overlaps(child.value) {
                kept.append(child)
            } else {
                statistics.foldersPrunedByTime[childLevel, default: 0] += 1
            }
        }
        return (kept, frames)
    }

    private func unrecognizedFolder(_ prefix: String, _ reason: WalkUnrecognizedReason) -> Frame {
        .unit(.unrecognizedFolder(prefix: prefix, reason: reason))
    }
}
