import DeadLetterKit
import FuzzSupport

/// Fuzzes `JSONStreamDecoder`, the framing + strict validation under every blob and export read.
///
/// Input: `[chunk plan][settings][JSON…]`. The settings byte picks the mode (document or JSON Lines) and the limits
/// (tiny depth and value-size limits exercise the skip-and-resynchronise paths). The payload is decoded whole and,
/// when the plan byte is not 0, again in the chunks it picks. Invariants:
/// - no crash, no hang, no memory error;
/// - chunking changes nothing: the same items in the same order and the same final error (except which limit is
///   named when a value breaks both the depth and the size limit, see `LimitBlind`);
/// - every value's range lies inside the input and its bytes are exactly `input[range]`; values come in order,
///   without overlap, numbered 0, 1, 2…; each value re-validates on its own; its member spans lie inside it and
///   their values re-validate too;
/// - every error (thrown, or carried by a skipped value) points at an offset inside the input, a skipped value's
///   inside its own range; a failed decoder keeps failing with the same error.
@_cdecl("LLVMFuzzerTestOneInput")
public func jsonStreamFuzzerTestOneInput(_ data: UnsafePointer<UInt8>?, _ count: Int) -> CInt {
    let input = FuzzInput(data, count, controlCount: 2)
    let settings = DecoderSettings(control: input.controls[1])
    let whole = StreamDecoding(input.payload, settings: settings, plan: ChunkPlan(control: 0))
    whole.checkInvariants(input: input.payload, settings: settings)
    let plan = ChunkPlan(control: input.controls[0])
    if !plan.isWhole {
        let chunked = StreamDecoding(input.payload, settings: settings, plan: plan)
        chunked.checkInvariants(input: input.payload, settings: settings)
        fuzzCheck(chunked.items.map(LimitBlind.init) == whole.items.map(LimitBlind.init),
                  "chunked decoding changed the items:\n whole:   \(whole.items)\n chunked: \(chunked.items)")
        fuzzCheck(chunked.error.map(LimitBlind.init) == whole.error.map(LimitBlind.init),
                  "chunked decoding changed the error: whole \(String(describing: whole.error)), chunked \(String(describing: chunked.error))")
    }
    return 0
}

/// Mode and limits, from one control byte: bit 0 mode, bits 1–2 depth limit, bits 3–4 value-size limit, bit 5
/// duplicate keys.
struct DecoderSettings {
    let mode: JSONStreamMode
    let options: JSONDecodingOptions

    init(control: UInt8) {
        mode = control & 1 == 0 ? .document : .jsonLines
        let depth = [JSONDecodingOptions.defaultMaxDepth, 1, 3, 8][Int(control >> 1 & 3)]
        let size = [JSONDecodingOptions.defaultMaxValueSize, 8, 40, 300][Int(control >> 3 & 3)]
        options = JSONDecodingOptions(maxDepth: depth, maxValueSize: size, allowDuplicateKeys: control & 0x20 != 0)
    }
}

/// One decoding of a payload fed in the chunks of a plan: everything handed over, and the error that ended it.
struct StreamDecoding {
    var items: [JSONStreamItem] = []
    var error: JSONDecodingError?

    init(_ payload: [UInt8], settings: DecoderSettings, plan: ChunkPlan) {
        var decoder = JSONStreamDecoder(mode: settings.mode, options: settings.options)
        var collected: [JSONStreamItem] = []
        do {
            for range in plan.ranges(count: payload.count) {
                try payload[range].withUnsafeBytes { chunk in try decoder.feed(chunk) { collected.append($0) } }
            }
            try decoder.finish { collected.append($0) }
            fuzzCheck(decoder.bytesConsumed == payload.count, "bytesConsumed \(decoder.bytesConsumed) != \(payload.count)")
            // A finished decoder refuses more input instead of silently starting over.
            do {
                try decoder.feed([UInt8(ascii: "1")]) { _ in fuzzFail("a finished decoder handed over a value") }
                fuzzFail("a finished decoder accepted more input")
            } catch let after as JSONDecodingError {
                fuzzCheck(after == .trailingContent(offset: payload.count), "after finish: \(after)")
            }
        } catch let failure as JSONDecodingError {
            error = failure
            // It stays failed: the same error again, whatever comes next.
            do {
                try decoder.feed([UInt8(ascii: " ")]) { _ in fuzzFail("a failed decoder handed over a value") }
                fuzzFail("a failed decoder accepted more input")
            } catch let again as JSONDecodingError {
                fuzzCheck(again == failure, "a failed decoder changed its error: \(failure) then \(again)")
            } catch {
                fuzzFail("a failed decoder threw a foreign error: \(error)")
            }
        } catch {
            fuzzFail("the decoder threw something other than JSONDecodingError: \(error)")
        }
        items = collected
    }

    func checkInvariants(input: [UInt8], settings: DecoderSettings) {
        var nextIndex = 0
        var previousEnd = 0
        for item in items {
            switch item {
            case .value(let value):
                checkValue(value, input: input, settings: settings)
                fuzzCheck(value.index == nextIndex, "value index \(value.index), expected \(nextIndex)")
                fuzzCheck(value.range.lowerBound >= previousEnd, "value \(value.range) overlaps the previous one ending at \(previousEnd)")
                previousEnd = value.range.upperBound
            case .invalidValue(let index, let range, let error):
                fuzzCheck(settings.mode == .jsonLines || isArray(input), "a skipped value outside an array or JSON Lines input")
                fuzzCheck(index == nextIndex, "skipped value index \(index), expected \(nextIndex)")
                fuzzCheck(range.lowerBound >= previousEnd && range.upperBound <= input.count,
                          "skipped value range \(range) outside the input (\(input.count) bytes) or overlapping")
                fuzzCheck(range.contains(error.offset) || error.offset == range.upperBound,
                          "skipped value \(range) carries an error at \(error.offset): \(error)")
                previousEnd = range.upperBound
            }
            nextIndex += 1
        }
        if let error {
            fuzzCheck(error.offset >= 0 && error.offset <= input.count, "error offset \(error.offset) outside the \(input.count)-byte input: \(error)")
            fuzzCheck(error.offset >= previousEnd || error == .emptyInput, "error at \(error.offset) inside an already handed-over value ending at \(previousEnd)")
            _ = error.description
        }
    }

    private func checkValue(_ value: JSONStreamValue, input: [UInt8], settings: DecoderSettings) {
        let range = value.range
        fuzzCheck(range.lowerBound >= 0 && range.upperBound <= input.count && !range.isEmpty,
                  "value range \(range) outside the \(input.count)-byte input")
        fuzzCheck(input[range].elementsEqual(value.bytes), "value bytes differ from input[\(range)]")
        fuzzCheck(value.bytes.count <= settings.options.maxValueSize, "a \(value.bytes.count)-byte value passed the \(settings.options.maxValueSize)-byte limit")
        let raw = JSONRawValue(validatedBytes: value.bytes)
        fuzzCheck(raw.kind == value.kind, "kind \(value.kind) but the first byte says \(String(describing: raw.kind))")
        fuzzCheck(raw.range == 0..<value.bytes.count, "value has surrounding whitespace")
        revalidate(value.bytes, what: "value \(range)", allowDuplicateKeys: settings.options.allowDuplicateKeys)
        fuzzCheck(value.kind == .object || value.members.isEmpty, "a \(value.kind) with members")
        var previous = 0
        for member in value.members {
            fuzzCheck(member.keyRange.lowerBound >= previous + 1 && member.keyRange.upperBound < member.valueRange.lowerBound
                      && member.valueRange.upperBound < value.bytes.count,
                      "member spans \(member) out of order or outside the \(value.bytes.count)-byte value")
            fuzzCheck(value.bytes[member.keyRange.lowerBound - 1] == UInt8(ascii: "\"") && value.bytes[member.keyRange.upperBound] == UInt8(ascii: "\""),
                      "member key range \(member.keyRange) is not between quotes")
            revalidate(Array(value.bytes[member.valueRange]), what: "member value \(member.valueRange)", allowDuplicateKeys: true)
            previous = member.valueRange.upperBound
        }
        // Path access reads only bytes it was given.
        _ = raw[member: "data"]?[index: 0]
        _ = raw[path: "data.$dtId"]?.string
    }

    /// A value the stream accepted is valid JSON on its own (depth counted from itself, so never deeper).
    private func revalidate(_ bytes: [UInt8], what: String, allowDuplicateKeys: Bool) {
        do {
            _ = try JSONRawValue.parse(bytes, options: JSONDecodingOptions(maxDepth: 1 << 20, maxValueSize: Int.max,
                                                                           allowDuplicateKeys: allowDuplicateKeys))
        } catch {
            fuzzFail("\(what) was handed over but does not validate on its own: \(error)")
        }
    }

    private func isArray(_ input: [UInt8]) -> Bool {
        let first = input.drop { $0 == 0x20 || $0 == 0x09 || $0 == 0x0A || $0 == 0x0D || $0 == 0xEF || $0 == 0xBB || $0 == 0xBF }.first
        return first == UInt8(ascii: "[")
    }
}

/// An item or error compared the way chunking must preserve it. A value that is both too deep and too large is
/// reported with whichever limit the decoder notices first, and that depends on where chunks end: the size is checked
/// when a chunk ends inside the value, the depth at each bracket (Fixtures/bad/fuzz/json-stream/
/// too-deep-and-too-large-chunk-dependent-limit). Either report is true, so the two compare equal;
/// everything else (ranges, indices, other errors) must match exactly.
enum LimitBlind: Equatable {
    case item(JSONStreamItem)
    case skipped(index: Int, range: Range<Int>)
    case error(JSONDecodingError)
    case limitExceeded

    init(_ item: JSONStreamItem) {
        if case .invalidValue(let index, let range, let error) = item, Self.isLimit(error) {
            self = .skipped(index: index, range: range)
        } else {
            self = .item(item)
        }
    }

    init(_ error: JSONDecodingError) {
        if Self.isLimit(error) {
            self = .limitExceeded
        } else if case .truncated(let offset, let context) = error, context.contains(" limit") {
            // "input ended … inside array element 0 (<the limit it broke>)": the same applies to the part in brackets.
            self = .error(.truncated(offset: offset, context: "a value over a limit"))
        } else {
            self = .error(error)
        }
    }

    static func isLimit(_ error: JSONDecodingError) -> Bool {
        switch error {
        case .valueTooLarge, .nestingTooDeep: return true
        default: return false
        }
    }
}
