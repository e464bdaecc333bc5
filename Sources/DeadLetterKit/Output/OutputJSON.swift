/// A JSON document built by a renderer (stats, run summary) and written as text.
///
/// Objects keep their members in the order given, so `--format json` output is stable and diffable. This is for
/// documents deadletter writes itself; events pass through `JSONPrettyPrinter` as the bytes they arrived as.
public indirect enum OutputJSON: Sendable {
    case null
    case bool(Bool)
    case int(Int)
    /// Non-finite values are written as `null`.
    case double(Double)
    case string(String)
    case array([OutputJSON])
    case object([(String, OutputJSON)])

    /// `nil` becomes `null`.
    public static func string(_ value: String?) -> OutputJSON {
        value.map { .string($0) } ?? .null
    }

    /// Two-space indented text in the layout `JSONPrettyPrinter` uses; no trailing newline.
    public func rendered(pretty: Bool = true) -> String {
        rendered(pretty: pretty, depth: 0)
    }

    /// The text as it appears nested `depth` levels deep in a pretty document (its inner lines indented to match).
    func rendered(pretty: Bool, depth: Int) -> String {
        var text = ""
        write(into: &text, depth: depth, pretty: pretty)
        return text
    }

    private func write(into text: inout String, depth: Int, pretty: Bool) {
        switch self {
        case .null: text += "null"
        case .bool(let value): text += value ? "true" : "false"
        case .int(let value): text += String(value)
        case .double(let value): text += value.isFinite ? String(value) : "null"
        case .string(let value): Self.appendQuoted(value, to: &text)
        case .array(let elements):
            guard !elements.isEmpty else { text += "[]"; return }
            text += "["
            for (index, element) in elements.enumerated() {
                if index > 0 { text += "," }
                Self.newline(&text, depth: depth + 1, pretty: pretty)
                element.write(into: &text, depth: depth + 1, pretty: pretty)
            }
            Self.newline(&text, depth: depth, pretty: pretty)
            text += "]"
        case .object(let members):
            guard !members.isEmpty else { text += "{}"; return }
            text += "{"
            for (index, (key, value)) in members.enumerated() {
                if index > 0 { text += "," }
                Self.newline(&text, depth: depth + 1, pretty: pretty)
                Self.appendQuoted(key, to: &text)
                text += pretty ? ": " : ":"
                value.write(into: &text, depth: depth + 1, pretty: pretty)
            }
            Self.newline(&text, depth: depth, pretty: pretty)
            text += "}"
        }
    }

    static func newline(_ text: inout String, depth: Int, pretty: Bool) {
        guard pretty else { return }
        text += "\n"
        text += String(repeating: "  ", count: depth)
    }

    /// Escapes what JSON requires (quote, backslash, control characters) and leaves other characters as UTF-8.
    /// Most values (names, ids, times) need no escape at all: those are found by a scan of their UTF-8 and appended
    /// whole, because appending scalar by scalar was most of the time of `ls --format jsonl`.
    static func appendQuoted(_ value: String, to text: inout String) {
        text += "\""
        if needsNoEscape(value) {
            text += value
        } else {
            appendEscaped(value, to: &text)
        }
        text += "\""
    }

    private static func needsNoEscape(_ value: String) -> Bool {
        var value = value
        return value.withUTF8 { utf8 in
            guard let base = utf8.baseAddress else { return true }
            return JSONBytes.skipBytesWithoutEscape(base, from: 0, to: utf8.count) == utf8.count
        }
    }

    private static func appendEscaped(_ value: String, to text: inout String) {
        for scalar in value.unicodeScalars {
            switch scalar {
            case "\"": text += "\\\""
            case "\\": text += "\\\\"
            case "\n": text += "\\n"
            case "\r": text += "\\r"
            case "\t": text += "\\t"
            case "\u{08}": text += "\\b"
            case "\u{0C}": text += "\\f"
            case let control where control.value < 0x20:
                let hex = String(control.value, radix: 16)
                text += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default:
                text.unicodeScalars.append(scalar)
            }
        }
    }
}
