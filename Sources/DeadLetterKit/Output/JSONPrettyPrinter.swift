/// Re-lays out raw JSON bytes without decoding them: key order, number text (`1.0e+2` stays `1.0e+2`) and string
/// escapes (`\u00e9` stays `\u00e9`) are copied byte for byte; only whitespace outside strings changes.
///
/// `.indented` gives the two-space layout `show` prints (with ANSI colours on a terminal); `.compact` drops all
/// whitespace outside strings, which turns a stored event into one JSONL line. The structure is checked as it is
/// walked (brackets, commas, colons, literals) so a damaged event is reported at its byte offset instead of being
/// printed half-formatted. Memory is the output plus one byte per nesting level.
public struct JSONPrettyPrinter: Sendable {
    public enum Layout: Sendable, Equatable {
        case indented(spaces: Int)
        case compact
    }

    public var layout: Layout
    /// ANSI colours for keys, strings, numbers and literals, for a terminal.
    public var colored: Bool

    public init(layout: Layout = .indented(spaces: 2), colored: Bool = false) {
        self.layout = layout
        self.colored = colored
    }

    /// Appends the re-laid-out document to `output` (no trailing newline). On error `output` is left as it was.
    public func format(_ json: UnsafeRawBufferPointer, into output: inout [UInt8]) throws {
        let originalCount = output.count
        var walker = JSONLayoutWalker(input: json, layout: layout, colored: colored, output: output)
        output = []  // so that the walker owns the only reference and appends in place
        do {
            try walker.run()
            output = walker.output
        } catch {
            output = walker.output
            output.removeSubrange(originalCount...)
            throw error
        }
    }

    public func format<Bytes: Collection<UInt8>>(_ json: Bytes) throws -> [UInt8] {
        var output: [UInt8] = []
        output.reserveCapacity(json.count * 2)
        let done: Void? = try json.withContiguousStorageIfAvailable { try format(UnsafeRawBufferPointer($0), into: &output) }
        if done == nil {
            try Array(json).withUnsafeBytes { try format($0, into: &output) }
        }
        return output
    }

    public func format(_ text: String) throws -> String {
        String(decoding: try format(Array(text.utf8)), as: UTF8.self)
    }
}

/// The single pass behind `JSONPrettyPrinter`: a state machine over the bytes that knows what may come next.
struct JSONLayoutWalker {
    private enum Expect {
        case topValue, firstElementOrClose, element, firstKeyOrClose, key, colon, memberValue, commaOrClose, end

        var description: String {
            switch self {
            case .topValue, .element, .memberValue: return "a value"
            case .firstElementOrClose: return "a value or ']'"
            case .firstKeyOrClose: return "a string key or '}'"
            case .key: return "a string key"
            case .colon: return "':'"
            case .commaOrClose: return "',' or a closing bracket"
            case .end: return "the end of the document"
            }
        }
    }

    private enum Colour {
        case key, string, number, literal

        var escape: [UInt8] {
            switch self {
            case .key: return Array("\u{1B}[1;34m".utf8)
            case .string: return Array("\u{1B}[32m".utf8)
            case .number: return Array("\u{1B}[36m".utf8)
            case .literal: return Array("\u{1B}[35m".utf8)
            }
        }
        static let reset = Array("\u{1B}[0m".utf8)
    }

    let input: UnsafeRawBufferPointer
    let indentWidth: Int?
    let colored: Bool
    var output: [UInt8]
    /// One entry per open container: true for an object, false for an array.
    private var stack: [Bool] = []
    private var expect = Expect.topValue
    private var index = 0

    init(input: UnsafeRawBufferPointer, layout: JSONPrettyPrinter.Layout, colored: Bool, output: [UInt8]) {
        self.input = input
        if case .indented(let spaces) = layout { indentWidth = max(0, spaces) } else { indentWidth = nil }
        self.colored = colored
        self.output = output
    }

    mutating func run() throws {
        while index < input.count {
            let byte = input[index]
            if byte == 0x20 || byte == 0x0A || byte == 0x0D || byte == 0x09 {
                index += 1
                continue
            }
            try step(byte)
        }
        guard expect == .end else {
            throw JSONPrettyPrintError.unexpectedEnd(offset: input.count, expected: expect.description)
        }
    }

    private mutating func step(_ byte: UInt8) throws {
        switch expect {
        case .end:
            throw JSONPrettyPrintError.unexpectedByte(offset: index, found: byte, expected: expect.description)
        case .colon:
            guard byte == UInt8(ascii: ":") else { throw unexpected(byte) }
            output.append(byte)
            if indentWidth != nil { output.append(0x20) }
            index += 1
            expect = .memberValue
        case .commaOrClose:
            let inObject = stack[stack.count - 1]
            if byte == UInt8(ascii: ",") {
                output.append(byte)
                index += 1
                expect = inObject ? .key : .element
            } else if byte == (inObject ? UInt8(ascii: "}") : UInt8(ascii: "]")) {
                close(byte, empty: false)
            } else {
                throw JSONPrettyPrintError.unexpectedByte(offset: index, found: byte, expected: inObject ? "',' or '}'" : "',' or ']'")
            }
        case .firstKeyOrClose, .key:
            if expect == .firstKeyOrClose && byte == UInt8(ascii: "}") {
                close(byte, empty: true)
                return
            }
            guard byte == UInt8(ascii: "\"") else { throw unexpected(byte) }
            newline(depth: stack.count)
            try copyString(as: .key)
            expect = .colon
        case .firstElementOrClose, .element, .topValue, .memberValue:
            if expect == .firstElementOrClose && byte == UInt8(ascii: "]") {
                close(byte, empty: true)
                return
            }
            if expect == .firstElementOrClose || expect == .element { newline(depth: stack.count) }
            try value(byte)
        }
    }

    private mutating func value(_ byte: UInt8) throws {
        switch byte {
        case UInt8(ascii: "{"), UInt8(ascii: "["):
            output.append(byte)
            index += 1
            let isObject = byte == UInt8(ascii: "{")
            stack.append(isObject)
            expect = isObject ? .firstKeyOrClose : .firstElementOrClose
            return
        case UInt8(ascii: "\""):
            try copyString(as: .string)
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            copyRun(as: .number) { Self.isNumberByte($0) }
        case UInt8(ascii: "t"), UInt8(ascii: "f"), UInt8(ascii: "n"):
            let start = index
            var end = index
            while end < input.count, (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(input[end]) { end += 1 }
            let word = String(decoding: UnsafeRawBufferPointer(rebasing: input[start..<end]), as: UTF8.self)
            guard word == "true" || word == "false" || word == "null" else {
                throw JSONPrettyPrintError.invalidLiteral(offset: start, text: word)
            }
            copyRun(as: .literal) { (UInt8(ascii: "a")...UInt8(ascii: "z")).contains($0) }
        default:
            throw unexpected(byte)
        }
        expect = stack.isEmpty ? .end : .commaOrClose
    }

    private mutating func close(_ byte: UInt8, empty: Bool) {
        stack.removeLast()
        if !empty { newline(depth: stack.count) }
        output.append(byte)
        index += 1
        expect = stack.isEmpty ? .end : .commaOrClose
    }

    /// Copies a string verbatim, escapes included, from its opening quote to its closing quote.
    private mutating func copyString(as colour: Colour) throws {
        let start = index
        var end = index + 1
        while end < input.count {
            let byte = input[end]
            if byte == UInt8(ascii: "\\") {
                end += 2
                continue
            }
            if byte == UInt8(ascii: "\"") { break }
            end += 1
        }
        guard end < input.count else { throw JSONPrettyPrintError.unterminatedString(offset: start) }
        emit(start...end, colour)
        index = end + 1
    }

    private mutating func copyRun(as colour: Colour, while belongs: (UInt8) -> Bool) {
        let start = index
        var end = index
        while end < input.count, belongs(input[end]) { end += 1 }
        emit(start...(end - 1), colour)
        index = end
    }

    private mutating func emit(_ range: ClosedRange<Int>, _ colour: Colour) {
        if colored { output += colour.escape }
        output += UnsafeRawBufferPointer(rebasing: input[range])
        if colored { output += Colour.reset }
    }

    private mutating func newline(depth: Int) {
        guard let indentWidth else { return }
        output.append(0x0A)
        output.append(contentsOf: repeatElement(0x20, count: depth * indentWidth))
    }

    private func unexpected(_ byte: UInt8) -> JSONPrettyPrintError {
        .unexpectedByte(offset: index, found: byte, expected: expect.description)
    }

    /// Number text is copied as written; the characters a JSON number can contain end it.
    private static func isNumberByte(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "+"), UInt8(ascii: "."),
             UInt8(ascii: "e"), UInt8(ascii: "E"):
            return true
        default:
            return false
        }
    }
}
