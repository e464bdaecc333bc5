/// The problems met in one blob (or one export file): every one counted, only the first `describedLimit` described.
/// Why: a blob of 100k values that are not dead letters would otherwise hold 100k descriptions (megabytes) to print
/// the first 20 of them in its reason.
struct BlobProblems: Sendable {
    /// How many problems a blob's reason spells out.
    static let describedLimit = 20

    private(set) var count = 0
    private(set) var described: [String] = []

    var isEmpty: Bool { count == 0 }

    /// Records one problem; the description is built only when it is kept.
    mutating func record(_ problem: @autoclosure () -> String) {
        count += 1
        if described.count < Self.describedLimit { described.append(problem()) }
    }

    /// The blob's reason in the summary: the first problems, then how many more there were. The summary names the
    /// blob itself, so a leading "blob NAME: " or "blob NAME, " is dropped from each problem.
    func reason(blobName: String? = nil) -> String {
        let prefixes = blobName.map { ["blob \($0): ", "blob \($0), "] } ?? []
        let shown = described.map { problem -> String in
            guard let prefix = prefixes.first(where: { problem.hasPrefix($0) }) else { return problem }
            return String(problem.dropFirst(prefix.count))
        }
        let more = count - described.count
        return shown.joined(separator: "; ") + (more > 0 ? "; … and \(more) more" : "")
    }
}
