import Foundation

/// The origin members that export records repeat over long runs of lines (one endpoint and hour folder after
/// another): the last raw value of each and what it decoded to, so a repeat costs a byte comparison instead of a
/// String allocation and a date parse.
struct ExportOriginCache: Sendable {
    var endpoint = RepeatedValue<String?>()
    var folderHour = RepeatedValue<Date?>()
    var lastModified = RepeatedValue<String?>()
}

/// One remembered raw JSON value and its decoded form.
struct RepeatedValue<Value: Sendable>: Sendable {
    private var raw: [UInt8] = []
    private var decoded: Value?

    /// The decoded value of `bytes[range]` (nil range: the member is absent), from the last call when the raw
    /// bytes are the same. Only successful decodings are remembered.
    mutating func value<Failure: Error>(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>?,
                                        decode: (Range<Int>?) throws(Failure) -> Value) throws(Failure) -> Value {
        guard let range else { return try decode(nil) }
        let current = UnsafeBufferPointer(rebasing: bytes[range])
        if let decoded, raw.count == current.count,
           raw.withUnsafeBufferPointer({ JSONStringDecoding.memcmpEqual($0.baseAddress!, current.baseAddress!, current.count) }) {
            return decoded
        }
        let value = try decode(range)
        raw.removeAll(keepingCapacity: true)
        raw.append(contentsOf: current)
        decoded = value
        return value
    }
}
