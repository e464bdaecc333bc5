import Foundation

/// Percent-encoding as Azure's SDKs do it. `encode` keeps RFC 3986 unreserved characters only, like Python's
/// `urllib.parse.quote(s, safe="")`; `encodePath` also keeps `/` so blob names become URL paths.
public enum PercentEncoding {
    private static let unreserved: Set<UInt8> = Set(Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~".utf8))
    private static let hex = Array("0123456789ABCDEF".utf8)

    public static func encode(_ text: String, keeping extra: Set<UInt8> = []) -> String {
        var out = [UInt8]()
        out.reserveCapacity(text.utf8.count)
        for byte in text.utf8 {
            if unreserved.contains(byte) || extra.contains(byte) {
                out.append(byte)
            } else {
                out.append(UInt8(ascii: "%"))
                out.append(hex[Int(byte >> 4)])
                out.append(hex[Int(byte & 0x0F)])
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    public static func encodePath(_ text: String) -> String { encode(text, keeping: [UInt8(ascii: "/")]) }

    /// Decodes `%XX` sequences (and, for query strings, `+` as space). Malformed escapes are kept as they are.
    public static func decode(_ text: String, plusAsSpace: Bool = false) -> String {
        let bytes = Array(text.utf8)
        var out = [UInt8]()
        out.reserveCapacity(bytes.count)
        var i = 0
        while i < bytes.count {
            let b = bytes[i]
            if b == UInt8(ascii: "%"), i + 2 < bytes.count, let hi = hexValue(bytes[i + 1]), let lo = hexValue(bytes[i + 2]) {
                out.append(hi << 4 | lo)
                i += 3
            } else {
                out.append(plusAsSpace && b == UInt8(ascii: "+") ? UInt8(ascii: " ") : b)
                i += 1
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    private static func hexValue(_ b: UInt8) -> UInt8? {
        switch b {
        case 48...57: return b - 48
        case 65...70: return b - 55
        case 97...102: return b - 87
        default: return nil
        }
    }

    /// Splits a raw query string into (name, value) pairs, decoded, in order. Empty pieces are skipped.
    public static func decodeQuery(_ query: String) -> [(name: String, value: String)] {
        query.split(separator: "&", omittingEmptySubsequences: true).map { piece in
            if let eq = piece.firstIndex(of: "=") {
                return (decode(String(piece[..<eq]), plusAsSpace: true), decode(String(piece[piece.index(after: eq)...]), plusAsSpace: true))
            }
            return (decode(String(piece), plusAsSpace: true), "")
        }
    }
}
