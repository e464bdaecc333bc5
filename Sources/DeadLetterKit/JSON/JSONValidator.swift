/// Strict RFC 8259 validation of one complete value held in contiguous memory.
///
/// The stream decoder frames values first (cheaply, across chunk boundaries) and then hands each complete value
/// here, so this loop never has to suspend mid-token. It is iterative (an explicit container stack), so a deep
/// document cannot overflow the thread's stack, and it records the root object's members on the way so the
/// event layer can read attributes without a second scan.
struct JSONValidator {
    let maxDepth: Int
    let checkDuplicateKeys: Bool
    private var keys = JSONKeyTracker()
    /// Members of the root object of the last value validated (empty when the root is not an object).
    private(set) var members: [JSONMemberSpan] = []

    private enum Step { case value, key, afterValue }

    init(options: JSONDecodingOptions) {
        maxDepth = options.maxDepth
        checkDuplicateKeys = !options.allowDuplicateKeys
        members.reserveCapacity(16)
    }

    /// Validates `buffer` as exactly one JSON value, whitespace around it allowed, and returns its kind.
    /// `baseDepth` counts the levels already open around this value (1 for an element of a top-level array).
    /// Error offsets are relative to `buffer`.
    mutating func validate(_ buffer: UnsafeBufferPointer<UInt8>, baseDepth: Int) throws(JSONDecodingError) -> JSONValueKind {
        members.removeAll(keepingCapacity: true)
        keys.reset()
        guard let base = buffer.baseAddress, !buffer.isEmpty else { throw .emptyInput }
        // The container stack lives on the thread's stack (heap only for a huge configured depth).
        return try withUnsafeTemporaryAllocation(of: Bool.self, capacity: maxDepth + 1) { (stack) throws(JSONDecodingError) -> JSONValueKind in
            try validate(base, count: buffer.count, baseDepth: baseDepth, stack: stack)
        }
    }

    private mutating func validate(_ base: UnsafePointer<UInt8>, count: Int, baseDepth: Int,
                                   stack: UnsafeMutableBufferPointer<Bool>) throws(JSONDecodingError) -> JSONValueKind {
        /// One entry per open container: true for an object, false for an array.
        var containers = JSONContainerStack(storage: stack)
        let end = count
        var i = JSONBytes.skipWhitespace(base, from: 0, to: end)
        guard i < end else { throw .emptyInput }
        guard let rootKind = JSONValueKind.of(firstByte: base[i]) else {
            throw .unexpectedByte(base[i], offset: i, expected: "a JSON value")
        }
        var step = Step.value
        var keyStart = 0, keyEnd = 0, keyEscaped = false, valueStart = 0

        while true {
            switch step {
            case .value:
                guard i < end else { throw .truncated(offset: i, context: containers.context) }
                if containers.count == 1 && containers.bottomIsObject { valueStart = i }
                let byte = base[i]
                switch byte {
                case JSONBytes.openBrace, JSONBytes.openBracket:
                    if baseDepth + containers.count + 1 > maxDepth { throw .nestingTooDeep(offset: i, limit: maxDepth) }
                    let isObject = byte == JSONBytes.openBrace
                    containers.push(isObject)
                    if isObject && checkDuplicateKeys { keys.openObject() }
                    i = JSONBytes.skipWhitespace(base, from: i + 1, to: end)
                    guard i < end else { throw .truncated(offset: i, context: containers.context) }
                    if base[i] == (isObject ? JSONBytes.closeBrace : JSONBytes.closeBracket) {
                        if containers.pop() && checkDuplicateKeys { keys.closeObject() }
                        i += 1
                        step = .afterValue
                    } else {
                        step = isObject ? .key : .value
                    }
                case JSONBytes.quote:
                    i = try Self.scanString(base, from: i + 1, to: end).end
                    step = .afterValue
                case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
                    i = try Self.scanNumber(base, from: i, to: end)
                    step = .afterValue
                case UInt8(ascii: "t"):
                    i = try Self.scanLiteral(base, from: i, to: end, "true")
                    step = .afterValue
                case UInt8(ascii: "f"):
                    i = try Self.scanLiteral(base, from: i, to: end, "false")
                    step = .afterValue
                case UInt8(ascii: "n"):
                    i = try Self.scanLiteral(base, from: i, to: end, "null")
                    step = .afterValue
                default:
                    throw .unexpectedByte(byte, offset: i, expected: "a JSON value")
                }

            case .key:
                guard i < end else { throw .truncated(offset: i, context: containers.context) }
                guard base[i] == JSONBytes.quote else {
                    throw .unexpectedByte(base[i], offset: i, expected: "a member name in double quotes")
                }
                let (after, escaped) = try Self.scanString(base, from: i + 1, to: end)
                if checkDuplicateKeys { try keys.insert(base, start: i + 1, end: after - 1, escaped: escaped) }
                if containers.count == 1 {
                    keyStart = i + 1
                    keyEnd = after - 1
                    keyEscaped = escaped
                }
                i = JSONBytes.skipWhitespace(base, from: after, to: end)
                guard i < end else { throw .truncated(offset: i, context: containers.context) }
                guard base[i] == JSONBytes.colon else {
                    throw .unexpectedByte(base[i], offset: i, expected: "':' after a member name")
                }
                i = JSONBytes.skipWhitespace(base, from: i + 1, to: end)
                step = .value

            case .afterValue:
                if containers.count == 1 && containers.bottomIsObject {
                    members.append(JSONMemberSpan(keyRange: keyStart..<keyEnd, keyHasEscapes: keyEscaped,
                                                  valueRange: valueStart..<i))
                }
                i = JSONBytes.skipWhitespace(base, from: i, to: end)
                guard let inObject = containers.top else {
                    guard i == end else { throw .trailingContent(offset: i) }
                    return rootKind
                }
                guard i < end else { throw .truncated(offset: i, context: containers.context) }
                let byte = base[i]
                if byte == JSONBytes.comma {
                    i = JSONBytes.skipWhitespace(base, from: i + 1, to: end)
                    step = inObject ? .key : .value
                } else if byte == (inObject ? JSONBytes.closeBrace : JSONBytes.closeBracket) {
                    if containers.pop() && checkDuplicateKeys { keys.closeObject() }
                    i += 1
                } else {
                    throw .unexpectedByte(byte, offset: i, expected: inObject ? "',' or '}'" : "',' or ']'")
                }
            }
        }
    }
}

/// The validator's stack of open containers, in memory it does not own (a temporary allocation).
struct JSONContainerStack {
    let storage: UnsafeMutableBufferPointer<Bool>
    private(set) var count = 0

    init(storage: UnsafeMutableBufferPointer<Bool>) { self.storage = storage }

    /// Whether the innermost open container is an object; nil when none is open.
    var top: Bool? { count > 0 ? storage[count - 1] : nil }
    var bottomIsObject: Bool { storage[0] }

    /// The caller checks the depth limit first, which keeps `count` within `storage`.
    @inline(__always) mutating func push(_ isObject: Bool) { storage[count] = isObject; count += 1 }
    @inline(__always) mutating func pop() -> Bool { count -= 1; return storage[count] }

    var context: String {
        guard let top else { return "a value" }
        return top ? "an object (\(count) levels open)" : "an array (\(count) levels open)"
    }
}
