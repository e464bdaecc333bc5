/// CSV records as RFC 4180 defines them: fields containing a comma, a double quote, CR or LF are enclosed in double
/// quotes with inner quotes doubled; records end in CRLF unless another line ending is chosen.
public struct CSVWriter: Sendable {
    public var lineEnding: String

    public init(lineEnding: String = "\r\n") {
        self.lineEnding = lineEnding
    }

    /// One record, line ending included.
    public func record(_ fields: [String]) -> String {
        fields.map(Self.field).joined(separator: ",") + lineEnding
    }

    /// A single field, quoted only when it must be.
    public static func field(_ value: String) -> String {
        let needsQuotes = value.utf8.contains { $0 == UInt8(ascii: ",") || $0 == UInt8(ascii: "\"") || $0 == 0x0D || $0 == 0x0A }
        guard needsQuotes else { return value }
        var quoted = "\""
        for character in value {
            if character == "\"" { quoted += "\"\"" } else { quoted.append(character) }
        }
        return quoted + "\""
    }
}
