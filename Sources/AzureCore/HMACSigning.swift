import Crypto
import Foundation

/// HMAC-SHA256 as every Azure signature uses it; the services differ only in how the key is derived from its text
/// (Storage and Event Grid base64-decode it, Service Bus / Event Hubs use its UTF-8 bytes as they are).
public enum HMACSigning {
    public static func sha256Base64(key: [UInt8], message: String) -> String {
        let code = HMAC<SHA256>.authenticationCode(for: Array(message.utf8), using: SymmetricKey(data: key))
        return Data(code).base64EncodedString()
    }

    /// Decodes a base64 account or topic key; nil when the text is not base64.
    public static func decodeBase64Key(_ text: String) -> [UInt8]? {
        guard let data = Data(base64Encoded: text.trimmingCharacters(in: .whitespaces)) else { return nil }
        return Array(data)
    }

    /// Compares two signatures in constant time, so a verifier does not leak how many leading bytes matched.
    public static func constantTimeEquals(_ a: String, _ b: String) -> Bool {
        let x = Array(a.utf8), y = Array(b.utf8)
        guard x.count == y.count else { return false }
        var difference: UInt8 = 0
        for i in 0..<x.count { difference |= x[i] ^ y[i] }
        return difference == 0
    }
}
