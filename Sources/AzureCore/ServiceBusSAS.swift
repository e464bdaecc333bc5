import Foundation

/// Service Bus / Event Hubs SAS tokens: `SharedAccessSignature sr=<enc uri>&sig=<enc sig>&se=<unix>&skn=<name>`,
/// signed over `urlencode(uri) + "\n" + se` with the key's UTF-8 bytes as they are (not base64-decoded).
public enum ServiceBusSAS {
    public static func token(resourceURI: String, keyName: String, key: String, expiry: Int) -> String {
        let encoded = PercentEncoding.encode(resourceURI)
        let signature = HMACSigning.sha256Base64(key: Array(key.utf8), message: "\(encoded)\n\(expiry)")
        return "SharedAccessSignature sr=\(encoded)&sig=\(PercentEncoding.encode(signature))&se=\(expiry)&skn=\(PercentEncoding.encode(keyName))"
    }

    public struct Parsed: Sendable, Equatable {
        /// `sr` exactly as sent (still encoded): it is what was signed.
        public var encodedResource: String
        public var resource: String
        public var signature: String
        public var expiry: Int
        public var keyName: String
    }

    public static func parse(_ header: String) -> Parsed? {
        let prefix = "SharedAccessSignature "
        guard header.hasPrefix(prefix) else { return nil }
        var raw: [String: String] = [:]
        for piece in header.dropFirst(prefix.count).split(separator: "&") {
            guard let eq = piece.firstIndex(of: "=") else { continue }
            raw[String(piece[..<eq])] = String(piece[piece.index(after: eq)...])
        }
        guard let sr = raw["sr"], let sig = raw["sig"], let se = raw["se"].flatMap({ Int($0) }), let skn = raw["skn"] else { return nil }
        return Parsed(encodedResource: sr, resource: PercentEncoding.decode(sr), signature: PercentEncoding.decode(sig), expiry: se,
                      keyName: PercentEncoding.decode(skn))
    }

    public static func isValid(_ parsed: Parsed, key: String) -> Bool {
        let expected = HMACSigning.sha256Base64(key: Array(key.utf8), message: "\(parsed.encodedResource)\n\(parsed.expiry)")
        return HMACSigning.constantTimeEquals(expected, parsed.signature)
    }
}
