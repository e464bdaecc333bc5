/// A parsed JSON value as the sinks need it: object members keep their order (and duplicates), numbers keep their
/// exact text so nothing a client sent is reinterpreted when it is recorded or echoed back.
enum SinkJSONValue: Sendable, Equatable {
    struct Member: Sendable, Equatable {
        var name: String
        var value: SinkJSONValue
        init(name: String, value: SinkJSONValue) {
            self.name = name
            self.value = value
        }
    }

    case object([Member])
    case array([SinkJSONValue])
    case string(String)
    /// The number's text exactly as written (`40`, `1.5e3`).
    case number(String)
    case bool(Bool)
    case null

    /// The first member with that name, when this is an object.
    subscript(_ name: String) -> SinkJSONValue? {
        guard case .object(let members) = self else { return nil }
        return members.first { $0.name == name }?.value
    }

    var stringValue: String? {
        if case .string(let text) = self { return text }
        return nil
    }

    var members: [Member]? {
        if case .object(let members) = self { return members }
        return nil
    }

    /// A short name for the value's JSON type, for error messages.
    var typeName: String {
        switch self {
        case .object: return "an object"
        case .array: return "an array"
        case .string: return "a string"
        case .number: return "a number"
        case .bool: return "a boolean"
        case .null: return "null"
        }
    }

    /// True for strings, numbers, booleans and null: the only values broker and user properties may hold.
    var isScalar: Bool {
        switch self {
        case .object, .array: return false
        default: return true
        }
    }
}
