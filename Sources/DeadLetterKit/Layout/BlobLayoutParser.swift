/// Parses a blob name from the right into a `BlobLocation`: the last segment is `<id>.json`, the four before it are
/// hour/day/month/year, everything before those is the group. Parsing from the right is what makes the optional
/// leading segment of Event Grid paths (and a container name left in a mirrored path) harmless.
public enum BlobLayoutParser {
    /// - Parameters:
    ///   - name: the blob name (a path inside the container, `/`-separated).
    ///   - layout: a layout to force; nil detects it with `BlobLayoutDetection`'s rule for this path alone.
    public static func parse(_ name: String, layout: BlobLayoutKind? = nil) -> Result<BlobLocation, BlobLayoutMismatch> {
        let segments = BlobPathSegments.split(name)
        let fileName = segments.last ?? ""
        guard isJSONFileName(fileName) else { return .failure(.notJSON(fileName: fileName)) }
        guard segments.count >= 6 else { return .failure(.tooFewSegments(found: segments.count)) }
        let date = segments.count - 5
        guard let year = DateFolderName.year(segments[date]) else { return .failure(.invalidYear(segments[date])) }
        guard let month = DateFolderName.month(segments[date + 1]) else {
            return .failure(.invalidMonth(segments[date + 1]))
        }
        guard let day = DateFolderName.day(segments[date + 2], year: year, month: month) else {
            return .failure(.invalidDay(segments[date + 2], year: year, month: month))
        }
        guard let hour = DateFolderName.hour(segments[date + 3]) else { return .failure(.invalidHour(segments[date + 3])) }
        let groupSegments = Array(segments[..<date])
        guard let last = groupSegments.last, !last.isEmpty else { return .failure(.emptyGroupName) }
        let kind = layout ?? BlobLayoutDetection.kind(groupSegments: groupSegments, fileStem: fileName.dropLast(5))
        guard groupSegments.count >= kind.minimumGroupSegments else {
            return .failure(.tooFewGroupSegments(layout: kind, found: groupSegments.count))
        }
        return .success(BlobLocation(kind: kind, groupSegments: groupSegments, year: year, month: month, day: day, hour: hour,
                                     fileName: fileName))
    }

    /// `<something>.json`; the extension is compared without regard to case.
    static func isJSONFileName(_ fileName: String) -> Bool {
        let tail = Array(fileName.utf8.suffix(5))
        guard fileName.utf8.count > 5, tail[0] == UInt8(ascii: ".") else { return false }
        // `| 0x20` lower-cases ASCII letters; for j, s, o, n only the upper- and lower-case letter map to the target.
        return tail.dropFirst().map { $0 | 0x20 } == Array("json".utf8)
    }
}
