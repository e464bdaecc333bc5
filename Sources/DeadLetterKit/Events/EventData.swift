import Foundation

/// An event's payload: the raw JSON of `data`, or the `data_base64` string of a binary CloudEvent.
/// Path access reads only what it needs (`data[path: "$metadata.$model"]`).
public struct EventData: Sendable, Equatable {
    public enum Encoding: String, Sendable, Hashable {
        /// `data` holds JSON (any JSON value).
        case json
        /// `data_base64` holds base64 text of binary data.
        case base64
    }

    public let encoding: Encoding
    /// The JSON value of `data`, or the JSON string of `data_base64`.
    public let value: JSONRawValue

    /// The payload's exact bytes as in the event.
    public var bytes: ArraySlice<UInt8> { value.bytes }

    /// A member of the payload by path, relative to `data` (`"$dtId"`, `"patch.0.path"`).
    public subscript(path path: String) -> JSONRawValue? { encoding == .json ? value[path: path] : nil }
    public subscript(path path: JSONPath) -> JSONRawValue? { encoding == .json ? value[path: path] : nil }

    /// The binary payload of `data_base64`; nil for JSON data or text that is not base64.
    public var decodedBase64: [UInt8]? {
        guard encoding == .base64, let text = value.string, let data = Data(base64Encoded: text) else { return nil }
        return [UInt8](data)
    }
}
