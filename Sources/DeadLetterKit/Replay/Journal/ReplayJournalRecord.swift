/// What one journal record says. The payload's first byte is the kind; strings are UTF-8 with a LEB128 length.
enum ReplayJournalRecord: Sendable, Equatable {
    /// The first record: which source and target the journal belongs to, so it is never applied to another replay.
    case header(identity: String)
    /// One batch the destination acknowledged: the keys of its events.
    case acknowledged(keys: [ReplayEventKey])

    private static let headerKind: UInt8 = 1
    private static let acknowledgedKind: UInt8 = 2

    enum DecodingFailure: Error, Equatable {
        case unknownKind(UInt8)
        case truncated
    }

    func encoded() -> [UInt8] {
        var out: [UInt8] = []
        switch self {
        case .header(let identity):
            out.append(Self.headerKind)
            Self.appendString(identity, to: &out)
        case .acknowledged(let keys):
            out.reserveCapacity(8 + keys.reduce(0) { $0 + $1.text.utf8.count + 2 })
            out.append(Self.acknowledgedKind)
            Self.appendVarint(UInt64(keys.count), to: &out)
            for key in keys { Self.appendString(key.text, to: &out) }
        }
        return out
    }

    /// Decodes a payload, calling `key` for each acknowledged key instead of building an array (a rerun reads a
    /// million keys and keeps only their digests).
    static func decode(_ payload: ArraySlice<UInt8>, header: (String) -> Void, key: (ArraySlice<UInt8>) -> Void) throws(DecodingFailure) {
        var cursor = payload.startIndex
        guard cursor < payload.endIndex else { throw .truncated }
        let kind = payload[cursor]
        cursor += 1
        switch kind {
        case headerKind:
            header(String(decoding: try readString(payload, &cursor), as: UTF8.self))
        case acknowledgedKind:
            let count = try readVarint(payload, &cursor)
            for _ in 0..<count { key(try readString(payload, &cursor)) }
        default:
            throw .unknownKind(kind)
        }
    }

    static func appendVarint(_ value: UInt64, to out: inout [UInt8]) {
        var rest = value
        while rest >= 0x80 {
            out.append(UInt8(truncatingIfNeeded: rest) | 0x80)
            rest >>= 7
        }
        out.append(UInt8(rest))
    }

    static func appendString(_ text: String, to out: inout [UInt8]) {
        appendVarint(UInt64(text.utf8.count), to: &out)
        out.append(contentsOf: text.utf8)
    }

    static func readVarint(_ bytes: ArraySlice<UInt8>, _ cursor: inout Int) throws(DecodingFailure) -> UInt64 {
        var value: UInt64 = 0
        var shift: UInt64 = 0
        while true {
            guard cursor < bytes.endIndex, shift < 64 else { throw .truncated }
            let byte = bytes[cursor]
            cursor += 1
            value |= UInt64(byte & 0x7F) << shift
            if byte & 0x80 == 0 { return value }
            shift += 7
        }
    }

    static func readString(_ bytes: ArraySlice<UInt8>, _ cursor: inout Int) throws(DecodingFailure) -> ArraySlice<UInt8> {
        let length = try readVarint(bytes, &cursor)
        guard length <= UInt64(bytes.endIndex - cursor) else { throw .truncated }
        let end = cursor + Int(length)
        defer { cursor = end }
        return bytes[cursor..<end]
    }
}
