@testable import DeadLetterKit
import PropertyBased
import Testing

/// Property: whatever JSON the generator builds, however it is chunked, the decoder hands back each value's
/// bytes exactly as they were in the input, and the ranges point at them.
@Suite struct JSONPropertyTests {
    /// Builds a random JSON value (as text) from a seed, with strings that need escapes and non-ASCII text.
    static func json(_ seed: UInt64, depth: Int = 0) -> String {
        var state = seed | 1
        func next() -> UInt64 { state ^= state << 13; state ^= state >> 7; state ^= state << 17; return state }
        let pieces = ["a", "é", "😀", "\\n", "\\\"", "\\u00e9", "\\ud83d\\ude00", " ", "/", "x\\\\y"]
        func string() -> String { "\"" + (0..<Int(next() % 4)).map { _ in pieces[Int(next() % UInt64(pieces.count))] }.joined() + "\"" }
        func value(_ depth: Int) -> String {
            // No newline: the same values are also written as JSON Lines.
            let space = next() % 3 == 0 ? " \t\r " : ""
            switch next() % (depth > 3 ? 4 : 6) {
            case 0: return string()
            case 1: return ["0", "-1.5", "1e10", "123456789012345678901", "-0.0E-2"][Int(next() % 5)]
            case 2: return ["true", "false", "null"][Int(next() % 3)]
            case 3: return "\"\(next() % 1000)\""
            case 4:
                let count = Int(next() % 4)
                return "[" + space + (0..<count).map { _ in value(depth + 1) }.joined(separator: "," + space) + "]"
            default:
                let count = Int(next() % 4)
                return "{" + space + (0..<count).map { k in "\"k\(k)\(pieces[Int(next() % 3)])\"" + space + ":" + value(depth + 1) }
                    .joined(separator: ",") + space + "}"
            }
        }
        return value(depth)
    }

    @Test func preservedBytesAlwaysEqualTheInput() async {
        await propertyCheck(count: 300, input: Gen.uint64(in: 1 ... .max), Gen.int(in: 1...64), Gen.int(in: 0...5)) { seed, chunkSize, elements in
            let parts = (0..<elements).map { JSONPropertyTests.json(seed &+ UInt64($0) &* 7919) }
            let document = Array(("[" + parts.joined(separator: " ,\n") + "]").utf8)
            let lines = Array(parts.joined(separator: "\n").utf8)
            for (input, mode) in [(document, JSONStreamMode.document), (lines, JSONStreamMode.jsonLines)] {
                var decoder = JSONStreamDecoder(mode: mode)
                var values: [JSONStreamValue] = []
                var offset = 0
                do {
                    while offset < input.count {
                        let end = min(input.count, offset + chunkSize)
                        for case .value(let value) in try decoder.feed(Array(input[offset..<end])) { values.append(value) }
                        offset = end
                    }
                    for case .value(let value) in try decoder.finish() { values.append(value) }
                } catch {
                    Issue.record("unexpected error \(error) for \(String(decoding: input, as: UTF8.self))")
                    return
                }
                #expect(values.count == parts.count)
                for (value, part) in zip(values, parts) {
                    #expect(value.bytes == Array(part.utf8))
                    #expect(Array(input[value.range]) == value.bytes)
                    #expect(JSONCompactor.compact(value.bytes).count <= value.bytes.count)
                }
            }
        }
    }
}
