/// A complete, validated value seen where it lies: in the chunk being fed, or in the decoder's carry-over buffer
/// when the value spanned chunks. `bytes` is valid only during the callback that receives the view.
///
/// The event layer reads what it needs from here and copies only the bytes it keeps (an export line's `event`,
/// not the whole line); the public `JSONStreamItem` API copies the whole value.
struct JSONValueView {
    /// The value's exact bytes (no surrounding whitespace).
    let bytes: UnsafeBufferPointer<UInt8>
    /// Absolute byte range in the input stream.
    let range: Range<Int>
    let index: Int
    let placement: JSONValuePlacement
    let kind: JSONValueKind
    /// The members of the root object (empty when the value is not an object), positions relative to `bytes`;
    /// like `bytes`, valid only during the callback (they live in the validator's scratch memory).
    let members: UnsafeBufferPointer<JSONMemberSpan>
    /// See `JSONValidator.nestedMembers` and `nestedObjects`.
    let nestedMembers: UnsafeBufferPointer<JSONMemberSpan>
    let nestedObjects: UnsafeBufferPointer<JSONNestedObject>

    init(bytes: UnsafeBufferPointer<UInt8>, range: Range<Int>, index: Int, placement: JSONValuePlacement,
         kind: JSONValueKind, validator: JSONValidator) {
        self.bytes = bytes
        self.range = range
        self.index = index
        self.placement = placement
        self.kind = kind
        members = validator.members
        nestedMembers = validator.nestedMembers
        nestedObjects = validator.nestedObjects
    }

    /// The members of the object that is the value of root member `member`, or nil when that value is no object.
    func membersOfObject(atMember member: Int) -> UnsafeBufferPointer<JSONMemberSpan>? {
        for object in nestedObjects where object.member == member { return UnsafeBufferPointer(rebasing: nestedMembers[object.members]) }
        return nil
    }

    /// The value with its own copy of the bytes.
    var owned: JSONStreamValue {
        JSONStreamValue(bytes: Array(bytes), range: range, index: index, placement: placement, kind: kind,
                        members: kind == .object ? Array(members) : [])
    }
}

/// What the framing loop hands over internally: a value in place, or a value that was framed but is invalid.
enum JSONFramedItem {
    case value(JSONValueView)
    case invalidValue(index: Int, range: Range<Int>, error: JSONDecodingError)

    var owned: JSONStreamItem {
        switch self {
        case .value(let view): return .value(view.owned)
        case .invalidValue(let index, let range, let error): return .invalidValue(index: index, range: range, error: error)
        }
    }
}
