/// A read-only view of one JSON value inside bytes that were already validated (a decoded event, its `data`).
///
/// Nothing is decoded until asked: `event.raw[path: "data.$dtId"]?.string` skips over every other member and
/// decodes only that string. The view shares the underlying buffer (no copy).
public struct JSONRawValue: Sendable, Equatable, CustomStringConvertible {
    /// The buffer the value lives in (often a whole event).
    public let storage: [UInt8]
    /// The value's bytes within `storage`, without surrounding whitespace.
    public let range: Range<Int>

    /// A view of `storage[range]`, which must hold one validated JSON value.
    public init(storage: [UInt8], range: Range<Int>) {
        self.storage = storage
        self.range = range.clamped(to: 0..<storage.count)
    }

    /// A view of a whole validated value (surrounding whitespace is ignored).
    public init(validatedBytes bytes: [UInt8]) {
        var start = 0
        var end = bytes.count
        while start < end && JSONBytes.isWhitespace(bytes[start]) { start += 1 }
        while end > start && JSONBytes.isWhitespace(bytes[end - 1]) { end -= 1 }
        self.init(storage: bytes, range: start..<end)
    }

    /// Validates `bytes` as one JSON value (strict RFC 8259) and returns a view of it.
    public static func parse(_ bytes: [UInt8], options: JSONDecodingOptions = JSONDecodingOptions()) throws(JSONDecodingError) -> JSONRawValue {
        var validator = JSONValidator(options: options)
        _ = try bytes.withUnsafeBufferPointer { (buffer) throws(JSONDecodingError) -> JSONValueKind in
            try validator.validate(buffer, baseDepth: 0)
        }
        return JSONRawValue(validatedBytes: bytes)
    }

    /// The value's exact bytes.
    public var bytes: ArraySlice<UInt8> { storage[range] }

    public var kind: JSONValueKind? {
        range.isEmpty ? nil : JSONValueKind.of(firstByte: storage[range.lowerBound])
    }

    /// The decoded text when the value is a string.
    public var string: String? {
        guard kind == .string, range.count >= 2 else { return nil }
        return storage.withUnsafeBufferPointer { JSONStringDecoding.string($0, (range.lowerBound + 1)..<(range.upperBound - 1)) }
    }

    /// The number exactly as written (`1.50`, `-0`, `1e3`) when the value is a number.
    public var numberText: String? {
        guard kind == .number else { return nil }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// The number as an `Int` when it is written as an integer that fits.
    public var int: Int? {
        guard kind == .number else { return nil }
        return storage.withUnsafeBufferPointer { JSONBytes.integer(UnsafeBufferPointer(rebasing: $0[range])) }
    }

    public var double: Double? { numberText.flatMap(Double.init) }

    public var bool: Bool? {
        guard kind == .bool else { return nil }
        return storage[range.lowerBound] == UInt8(ascii: "t")
    }

    public var isNull: Bool { kind == .null }

    /// The value's JSON text (its exact bytes as a String).
    public var description: String { String(decoding: bytes, as: UTF8.self) }

    public static func == (lhs: JSONRawValue, rhs: JSONRawValue) -> Bool { lhs.bytes.elementsEqual(rhs.bytes) }

    /// Whether the value is a string whose decoded text is `text`, without allocating in the common case.
    public func stringEquals(_ text: String) -> Bool {
        guard kind == .string, range.count >= 2 else { return false }
        var text = text
        return text.withUTF8 { expected in
            storage.withUnsafeBufferPointer { buffer in
                let content = (range.lowerBound + 1)..<(range.upperBound - 1)
                let hasEscapes = JSONBytes.find(JSONBytes.backslash, in: buffer.baseAddress!, from: content.lowerBound,
                                                to: content.upperBound) != content.upperBound
                return JSONStringDecoding.contentEquals(buffer, content, hasEscapes: hasEscapes, expected)
            }
        }
    }
}
