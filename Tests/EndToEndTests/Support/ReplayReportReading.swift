import Foundation
import XCTest

/// Reads the replay summary a run printed: the `--format json` document's `replay` object, or a count from the
/// aligned text (`sent                 8`).
enum ReplayReportReading {
    static func replayObject(_ result: CLIResult, file: StaticString = #filePath, line: UInt = #line) -> [String: Any] {
        guard let replay = CLIOutput.jsonDocument(result, file: file, line: line)["replay"] as? [String: Any] else {
            XCTFail("no replay object in the JSON summary\n\(result.transcript)", file: file, line: line)
            return [:]
        }
        return replay
    }

    /// The number after `label` at the start of a summary line (labels are followed by at least two spaces).
    static func count(_ label: String, in text: String) -> Int? {
        for line in text.split(separator: "\n") where line.hasPrefix(label + "  ") {
            let rest = line.dropFirst(label.count).drop(while: { $0 == " " })
            return Int(rest.prefix(while: { $0.isNumber }))
        }
        return nil
    }

    /// `journal <path>: N events already acknowledged will be skipped` on standard error; nil when not printed.
    static func previouslyAcknowledged(_ stderr: String) -> Int? {
        guard let range = stderr.range(of: " events already acknowledged will be skipped") else { return nil }
        let before = stderr[..<range.lowerBound]
        return Int(String(before.reversed().prefix(while: { $0.isNumber }).reversed()))
    }
}
