/// A path into a JSON value: `data.$dtId`, `data.patch.0.path`, `data.patch[*].path`, `data["odd.name"]`.
///
/// Segments are separated by `.`; a segment of digits selects an array element (or, on an object, the member
/// with that name); `*` selects every element or member; `[n]`, `[*]` and `["name"]` (a JSON string) are the
/// bracket forms for names containing `.` or `[`.
public struct JSONPath: Sendable, Hashable, CustomStringConvertible {
    public enum Component: Sendable, Hashable {
        case member(String)
        case index(Int)
        case wildcard
    }

    public var components: [Component]

    public init(components: [Component]) {
        self.components = components
    }

    public init(_ text: String) throws(JSONPathError) {
        components = try JSONPath.parse(Array(text.utf8), text: text)
    }

    public var description: String {
        var out = ""
        for component in components {
            switch component {
            case .member(let name):
                if name.isEmpty || name.contains(where: { $0 == "." || $0 == "[" || $0 == "]" || $0 == "\"" }) || name == "*"
                    || name.allSatisfy(\.isNumber) {
                    var writer = JSONWriter()
                    writer.string(name)
                    out += "[" + String(decoding: writer.bytes, as: UTF8.self) + "]"
                } else {
                    out += (out.isEmpty ? "" : ".") + name
                }
            case .index(let index): out += (out.isEmpty ? "" : ".") + String(index)
            case .wildcard: out += (out.isEmpty ? "" : ".") + "*"
            }
        }
        return out
    }

    private static func parse(_ bytes: [UInt8], text: String) throws(JSONPathError) -> [Component] {
        var components: [Component] = []
        var i = 0
        var expectSegment = true
        while i < bytes.count {
            let byte = bytes[i]
            if byte == UInt8(ascii: "[") {
                guard let close = bracketEnd(bytes, from: i + 1) else { throw .unclosedBracket(path: text, offset: i) }
                let inner = Array(bytes[(i + 1)..<close])
                components.append(try bracketComponent(inner, text: text, offset: i))
                i = close + 1
                expectSegment = false
            } else if byte == UInt8(ascii: ".") {
                guard !expectSegment else { throw .emptySegment(path: text, offset: i) }
                expectSegment = true
                i += 1
            } else {
                var j = i
                while j < bytes.count && bytes[j] != UInt8(ascii: ".") && bytes[j] != UInt8(ascii: "[") { j += 1 }
                let segment = String(decoding: bytes[i..<j], as: UTF8.self)
                if segment == "*" {
                    components.append(.wildcard)
                } else if let index = Int(segment), segment.utf8.allSatisfy(JSONBytes.isDigit) {
                    components.append(.index(index))
                } else {
                    components.append(.member(segment))
                }
                expectSegment = false
                i = j
            }
        }
        if expectSegment && !bytes.isEmpty { throw .emptySegment(path: text, offset: bytes.count) }
        return components
    }

    /// The index of the `]` closing a bracket opened before `start`, skipping a quoted name.
    private static func bracketEnd(_ bytes: [UInt8], from start: Int) -> Int? {
        var i = start
        var inString = false
        while i < bytes.count {
            let byte = bytes[i]
            if inString {
                if byte == JSONBytes.backslash { i += 2; continue }
                if byte == JSONBytes.quote { inString = false }
            } else if byte == JSONBytes.quote {
                inString = true
            } else if byte == UInt8(ascii: "]") {
                return i
            }
            i += 1
        }
        return nil
    }

    private static func bracketComponent(_ inner: [UInt8], text: String, offset: Int) throws(JSONPathError) -> Component {
        if inner == [UInt8(ascii: "*")] { return .wildcard }
        if !inner.isEmpty, inner.allSatisfy(JSONBytes.isDigit), let index = Int(String(decoding: inner, as: UTF8.self)) {
            return .index(index)
        }
        guard inner.count >= 2, inner.first == JSONBytes.quote, inner.last == JSONBytes.quote,
              let name = try? JSONRawValue.parse(inner).string else {
            throw .invalidBracket(path: text, offset: offset)
        }
        return .member(name)
    }
}

/// A path string that `JSONPath` cannot parse.
public enum JSONPathError: Error, Sendable, Hashable, CustomStringConvertible {
    case emptySegment(path: String, offset: Int)
    case unclosedBracket(path: String, offset: Int)
    case invalidBracket(path: String, offset: Int)

    public var description: String {
        switch self {
        case .emptySegment(let path, let offset):
            return "invalid JSON path \"\(path)\": empty segment at character \(offset) (write a.b.c, a.0.b or a[\"x.y\"])"
        case .unclosedBracket(let path, let offset):
            return "invalid JSON path \"\(path)\": '[' at character \(offset) is never closed"
        case .invalidBracket(let path, let offset):
            return "invalid JSON path \"\(path)\": bracket at character \(offset) must hold a number, * or a JSON string"
        }
    }
}
