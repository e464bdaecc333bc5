import Foundation
import XCTest

/// Reads what the CLI printed the way a script would: JSON with `JSONSerialization`, CSV by its quoting rules.
enum CLIOutput {
    /// Each line of JSON Lines output as an object; fails the test on a line that is not one.
    static func jsonLines(_ result: CLIResult, file: StaticString = #filePath, line: UInt = #line) -> [[String: Any]] {
        result.lines.compactMap { text in
            guard let object = (try? JSONSerialization.jsonObject(with: Data(text.utf8))) as? [String: Any] else {
                XCTFail("not a JSON object line: \(text)\n\(result.transcript)", file: file, line: line)
                return nil
            }
            return object
        }
    }

    /// The whole of standard output as one JSON object.
    static func jsonDocument(_ result: CLIResult, file: StaticString = #filePath, line: UInt = #line) -> [String: Any] {
        guard let object = (try? JSONSerialization.jsonObject(with: result.stdoutData)) as? [String: Any] else {
            XCTFail("standard output is not a JSON object\n\(result.transcript)", file: file, line: line)
            return [:]
        }
        return object
    }

    /// The `id` column of `ls --format jsonl`, in output order.
    static func ids(_ result: CLIResult, file: StaticString = #filePath, line: UInt = #line) -> [String] {
        jsonLines(result, file: file, line: line).map { $0["id"] as? String ?? "<none>" }
    }

    /// RFC 4180 records: fields split on commas outside double quotes, `""` inside quotes is a quote.
    static func csvRecords(_ text: String) -> [[String]] {
        var records: [[String]] = []
        var record: [String] = []
        var field = ""
        var quoted = false
        var iterator = Array(text).makeIterator()
        var pending: Character? = nil
        while let character = pending ?? iterator.next() {
            pending = nil
            if quoted {
                if character == "\"" {
                    if let next = iterator.next() {
                        if next == "\"" { field.append("\"") } else { quoted = false; pending = next }
                    } else {
                        quoted = false
                    }
                } else {
                    field.append(character)
                }
                continue
            }
            switch character {
            case "\"": quoted = true
            case ",": record.append(field); field = ""
            case "\n", "\r\n":
                record.append(field); field = ""
                records.append(record); record = []
            default: field.append(character)
            }
        }
        if !field.isEmpty || !record.isEmpty { record.append(field); records.append(record) }
        return records
    }
}

extension String {
    /// How many times `needle` occurs (non-overlapping).
    func occurrences(of needle: String) -> Int {
        components(separatedBy: needle).count - 1
    }
}
