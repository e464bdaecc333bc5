/// Builds JSON text into a byte buffer: objects, arrays, escaped strings (RFC 8259 §7), numbers kept as text,
/// and already-valid JSON spliced in verbatim. Commas are placed automatically.
///
/// ```swift
/// var w = JSONWriter()
/// w.beginObject(); w.key("blob"); w.string(name); w.key("event"); w.raw(eventBytes); w.endObject()
/// ```
public struct JSONWriter: Sendable {
    public private(set) var bytes: [UInt8]
    /// One entry per open container: whether it already holds a value.
    private var hasValue: [Bool] = []
    private var afterKey = false

    public init(capacity: Int = 256) {
        bytes = []
        bytes.reserveCapacity(capacity)
    }

    /// Empties the buffer but keeps its capacity (one writer can serve a whole export).
    public mutating func reset() {
        bytes.removeAll(keepingCapacity: true)
        hasValue.removeAll(keepingCapacity: true)
        afterKey = false
    }

    public mutating func beginObject() { separate(); bytes.append(JSONBytes.openBrace); hasValue.append(false) }
    public mutating func endObject() { _ = hasValue.popLast(); bytes.append(JSONBytes.closeBrace) }
    public mutating func beginArray() { separate(); bytes.append(JSONBytes.openBracket); hasValue.append(false) }
    public mutating func endArray() { _ = hasValue.popLast(); bytes.append(JSONBytes.closeBracket) }

    /// A member name; the next value written is its value.
    public mutating func key(_ name: String) {
        separate()
        Self.appendQuoted(name, to: &bytes)
        bytes.append(JSONBytes.colon)
        afterKey = true
    }

    public mutating func string(_ value: String) {
        separate()
        Self.appendQuoted(value, to: &bytes)
    }

    /// A string, or `null` when nil.
    public mutating func string(orNull value: String?) {
        if let value { string(value) } else { null() }
    }

    public mutating func number(_ value: Int) {
        separate()
        bytes.append(contentsOf: String(value).utf8)
    }

    /// A number given as its JSON text (kept exactly, e.g. from an event); the caller vouches for its syntax.
    public mutating func number(text: String) {
        separate()
        bytes.append(contentsOf: text.utf8)
    }

    public mutating func bool(_ value: Bool) {
        separate()
        bytes.append(contentsOf: (value ? "true" : "false").utf8)
    }

    public mutating func null() {
        separate()
        bytes.append(contentsOf: "null".utf8)
    }

    /// Splices in bytes that already are one valid JSON value (e.g. an event's `data`), unchanged.
    public mutating func raw<Bytes: Sequence>(_ json: Bytes) where Bytes.Element == UInt8 {
        separate()
        bytes.append(contentsOf: json)
    }

    /// Convenience: `"name":"value"` (skipped when `value` is nil and `omitNil`; else `null`).
    public mutating func member(_ name: String, _ value: String?, omitNil: Bool = false) {
        if value == nil && omitNil { return }
        key(name)
        string(orNull: value)
    }

    private mutating func separate() {
        if afterKey { afterKey = false; return }
        guard let last = hasValue.last else { return }
        if last { bytes.append(JSONBytes.comma) } else { hasValue[hasValue.count - 1] = true }
    }

    /// Appends `value` as a quoted, escaped JSON string.
    public static func appendQuoted(_ value: String, to out: inout [UInt8]) {
        var value = value
        value.withUTF8 { appendQuoted(utf8: $0, to: &out) }
    }

    /// Appends UTF-8 text as a quoted JSON string: `"` `\` and control characters escaped, everything else as is.
    public static func appendQuoted(utf8 text: UnsafeBufferPointer<UInt8>, to out: inout [UInt8]) {
        out.append(JSONBytes.quote)
        defer { out.append(JSONBytes.quote) }
        guard let base = text.baseAddress else { return }
        let end = text.count
        var i = 0
        var runStart = 0
        while i < end {
            i = JSONBytes.skipBytesWithoutEscape(base, from: i, to: end)
            guard i < end else { break }
            let byte = base[i]
            out.append(contentsOf: UnsafeBufferPointer(start: base + runStart, count: i - runStart))
            switch byte {
            case JSONBytes.quote: out.append(contentsOf: [JSONBytes.backslash, JSONBytes.quote])
            case JSONBytes.backslash: out.append(contentsOf: [JSONBytes.backslash, JSONBytes.backslash])
            case 0x08: out.append(contentsOf: [JSONBytes.backslash, UInt8(ascii: "b")])
            case 0x0C: out.append(contentsOf: [JSONBytes.backslash, UInt8(ascii: "f")])
            case 0x0A: out.append(contentsOf: [JSONBytes.backslash, UInt8(ascii: "n")])
            case 0x0D: out.append(contentsOf: [JSONBytes.backslash, UInt8(ascii: "r")])
            case 0x09: out.append(contentsOf: [JSONBytes.backslash, UInt8(ascii: "t")])
            default:
                out.append(contentsOf: [JSONBytes.backslash, UInt8(ascii: "u"), UInt8(ascii: "0"), UInt8(ascii: "0")])
                out.append(contentsOf: JSONDecodingError.hex(byte).utf8)
            }
            i += 1
            runStart = i
        }
        out.append(contentsOf: UnsafeBufferPointer(start: base + runStart, count: end - runStart))
    }
}
