import Foundation
/// The framing Azure puts around every XML body: a UTF-8 byte order mark, then the declaration
/// (every recorded body in Fixtures/listings/ starts with EF BB BF).
enum XMLDocumentText {
    static let declaration = "<?xml version=\"1.0\" encoding=\"utf-8\"?>"
    static let byteOrderMark: [UInt8] = [0xEF, 0xBB, 0xBF]

    static func bytesWithBOM(_ text: String) -> [UInt8] {
        var bytes = byteOrderMark
        bytes.reserveCapacity(text.utf8.count + 3)
        bytes.append(contentsOf: text.utf8)
        return bytes
    }
}

/// Escaping for element text as Azure's serializer does it: only `&`, `<` and `>` become entities; quotes stay as
/// they are (Fixtures/listings/special-chars-utf8-name.xml has a raw `'"` in `<Name>`). A carriage return is written
/// as `&#xD;` so it survives XML line-end normalization on the client.
enum ListingXMLEscaping {
    static func text(_ value: String) -> String {
        guard value.utf8.contains(where: { $0 == 38 || $0 == 60 || $0 == 62 || $0 == 13 }) else { return value }
        var out = ""
        out.reserveCapacity(value.utf8.count + 16)
        for scalar in value.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\r": out += "&#xD;"
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    /// Attribute values additionally escape `"`.
    static func attribute(_ value: String) -> String {
        text(value).replacingOccurrences(of: "\"", with: "&quot;")
    }
}
