import Foundation

/// `Key=Value;Key=Value` strings as Azure writes them: keys case-insensitive, values may contain `=`
/// (split on the first one only), empty pieces ignored.
public struct ConnectionStringFields: Sendable {
    private var values: [String: String] = [:]

    public init(_ text: String) {
        for piece in text.split(separator: ";", omittingEmptySubsequences: true) {
            let trimmed = piece.trimmingCharacters(in: .whitespaces)
            guard let eq = trimmed.firstIndex(of: "=") else { continue }
            values[trimmed[..<eq].lowercased()] = String(trimmed[trimmed.index(after: eq)...])
        }
    }

    public subscript(_ key: String) -> String? { values[key.lowercased()] }
    public var keys: [String] { Array(values.keys) }
}

public enum ConnectionStringError: Error, CustomStringConvertible, Equatable {
    case missing(field: String, kind: String)
    case invalid(field: String, reason: String)

    public var description: String {
        switch self {
        case .missing(let field, let kind): return "the \(kind) connection string has no \(field)"
        case .invalid(let field, let reason): return "the connection string's \(field) is invalid: \(reason)"
        }
    }
}

/// A Storage connection string, resolved to a blob endpoint and a credential.
public struct StorageConnectionString: Sendable {
    public enum Credential: Sendable {
        case sharedKey(accountName: String, accountKey: String)
        case sas(StorageSASToken)
        case anonymous
    }

    /// The well-known development storage account (Azurite and our emulator).
    public static let developmentAccountName = "devstoreaccount1"
    public static let developmentAccountKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw=="

    /// Blob service endpoint without a trailing slash, e.g. `https://acct.blob.core.windows.net` or
    /// `http://127.0.0.1:10000/devstoreaccount1` (path-style).
    public var blobEndpoint: String
    public var accountName: String?
    public var credential: Credential

    public init(_ text: String) throws {
        let fields = ConnectionStringFields(text)
        if fields["UseDevelopmentStorage"]?.lowercased() == "true" {
            var endpoint = "http://127.0.0.1:10000/\(Self.developmentAccountName)"
            if let proxy = fields["DevelopmentStorageProxyUri"] { endpoint = proxy.trimmingSlash + "/\(Self.developmentAccountName)" }
            blobEndpoint = endpoint
            accountName = Self.developmentAccountName
            credential = .sharedKey(accountName: Self.developmentAccountName, accountKey: Self.developmentAccountKey)
            return
        }
        accountName = fields["AccountName"]
        if let explicit = fields["BlobEndpoint"] {
            blobEndpoint = explicit.trimmingSlash
        } else if let account = accountName {
            let proto = fields["DefaultEndpointsProtocol"] ?? "https"
            let suffix = fields["EndpointSuffix"] ?? "core.windows.net"
            blobEndpoint = "\(proto)://\(account).blob.\(suffix)".trimmingSlash  // `EndpointSuffix=core.windows.net/`
        } else {
            throw ConnectionStringError.missing(field: "AccountName or BlobEndpoint", kind: "storage")
        }
        if let key = fields["AccountKey"] {
            guard let account = accountName else { throw ConnectionStringError.missing(field: "AccountName (needed with AccountKey)", kind: "storage") }
            guard HMACSigning.decodeBase64Key(key) != nil else { throw ConnectionStringError.invalid(field: "AccountKey", reason: "not base64") }
            credential = .sharedKey(accountName: account, accountKey: key)
        } else if let sas = fields["SharedAccessSignature"] {
            credential = .sas(StorageSASToken(sas))
        } else {
            credential = .anonymous
        }
    }
}

/// An Event Hubs / Service Bus connection string:
/// `Endpoint=sb://<ns>.servicebus.windows.net/;SharedAccessKeyName=…;SharedAccessKey=…[;EntityPath=…]`,
/// or `UseDevelopmentEmulator=true` (Microsoft's local emulators) which means plain HTTP to the given host and port.
public struct ServiceBusConnectionString: Sendable {
    /// `https://<ns>.servicebus.windows.net` (or `http://host:port` for the development emulator), no trailing slash.
    public var endpoint: String
    public var keyName: String?
    public var key: String?
    /// A ready token (`SharedAccessSignature=SharedAccessSignature sr=…`).
    public var sharedAccessSignature: String?
    public var entityPath: String?
    public var useDevelopmentEmulator: Bool

    public init(_ text: String) throws {
        let fields = ConnectionStringFields(text)
        guard let raw = fields["Endpoint"] else { throw ConnectionStringError.missing(field: "Endpoint", kind: "Service Bus / Event Hubs") }
        useDevelopmentEmulator = fields["UseDevelopmentEmulator"]?.lowercased() == "true"
        // A host never holds `=` or `&`; one that does is a pasted query (`…&sig=…`) that would be shown as the endpoint.
        guard let url = URLComponents(string: raw), let host = url.host, !host.isEmpty, !host.contains(where: { $0 == "=" || $0 == "&" }) else {
            throw ConnectionStringError.invalid(field: "Endpoint", reason: "expected sb://<namespace>.servicebus.windows.net/")
        }
        let scheme = useDevelopmentEmulator ? "http" : "https"
        let port = url.port.map { ":\($0)" } ?? ""
        endpoint = "\(scheme)://\(host)\(port)"
        keyName = fields["SharedAccessKeyName"]
        key = fields["SharedAccessKey"]
        sharedAccessSignature = fields["SharedAccessSignature"]
        entityPath = fields["EntityPath"]
        if sharedAccessSignature == nil && (keyName == nil || key == nil) {
            throw ConnectionStringError.missing(field: "SharedAccessKeyName and SharedAccessKey (or SharedAccessSignature)", kind: "Service Bus / Event Hubs")
        }
    }
}

extension String {
    var trimmingSlash: String {
        var s = self
        while s.hasSuffix("/") { s.removeLast() }
        return s
    }
}
