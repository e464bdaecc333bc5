import Foundation

/// The run summary a `deadletter` command printed on stderr (`matched   1000`, `blobs not read   1`, then the
/// blobs that could not be read with their reasons), read back so that each bounds run is checked for what it did.
struct BoundsRunSummary {
    var counts: [String: Int] = [:]
    /// All of stderr (the reasons of unread blobs are in it).
    var text = ""
    /// Its size: a reason that grows with the blob (one line per bad element) shows here.
    var bytes = 0

    init(stderrPath: String) {
        guard let data = FileManager.default.contents(atPath: stderrPath) else { return }
        bytes = data.count
        text = String(decoding: data, as: UTF8.self)
        for line in text.split(separator: "\n") {
            // `label  count`: the label ends at the first double space; indented lines (skip reasons) have none.
            guard let gap = line.range(of: "  "), gap.lowerBound > line.startIndex,
                  let count = Int(line[gap.upperBound...].trimmingCharacters(in: .whitespaces)) else { continue }
            counts[String(line[..<gap.lowerBound])] = count
        }
    }

    var matched: Int? { counts["matched"] }
    var blobsNotRead: Int? { counts["blobs not read"] }

    /// Why the run did not do what `expected` says, or nil when it did.
    func mismatch(exitCode: Int32, _ expected: BoundsInput.Expectation) -> String? {
        var problems: [String] = []
        if exitCode != expected.exitCode { problems.append("exit \(exitCode), expected \(expected.exitCode)") }
        if matched != expected.matched { problems.append("matched \(matched.map(String.init) ?? "?"), expected \(expected.matched)") }
        if blobsNotRead != expected.blobsNotRead {
            problems.append("blobs not read \(blobsNotRead.map(String.init) ?? "?"), expected \(expected.blobsNotRead)")
        }
        if let reason = expected.reason, !text.contains(reason) { problems.append("the summary does not say “\(reason)”") }
        return problems.isEmpty ? nil : problems.joined(separator: "; ")
    }
}
