/// Why a JSON document could not be re-indented. Offsets are 0-based byte offsets into the document.
public enum JSONPrettyPrintError: Error, CustomStringConvertible, Equatable, Sendable {
    case unexpectedByte(offset: Int, found: UInt8, expected: String)
    case unexpectedEnd(offset: Int, expected: String)
    case unterminatedString(offset: Int)
    case invalidLiteral(offset: Int, text: String)

    public var description: String {
        switch self {
        case .unexpectedByte(let offset, let found, let expected):
            return "invalid JSON at byte \(offset): found \(Self.show(found)), expected \(expected)"
        case .unexpectedEnd(let offset, let expected):
            return "invalid JSON: the document ends at byte \(offset) where \(expected) was expected"
        case .unterminatedString(let offset):
            return "invalid JSON: the string starting at byte \(offset) has no closing quote"
        case .invalidLiteral(let offset, let text):
            return "invalid JSON at byte \(offset): '\(text)' is not a number, true, false or null"
        }
    }

    private static func show(_ byte: UInt8) -> String {
        (0x21...0x7e).contains(byte) ? "'\(Character(Unicode.Scalar(byte)))'" : "byte 0x\(String(byte, radix: 16))"
    }
}
