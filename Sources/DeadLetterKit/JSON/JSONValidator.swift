/// Strict RFC 8259 validation of one complete value held in contiguous memory.
///
/// The stream decoder frames values first (cheaply, across chunk boundaries) and then hands each complete value
/// here, so this loop never has to suspend mid-token. It is iterative (an explicit container stack), so a deep
/// document cannot overflow the thread's stack. On the way it records the members of the root object and of the
/// objects one level below it (an export record's `event`, a namespace wrapper's `event` and
/// `deadletterProperties`), so the event layer can read attributes without scanning the value again.
///
/// The loop is written for compact, string-heavy JSON (dead letters): strings are scanned 16 bytes at a time,
/// a member costs one pass over its name, a hash for the duplicate check and a few comparisons, and nothing is
/// allocated once the scratch memory has grown to fit the values seen.
struct JSONValidator {
    let maxDepth: Int
    let checkDuplicateKeys: Bool
    private var scratch = JSONValidatorScratch()

    init(options: JSONDecodingOptions) {
        maxDepth = options.maxDepth
        checkDuplicateKeys = !options.allowDuplicateKeys
    }

    /// Members of the root object of the last value validated (empty when the root is not an object), positions
    /// relative to the validated buffer. Valid until the next `validate`.
    var members: UnsafeBufferPointer<JSONMemberSpan> { scratch.members.elements }
    /// Members of the root's object-valued members, contiguous per object (see `nestedObjects`).
    var nestedMembers: UnsafeBufferPointer<JSONMemberSpan> { scratch.nestedMembers.elements }
    /// One entry per root member whose value is an object, in member order.
    var nestedObjects: UnsafeBufferPointer<JSONNestedObject> { scratch.nestedObjects.elements }

    /// Validates `buffer` as exactly one JSON value, whitespace around it allowed, and returns its kind.
    /// `baseDepth` counts the levels already open around this value (1 for an element of a top-level array).
    /// Error offsets are relative to `buffer`; positions quoted in messages add `textBase` (where the buffer starts
    /// in the whole input), so that they are right once the caller shifts the offsets.
    mutating func validate(_ buffer: UnsafeBufferPointer<UInt8>, baseDepth: Int,
                           textBase: Int = 0) throws(JSONDecodingError) -> JSONValueKind {
        if !isKnownUniquelyReferenced(&scratch) { scratch = JSONValidatorScratch() }
        let scratch = self.scratch
        var containers = JSONOpenContainers(levels: scratch.levels, hashes: scratch.hashes)
        var recorder = JSONMemberRecorder(members: scratch.members, nestedMembers: scratch.nestedMembers,
                                          nestedObjects: scratch.nestedObjects)
        // The buffers may have moved while growing: hand them back whatever happens.
        defer {
            scratch.levels = containers.levels
            scratch.hashes = containers.hashes
            scratch.members = recorder.members
            scratch.nestedMembers = recorder.nestedMembers
            scratch.nestedObjects = recorder.nestedObjects
        }
        guard let base = buffer.baseAddress, !buffer.isEmpty else { throw .emptyInput }
        return try Self.validate(base, end: buffer.count, baseDepth: baseDepth, maxDepth: maxDepth,
                                 checkKeys: checkDuplicateKeys, textBase: textBase, &containers, &recorder)
    }

    private static func validate(_ base: UnsafePointer<UInt8>, end: Int, baseDepth: Int, maxDepth: Int, checkKeys: Bool,
                                 textBase: Int, _ containers: inout JSONOpenContainers,
                                 _ recorder: inout JSONMemberRecorder) throws(JSONDecodingError) -> JSONValueKind {
        var i = JSONBytes.skipWhitespace(base, from: 0, to: end)
        guard i < end else { throw .emptyInput }
        guard let rootKind = JSONValueKind.of(firstByte: base[i]) else {
            throw .unexpectedByte(base[i], offset: i, expected: "a JSON value")
        }
        // After `{` or `,` in an object a member name comes first; the name is scanned at the top of the loop so
        // that this code exists once and inline.
        var expectKey = false
        valueLoop: while true {
            if expectKey {
                expectKey = false
                guard i < end else { throw .truncated(offset: i, context: containers.context) }
                guard base[i] == JSONBytes.quote else {
                    throw .unexpectedByte(base[i], offset: i, expected: "a member name in double quotes")
                }
                let (after, escaped) = try scanString(base, from: i &+ 1, to: end, textBase: textBase)
                if checkKeys { try containers.insertName(base, start: i &+ 1, end: after &- 1, escaped: escaped, limit: end) }
                recorder.key(start: i &+ 1, end: after &- 1, escaped: escaped, level: containers.count)
                i = after
                if i < end && base[i] == JSONBytes.colon {
                    i &+= 1
                } else {
                    i = JSONBytes.skipWhitespace(base, from: i, to: end)
                    guard i < end else { throw .truncated(offset: i, context: containers.context) }
                    guard base[i] == JSONBytes.colon else {
                        throw .unexpectedByte(base[i], offset: i, expected: "':' after a member name")
                    }
                    i &+= 1
                }
                if i < end && base[i] <= JSONBytes.space { i = JSONBytes.skipWhitespace(base, from: i, to: end) }
            }
            // A value starts at `i`.
            guard i < end else { throw .truncated(offset: i, context: containers.context) }
            recorder.valueStarts(at: i, level: containers.count)
            let byte = base[i]
            switch byte {
            case JSONBytes.quote:
                i = try scanString(base, from: i &+ 1, to: end, textBase: textBase).end
            case JSONBytes.openBrace, JSONBytes.openBracket:
                let level = containers.count
                if baseDepth &+ level &+ 1 > maxDepth { throw .nestingTooDeep(offset: i, limit: maxDepth) }
                let isObject = byte == JSONBytes.openBrace
                containers.push(isObject: isObject, at: i)
                recorder.opened(isObject: isObject, level: level)
                i = JSONBytes.skipWhitespace(base, from: i &+ 1, to: end)
                guard i < end else { throw .truncated(offset: i, context: containers.context) }
                if base[i] == (isObject ? JSONBytes.closeBrace : JSONBytes.closeBracket) {
                    recorder.closing(level: containers.count)
                    containers.pop()
                    i &+= 1
                } else {
                    expectKey = isObject
                    continue valueLoop
                }
            case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
                i = try scanNumber(base, from: i, to: end, textBase: textBase)
            case UInt8(ascii: "t"):
                i = try scanLiteral(base, from: i, to: end, "true", textBase: textBase)
            case UInt8(ascii: "f"):
                i = try scanLiteral(base, from: i, to: end, "false", textBase: textBase)
            case UInt8(ascii: "n"):
                i = try scanLiteral(base, from: i, to: end, "null", textBase: textBase)
            default:
                throw .unexpectedByte(byte, offset: i, expected: "a JSON value")
            }
            // After a value: a separator, or the end of one or more containers.
            while true {
                let level = containers.count
                recorder.valueEnds(at: i, level: level)
                if i < end && base[i] <= JSONBytes.space { i = JSONBytes.skipWhitespace(base, from: i, to: end) }
                if level == 0 {
                    guard i == end else { throw .trailingContent(offset: i) }
                    return rootKind
                }
                guard i < end else { throw .truncated(offset: i, context: containers.context) }
                let inObject = containers.topIsObject
                let separator = base[i]
                if separator == JSONBytes.comma {
                    i &+= 1
                    if i < end && base[i] <= JSONBytes.space { i = JSONBytes.skipWhitespace(base, from: i, to: end) }
                    expectKey = inObject
                    continue valueLoop
                }
                guard separator == (inObject ? JSONBytes.closeBrace : JSONBytes.closeBracket) else {
                    throw .unexpectedByte(separator, offset: i, expected: inObject ? "',' or '}'" : "',' or ']'")
                }
                recorder.closing(level: level)
                containers.pop()
                i &+= 1
            }
        }
    }
}

/// A level-2 object the validator recorded: the root member it is the value of, and its members' positions in
/// `JSONValidator.nestedMembers`.
struct JSONNestedObject: Sendable, Hashable {
    var member: Int
    var members: Range<Int>
}
