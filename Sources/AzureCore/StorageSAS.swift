import Foundation

/// A Storage shared access signature, as the query string it travels in. The raw text is kept exactly as given
/// (a user's token is never re-ordered or re-encoded); fields are parsed for checks and error messages.
public struct StorageSASToken: Sendable, Equatable {
    /// The token without a leading `?`, exactly as supplied.
    public let rawQuery: String
    public let fields: [String: String]

    public init(_ text: String) {
        var raw = text.trimmingCharacters(in: .whitespaces)
        if raw.hasPrefix("?") { raw.removeFirst() }
        rawQuery = raw
        var fields: [String: String] = [:]
        for (name, value) in PercentEncoding.decodeQuery(raw) { fields[name] = value }
        self.fields = fields
    }

    public var signedVersion: String? { fields["sv"] }
    public var permissions: String { fields["sp"] ?? "" }
    public var expiry: String? { fields["se"] }
    public var start: String? { fields["st"] }
    /// Account SAS only.
    public var services: String? { fields["ss"] }
    /// Account SAS only: `s`, `c`, `o`.
    public var resourceTypes: String? { fields["srt"] }
    /// Service SAS only: `c`, `b`, …
    public var signedResource: String? { fields["sr"] }
    public var isAccountSAS: Bool { fields["ss"] != nil || fields["srt"] != nil }
    public var looksLikeSAS: Bool { fields["sig"] != nil && fields["sv"] != nil }

    /// The token with its signature replaced, safe for messages and logs.
    public var redacted: String { Redactor.redact(rawQuery) }
}

/// String-to-sign and signing for service SAS (container or blob) and account SAS, signed versions 2020-12-06+.
public enum StorageSASSigner {
    public struct ServiceValues: Sendable {
        public var permissions: String
        public var start: String = ""
        public var expiry: String
        /// `c` container, `b` blob.
        public var resource: String
        public var container: String
        public var blob: String? = nil
        public var identifier: String = ""
        public var ip: String = ""
        public var protocols: String = ""
        public var version: String = "2021-12-02"
        public var snapshotTime: String = ""
        public var encryptionScope: String = ""
        public var cacheControl: String = ""
        public var contentDisposition: String = ""
        public var contentEncoding: String = ""
        public var contentLanguage: String = ""
        public var contentType: String = ""

        public init(permissions: String, expiry: String, resource: String, container: String, blob: String? = nil) {
            self.permissions = permissions
            self.expiry = expiry
            self.resource = resource
            self.container = container
            self.blob = blob
        }

        public func stringToSign(accountName: String) -> String {
            var canonical = "/blob/\(accountName)/\(container)"
            if let blob, !blob.isEmpty { canonical += "/\(blob)" }
            return [permissions, start, expiry, canonical, identifier, ip, protocols, version, resource, snapshotTime,
                    encryptionScope, cacheControl, contentDisposition, contentEncoding, contentLanguage, contentType]
                .joined(separator: "\n")
        }
    }

    public struct AccountValues: Sendable {
        public var permissions: String
        public var services: String
        public var resourceTypes: String
        public var start: String = ""
        public var expiry: String
        public var ip: String = ""
        public var protocols: String = ""
        public var version: String = "2021-12-02"
        public var encryptionScope: String = ""

        public init(permissions: String, services: String, resourceTypes: String, expiry: String) {
            self.permissions = permissions
            self.services = services
            self.resourceTypes = resourceTypes
            self.expiry = expiry
        }

        public func stringToSign(accountName: String) -> String {
            [accountName, permissions, services, resourceTypes, start, expiry, ip, protocols, version, encryptionScope, ""]
                .joined(separator: "\n")  // the empty last element gives the trailing newline
        }
    }

    public static func sign(_ stringToSign: String, accountKey: [UInt8]) -> String {
        HMACSigning.sha256Base64(key: accountKey, message: stringToSign)
    }

    /// A ready-to-use service SAS query string (parameter order as the Python SDK writes it).
    public static func serviceToken(_ values: ServiceValues, accountName: String, accountKey: [UInt8]) -> String {
        let sig = sign(values.stringToSign(accountName: accountName), accountKey: accountKey)
        var parts: [(String, String)] = []
        if !values.start.isEmpty { parts.append(("st", values.start)) }
        parts += [("se", values.expiry), ("sp", values.permissions), ("sv", values.version), ("sr", values.resource)]
        if !values.protocols.isEmpty { parts.append(("spr", values.protocols)) }
        if !values.ip.isEmpty { parts.append(("sip", values.ip)) }
        parts.append(("sig", sig))
        return parts.map { "\($0.0)=\(PercentEncoding.encode($0.1))" }.joined(separator: "&")
    }

    public static func accountToken(_ values: AccountValues, accountName: String, accountKey: [UInt8]) -> String {
        let sig = sign(values.stringToSign(accountName: accountName), accountKey: accountKey)
        var parts: [(String, String)] = []
        if !values.start.isEmpty { parts.append(("st", values.start)) }
        parts += [("se", values.expiry), ("sp", values.permissions), ("sv", values.version), ("ss", values.services),
                  ("srt", values.resourceTypes)]
        if !values.protocols.isEmpty { parts.append(("spr", values.protocols)) }
        if !values.ip.isEmpty { parts.append(("sip", values.ip)) }
        parts.append(("sig", sig))
        return parts.map { "\($0.0)=\(PercentEncoding.encode($0.1))" }.joined(separator: "&")
    }
}
