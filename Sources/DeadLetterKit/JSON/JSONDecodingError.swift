/// Why a byte stream is not the JSON the decoder expected. Every case names the absolute byte offset in the
/// input (counting a leading BOM), so a user can `dd`/`xxd` to the spot.
public enum JSONDecodingError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The input held no JSON value at all (nothing, or only whitespace / a BOM).
    case emptyInput
    /// The input ended inside a value; `context` says what was open (e.g. "string", "array element 3").
    case truncated(offset: Int, context: String)
    /// A byte that cannot appear here; `expected` says what would have been valid.
    case unexpectedByte(UInt8, offset: Int, expected: String)
    /// A byte sequence that is not well-formed UTF-8 (RFC 3629) inside a string.
    case invalidUTF8(offset: Int)
    /// A raw control character (U+0000–U+001F) inside a string; JSON requires these to be escaped.
    case controlCharacterInString(UInt8, offset: Int)
    /// A backslash escape that RFC 8259 does not define, or a `\u` not followed by four hex digits.
    case invalidEscape(offset: Int)
    /// A `\uD800`–`\uDFFF` escape that is not part of a high+low surrogate pair.
    case loneSurrogate(offset: Int)
    /// A number that does not follow the RFC 8259 grammar (`-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?`).
    case invalidNumber(offset: Int, reason: String)
    /// More nested arrays/objects than the configured limit.
    case nestingTooDeep(offset: Int, limit: Int)
    /// One value is bigger than the configured per-value limit; `offset` is where the value starts.
    case valueTooLarge(offset: Int, limit: Int)
    /// The same member name appears twice in one object (RFC 8259 leaves the meaning undefined).
    case duplicateKey(String, offset: Int)
    /// Non-whitespace after the document's single value (or after the closing `]` of a top-level array).
    case trailingContent(offset: Int)

    /// The absolute byte offset the error points at (0 for `emptyInput`).
    public var offset: Int {
        switch self {
        case .emptyInput: return 0
        case .truncated(let offset, _), .unexpectedByte(_, let offset, _), .invalidUTF8(let offset),
             .controlCharacterInString(_, let offset), .invalidEscape(let offset), .loneSurrogate(let offset),
             .invalidNumber(let offset, _), .nestingTooDeep(let offset, _), .valueTooLarge(let offset, _),
             .duplicateKey(_, let offset), .trailingContent(let offset):
            return offset
        }
    }

    /// The same error with its offset moved by `base` (the validator works on one value; the stream adds where it began).
    func shifted(by base: Int) -> JSONDecodingError {
        switch self {
        case .emptyInput: return self
        case .truncated(let o, let c): return .truncated(offset: o + base, context: c)
        case .unexpectedByte(let b, let o, let e): return .unexpectedByte(b, offset: o + base, expected: e)
        case .invalidUTF8(let o): return .invalidUTF8(offset: o + base)
        case .controlCharacterInString(let b, let o): return .controlCharacterInString(b, offset: o + base)
        case .invalidEscape(let o): return .invalidEscape(offset: o + base)
        case .loneSurrogate(let o): return .loneSurrogate(offset: o + base)
        case .invalidNumber(let o, let r): return .invalidNumber(offset: o + base, reason: r)
        case .nestingTooDeep(let o, let l): return .nestingTooDeep(offset: o + base, limit: l)
        case .valueTooLarge(let o, let l): return .valueTooLarge(offset: o + base, limit: l)
        case .duplicateKey(let k, let o): return .duplicateKey(k, offset: o + base)
        case .trailingContent(let o): return .trailingContent(offset: o + base)
        }
    }

    public var description: String {
        switch self {
        case .emptyInput:
            return "empty input: no JSON value found (the blob/file is empty or only whitespace)"
        case .truncated(let offset, let context):
            return "truncated JSON: input ended at byte \(offset) inside \(context); the blob may be incomplete or cut off"
        case .unexpectedByte(let byte, let offset, let expected):
            return "invalid JSON at byte \(offset): found \(JSONDecodingError.describe(byte)), expected \(expected)"
        case .invalidUTF8(let offset):
            return "invalid UTF-8 at byte \(offset): JSON text must be UTF-8 encoded"
        case .controlCharacterInString(let byte, let offset):
            return "invalid JSON at byte \(offset): raw control character 0x\(JSONDecodingError.hex(byte)) inside a string (must be escaped)"
        case .invalidEscape(let offset):
            return "invalid JSON at byte \(offset): unknown escape sequence in a string"
        case .loneSurrogate(let offset):
            return "invalid JSON at byte \(offset): \\u escape is a lone UTF-16 surrogate (not part of a surrogate pair)"
        case .invalidNumber(let offset, let reason):
            return "invalid JSON number at byte \(offset): \(reason)"
        case .nestingTooDeep(let offset, let limit):
            return "JSON nested deeper than \(limit) levels at byte \(offset); raise the depth limit if this is expected"
        case .valueTooLarge(let offset, let limit):
            return "JSON value starting at byte \(offset) is larger than the \(limit)-byte limit; raise the value size limit if this is expected"
        case .duplicateKey(let key, let offset):
            return "duplicate key \"\(key)\" at byte \(offset): an object names the same member twice (rejected by default; allow duplicate keys to accept it)"
        case .trailingContent(let offset):
            return "invalid JSON at byte \(offset): unexpected content after the end of the JSON document"
        }
    }

    static func hex(_ byte: UInt8) -> String {
        let digits = Array("0123456789ABCDEF")
        return String([digits[Int(byte >> 4)], digits[Int(byte & 0x0F)]])
    }

    static func describe(_ byte: UInt8) -> String {
        if byte >= 0x21 && byte < 0x7F { return "'\(Character(Unicode.Scalar(byte)))'" }
        return "byte 0x\(hex(byte))"
    }
}
