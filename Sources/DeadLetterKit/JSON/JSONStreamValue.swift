/// The JSON type of a value, known from its first byte.
public enum JSONValueKind: String, Sendable, Hashable {
    case object, array, string, number, bool, null

    @inline(__always)
    static func of(firstByte byte: UInt8) -> JSONValueKind? {
        switch byte {
        case UInt8(ascii: "{"): return .object
        case UInt8(ascii: "["): return .array
        case UInt8(ascii: "\""): return .string
        case UInt8(ascii: "t"), UInt8(ascii: "f"): return .bool
        case UInt8(ascii: "n"): return .null
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return .number
        default: return nil
        }
    }
}

/// Where a yielded value sat in the input.
public enum JSONValuePlacement: Sendable, Hashable {
    /// The document's only top-level value (not an array).
    case document
    /// An element of the document's top-level array.
    case arrayElement
    /// One line of JSON Lines input.
    case line
}

/// One member of a top-level object, found while validating: where its name and value are in the value's bytes.
/// Lets the event layer read `id`, `type`, `time`… without scanning the event again.
public struct JSONMemberSpan: Sendable, Hashable {
    /// The name's bytes between the quotes (still escaped when `keyHasEscapes`).
    public var keyRange: Range<Int>
    public var keyHasEscapes: Bool
    /// The value's exact bytes (no surrounding whitespace).
    public var valueRange: Range<Int>

    public init(keyRange: Range<Int>, keyHasEscapes: Bool, valueRange: Range<Int>) {
        self.keyRange = keyRange
        self.keyHasEscapes = keyHasEscapes
        self.valueRange = valueRange
    }
}

/// A complete, validated top-level value with its exact bytes and where they were in the input.
public struct JSONStreamValue: Sendable, Hashable {
    /// The value's bytes exactly as in the input (no surrounding whitespace).
    public var bytes: [UInt8]
    /// Absolute byte range in the input stream (a leading BOM counts).
    public var range: Range<Int>
    /// Position among the values yielded from this input: the array index, the line's value number, or 0.
    public var index: Int
    public var placement: JSONValuePlacement
    public var kind: JSONValueKind
    /// The members of the value when it is an object (empty otherwise), in input order.
    public var members: [JSONMemberSpan]

    public init(bytes: [UInt8], range: Range<Int>, index: Int, placement: JSONValuePlacement,
                kind: JSONValueKind, members: [JSONMemberSpan]) {
        self.bytes = bytes
        self.range = range
        self.index = index
        self.placement = placement
        self.kind = kind
        self.members = members
    }

    /// A lazy view for path access (`value.raw[path: "data.$dtId"]`).
    public var raw: JSONRawValue { JSONRawValue(validatedBytes: bytes) }
}

/// What the stream decoder hands over: a value, or a value that was framed but is not valid JSON.
public enum JSONStreamItem: Sendable, Hashable {
    case value(JSONStreamValue)
    /// A value at `index` (array element or line) that was skipped; decoding continues after it.
    case invalidValue(index: Int, range: Range<Int>, error: JSONDecodingError)
}
