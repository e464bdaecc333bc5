/// Gives every blob of a group the same layout kind: the forced one, or the kind `BlobLayoutDetection` reads from the
/// group's folders and its first `.json` blob in output order. Deciding once per group keeps one group from being
/// split between ADT and Event Grid because a single file name happens to look different.
struct GroupLayoutResolver {
    let forcedLayout: BlobLayoutKind?
    private var decided: [String: BlobLayoutKind] = [:]

    init(forcedLayout: BlobLayoutKind?) {
        self.forcedLayout = forcedLayout
    }

    mutating func kind(forGroup segments: [String], fileStem: Substring) -> BlobLayoutKind {
        if let forcedLayout { return forcedLayout }
        let key = segments.joined(separator: "/")
        if let known = decided[key] { return known }
        let kind = BlobLayoutDetection.kind(groupSegments: segments, fileStem: fileStem)
        decided[key] = kind
        return kind
    }

    /// A blob listed in an hour folder, placed in its layout, or unrecognized when it cannot be a dead letter.
    mutating func item(for blob: BlobItem, in hour: WalkHourFolder) -> WalkItem {
        let fileName = BlobPathSegments.lastSegment(blob.name)
        guard BlobLayoutParser.isJSONFileName(fileName) else {
            return .unrecognized(blob, .layoutMismatch(.notJSON(fileName: fileName)))
        }
        let segments = hour.group.segments
        let kind = kind(forGroup: segments, fileStem: fileName.dropLast(5))
        guard segments.count >= kind.minimumGroupSegments else {
            return .unrecognized(blob, .layoutMismatch(.tooFewGroupSegments(layout: kind, found: segments.count)))
        }
        let location = BlobLocation(kind: kind, groupSegments: segments, year: hour.year, month: hour.month, day: hour.day,
                                    hour: hour.hour, fileName: fileName)
        return .blob(WalkedBlob(item: blob, location: location))
    }

    /// A blob path parsed on its own (flat mode), with the group's kind applied.
    mutating func item(for blob: BlobItem, parsed: Result<BlobLocation, BlobLayoutMismatch>) -> WalkItem {
        switch parsed {
        case .failure(let mismatch):
            return .unrecognized(blob, .layoutMismatch(mismatch))
        case .success(var location):
            location.kind = kind(forGroup: location.groupSegments, fileStem: Substring(location.fileStem))
            return .blob(WalkedBlob(item: blob, location: location))
        }
    }
}
