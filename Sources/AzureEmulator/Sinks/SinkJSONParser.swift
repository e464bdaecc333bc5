import Foundation

/// A strict RFC 8259 parser for request bodies the sinks receive. Written for the sinks rather than using
/// `JSONSerialization` because the Event Grid sink must record each array element's bytes exactly as received, so it
/// needs the byte range of every top-level element, and numbers must survive unchanged.
struct SinkJSONParser {
    struct Failure: Error, CustomStringConvertible, Equatable {
        var offset: Int
        var reason: String
        var description: String { "invalid JSON at byte \(offset): \(reason)" }
    }

    /// One element of a top-level array together with where its bytes lie in the body.
    struct Element {
        var range: Range<Int>
        var value: SinkJSONValue
    }

    /// Deep enough for any real event; stops a hostile body from exhausting the stack.
    static let maximumDepth = 256

    private let bytes: [UInt8]
    private var position = 0

    init(_ bytes: [UInt8]) {
        self.bytes = bytes
    }

    /// Parses a whole document.
    static func parse(_ bytes: [UInt8]) throws(Failure) -> SinkJSONValue {
        var parser = SinkJSONParser(bytes)
        parser.skipWhitespace()
        let value = try parser.parseValue(depth: 0)
        try parser.expectEnd()
        return value
    }

    /// Parses a document that must be an array and returns each element with its byte range.
    static func parseArrayElements(_ bytes: [UInt8]) throws(Failure) -> [Element] {
        var parser = SinkJSONParser(bytes)
        parser.skipWhitespace()
        guard parser.peek == UInt8(ascii: "[") else {
            throw Failure(offset: parser.position, reason: "expected a JSON array")
        }
        parser.position += 1
        var elements: [Element] = []
        parser.skipWhitespace()
        if parser.peek == UInt8(ascii: "]") {
            parser.position += 1
        } else {
            while true {
                parser.skipWhitespace()
                let start = parser.position
                let value = try parser.parseValue(depth: 1)
                elements.append(Element(range: start..<parser.position, value: value))
                parser.skipWhitespace()
                if try parser.consumeSeparator(closing: UInt8(ascii: "]")) { break }
            }
        }
        try parser.expectEnd()
        return elements
    }

    private var peek: UInt8? { position < bytes.count ? bytes[position] : nil }

    private mutating func skipWhitespace() {
        while let byte = peek, byte == 0x20 || byte == 0x0A || byte == 0x0D || byte == 0x09 { position += 1 }
    }

    private mutating func expectEnd() throws(Failure) {
        skipWhitespace()
        if position != bytes.count { throw Failure(offset: position, reason: "unexpected content after the JSON value") }
    }

    /// After a member or element: `,` continues (false), the closing bracket ends (true).
    private mutating func consumeSeparator(closing: UInt8) throws(Failure) -> Bool {
        switch peek {
        case UInt8(ascii: ","): position += 1; return false
        case closing: position += 1; return true
        case nil: throw Failure(offset: position, reason: "the body ends inside an array or object")
        default: throw Failure(offset: position, reason: "expected ',' or '\(Character(Unicode.Scalar(closing)))'")
        }
    }

    private mutating func parseValue(depth: Int) throws(Failure) -> SinkJSONValue {
        guard depth <= Self.maximumDepth else { throw Failure(offset: position, reason: "nested deeper than \(Self.maximumDepth) levels") }
        switch peek {
        case UInt8(ascii: "{"): return try parseObject(depth: depth)
        case UInt8(ascii: "["): return try parseArray(depth: depth)
        case UInt8(ascii: "\""): return .string(try parseString())
        case UInt8(ascii: "t"): try expectLiteral("true"); return .bool(true)
        case UInt8(ascii: "f"): try expectLiteral("false"); return .bool(false)
        case UInt8(ascii: "n"): try expectLiteral("null"); return .null
        case .some(let byte) where byte == UInt8(ascii: "-") || (byte >= 0x30 && byte <= 0x39): return .number(try parseNumber())
        case nil: throw Failure(offset: position, reason: "expected a value but the body ended")
        default: throw Failure(offset: position, reason: "unexpected character")
        }
    }

    private mutating func parseObject(depth: Int) throws(Failure) -> SinkJSONValue {
        position += 1
        var members: [SinkJSONValue.Member] = []
        skipWhitespace()
        if peek == UInt8(ascii: "}") { position += 1; return .object(members) }
        while true {
            skipWhitespace()
            guard peek == UInt8(ascii: "\"") else { throw Failure(offset: position, reason: "expected a member name in quotes") }
            let name = try parseString()
            skipWhitespace()
            guard peek == UInt8(ascii: ":") else { throw Failure(offset: position, reason: "expected ':' after member name \"\(name)\"") }
            position += 1
            skipWhitespace()
            members.append(.init(name: name, value: try parseValue(depth: depth + 1)))
            skipWhitespace()
            if try consumeSeparator(closing: UInt8(ascii: "}")) { return .object(members) }
        }
    }

    private mutating func parseArray(depth: Int) throws(Failure) -> SinkJSONValue {
        position += 1
        var items: [SinkJSONValue] = []
        skipWhitespace()
        if peek == UInt8(ascii: "]") { position += 1; return .array(items) }
        while true {
            skipWhitespace()
            items.append(try parseValue(depth: depth + 1))
            skipWhitespace()
            if try consumeSeparator(closing: UInt8(ascii: "]")) { return .array(items) }
        }
    }

    private mutating func expectLiteral(_ literal: String) throws(Failure) {
        let expected = Array(literal.utf8)
        guard position + expected.count <= bytes.count, bytes[position..<position + expected.count].elementsEqual(expected) else {
            throw Failure(offset: position, reason: "unexpected character")
        }
        position += expected.count
    }

    private mutating func parseNumber() throws(Failure) -> String {
        let start = position
        func digits(_ parser: inout SinkJSONParser) -> Int {
            var count = 0
            while let byte = parser.peek, byte >= 0x30 && byte <= 0x39 { parser.position += 1; count += 1 }
            return count
        }
        if peek == UInt8(ascii: "-") { position += 1 }
        if peek == UInt8(ascii: "0") {
            position += 1
        } else if digits(&self) == 0 {
            throw Failure(offset: position, reason: "a number needs digits")
        }
        if peek == UInt8(ascii: ".") {
            position += 1
            guard digits(&self) > 0 else { throw Failure(offset: position, reason: "a number needs digits after '.'") }
        }
        if peek == UInt8(ascii: "e") || peek == UInt8(ascii: "E") {
            position += 1
            if peek == UInt8(ascii: "+") || peek == UInt8(ascii: "-") { position += 1 }
            guard digits(&self) > 0 else { throw Failure(offset: position, reason: "a number needs digits in its exponent") }
        }
        return String(decoding: bytes[start..<position], as: UTF8.self)
    }

    private mutating func parseString() throws(Failure) -> String {
        let start = position
        position += 1
        var out: [UInt8] = []
        var runStart = position
        while true {
            guard let byte = peek else { throw Failure(offset: start, reason: "unterminated string") }
            if byte == UInt8(ascii: "\"") {
                out.append(contentsOf: bytes[runStart..<position])
                position += 1
                break
            }
            if byte < 0x20 { throw Failure(offset: position, reason: "control character inside a string (must be escaped)") }
            if byte == UInt8(ascii: "\\") {
                out.append(contentsOf: bytes[runStart..<position])
                try parseEscape(into: &out)
                runStart = position
                continue
            }
            position += 1
        }
        guard let text = String(bytes: out, encoding: .utf8) else { throw Failure(offset: start, reason: "string is not valid UTF-8") }
        return text
    }

    private mutating func parseEscape(into out: inout [UInt8]) throws(Failure) {
        let escapeStart = position
        position += 1
        guard let code = peek else { throw Failure(offset: escapeStart, reason: "unterminated escape") }
        position += 1
        switch code {
        case UInt8(ascii: "\""): out.append(0x22)
        case UInt8(ascii: "\\"): out.append(0x5C)
        case UInt8(ascii: "/"): out.append(0x2F)
        case UInt8(ascii: "b"): out.append(0x08)
        case UInt8(ascii: "f"): out.append(0x0C)
        case UInt8(ascii: "n"): out.append(0x0A)
        case UInt8(ascii: "r"): out.append(0x0D)
        case UInt8(ascii: "t"): out.append(0x09)
        case UInt8(ascii: "u"):
            var scalar = try parseHex4()
            if (0xD800...0xDBFF).contains(scalar) {
                guard peek == UInt8(ascii: "\\"), position + 1 < bytes.count, bytes[position + 1] == UInt8(ascii: "u") else {
                    throw Failure(offset: escapeStart, reason: "unpaired UTF-16 surrogate in \\u escape")
                }
                position += 2
                let low = try parseHex4()
                guard (0xDC00...0xDFFF).contains(low) else { throw Failure(offset: escapeStart, reason: "unpaired UTF-16 surrogate in \\u escape") }
                scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
            } else if (0xDC00...0xDFFF).contains(scalar) {
                throw Failure(offset: escapeStart, reason: "unpaired UTF-16 surrogate in \\u escape")
            }
            guard let unicode = Unicode.Scalar(scalar) else { throw Failure(offset: escapeStart, reason: "invalid \\u escape") }
            out.append(contentsOf: Array(String(Character(unicode)).utf8))
        default:
            throw Failure(offset: escapeStart, reason: "unknown escape sequence")
        }
    }

    private mutating func parseHex4() throws(Failure) -> UInt32 {
        guard position + 4 <= bytes.count else { throw Failure(offset: position, reason: "truncated \\u escape") }
        var value: UInt32 = 0
        for _ in 0..<4 {
            let byte = bytes[position]
            let digit: UInt32
            switch byte {
            case 0x30...0x39: digit = UInt32(byte - 0x30)
            case 0x41...0x46: digit = UInt32(byte - 0x37)
            case 0x61...0x66: digit = UInt32(byte - 0x57)
            default: throw Failure(offset: position, reason: "invalid hex digit in \\u escape")
            }
            value = value << 4 | digit
            position += 1
        }
        return value
    }
}
