import AzureCore
import Foundation

/// Where a container lives, parsed from the URL forms users have: `https://<account>.blob.core.windows.net/<container>`
/// (host-style, Azure), `http://127.0.0.1:10000/devstoreaccount1/<container>` (path-style: IP hosts, `localhost` and
/// dot-less hosts such as a compose service `azurite`), each optionally followed by `?<SAS>` as in ADT's
/// `--deadletter-sas-uri`.
public struct BlobContainerLocation: Sendable, Equatable, CustomStringConvertible {
    /// `https://acct.blob.core.windows.net` or `http://127.0.0.1:10000`: scheme, host and port, no path.
    public let origin: String
    /// The account, from the host (`acct.blob.…`) or the first path segment (path-style); nil for custom domains.
    public let accountName: String?
    public let containerName: String
    /// The container's path as sent, percent-encoded: `/dl` or `/devstoreaccount1/dl`.
    public let containerPath: String
    public let isPathStyle: Bool
    /// The SAS that came in the URL's query, if any.
    public let sas: StorageSASToken?

    /// Parses a container URL.
    public init(url text: String) throws {
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard let components = URLComponents(string: trimmed), let scheme = components.scheme?.lowercased(),
              scheme == "http" || scheme == "https", let host = components.host, !host.isEmpty else {
            throw CredentialError.invalidContainerURL(url: Redactor.redact(text), reason: "expected http(s)://<host>/<container>")
        }
        guard !Self.holdsSignature(components) else {
            throw CredentialError.invalidContainerURL(url: Redactor.redact(text), reason: "it holds a SAS signature (sig=) before any '?'; the SAS must follow a '?'")
        }
        guard Self.isHostName(host) else {
            throw CredentialError.invalidContainerURL(url: Redactor.redact(text), reason: "its host is not a host name or IP address")
        }
        let segments = components.percentEncodedPath.split(separator: "/", omittingEmptySubsequences: true).map(String.init)
        let pathStyle = Self.isPathStyleHost(host)
        let origin = Self.origin(scheme: scheme, host: host, port: components.port)
        var sas: StorageSASToken?
        if let query = components.percentEncodedQuery, !query.isEmpty {
            let token = StorageSASToken(query)
            guard token.looksLikeSAS else {
                throw CredentialError.invalidContainerURL(url: Redactor.redact(text), reason: "its query is not a SAS (no sv= and sig=)")
            }
            sas = token
        }
        if pathStyle {
            guard segments.count == 2 else {
                throw CredentialError.invalidContainerURL(url: Redactor.redact(text),
                                                          reason: "a path-style (emulator) URL needs exactly /<account>/<container>")
            }
            self.init(origin: origin, accountName: PercentEncoding.decode(segments[0]), containerSegment: segments[1],
                      accountSegment: segments[0], sas: sas)
        } else {
            guard segments.count == 1 else {
                throw CredentialError.invalidContainerURL(url: Redactor.redact(text),
                                                          reason: segments.isEmpty ? "it names no container" : "it names a blob or folder, not a container; pass the folder as a prefix instead")
            }
            self.init(origin: origin, accountName: Self.accountFromHost(host), containerSegment: segments[0], accountSegment: nil, sas: sas)
        }
    }

    /// A container under a blob service endpoint (a connection string's `BlobEndpoint`, or
    /// `https://<account>.blob.core.windows.net`). The endpoint may be path-style (`…/devstoreaccount1`).
    public init(endpoint: String, containerName: String, accountName: String? = nil) throws {
        var base = endpoint.trimmingCharacters(in: .whitespacesAndNewlines)
        while base.hasSuffix("/") { base.removeLast() }
        guard let components = URLComponents(string: base), let scheme = components.scheme?.lowercased(),
              let host = components.host, !host.isEmpty else {
            throw CredentialError.invalidContainerURL(url: Redactor.redact(endpoint), reason: "the blob endpoint is not an http(s) URL")
        }
        guard !Self.holdsSignature(components) else {
            throw CredentialError.invalidContainerURL(url: Redactor.redact(endpoint), reason: "the blob endpoint holds a SAS signature (sig=); give the SAS as SharedAccessSignature=…")
        }
        guard Self.isHostName(host) else {
            throw CredentialError.invalidContainerURL(url: Redactor.redact(endpoint), reason: "the blob endpoint's host is not a host name or IP address")
        }
        let segments = components.percentEncodedPath.split(separator: "/", omittingEmptySubsequences: true).map(String.init)
        let origin = Self.origin(scheme: scheme, host: host, port: components.port)
        let account = accountName ?? (segments.first.map { PercentEncoding.decode($0) } ?? Self.accountFromHost(host))
        let prefix = segments.isEmpty ? "" : "/" + segments.joined(separator: "/")
        self.origin = origin
        self.accountName = account
        self.containerName = containerName
        self.containerPath = prefix + "/" + PercentEncoding.encode(containerName, keeping: [UInt8(ascii: "$")])
        self.isPathStyle = !segments.isEmpty
        self.sas = nil
    }

    private init(origin: String, accountName: String?, containerSegment: String, accountSegment: String?, sas: StorageSASToken?) {
        self.origin = origin
        self.accountName = accountName
        self.containerName = PercentEncoding.decode(containerSegment)
        self.containerPath = (accountSegment.map { "/" + $0 } ?? "") + "/" + containerSegment
        self.isPathStyle = accountSegment != nil
        self.sas = sas
    }

    /// The service endpoint (origin plus the account segment for path-style URLs).
    public var endpoint: String {
        isPathStyle ? origin + String(containerPath[..<containerPath.lastIndex(of: "/")!]) : origin
    }

    /// The container URL without any SAS.
    public var url: String { origin + containerPath }

    public var description: String { url }

    /// A blob's path as sent: each segment percent-encoded, `/` kept.
    public func blobPath(_ name: String) -> String {
        containerPath + "/" + PercentEncoding.encodePath(name)
    }

    public func blobURL(_ name: String) -> String { origin + blobPath(name) }

    // MARK: - Host rules

    /// A SAS pasted with `&` instead of `?` ends up in the host or path, signature and all, and would be shown wherever
    /// the URL is. Host names and container names never hold `=`.
    static func holdsSignature(_ components: URLComponents) -> Bool {
        ((components.percentEncodedHost ?? "") + components.percentEncodedPath).lowercased().contains("sig=")
    }

    /// Letters, digits, `-`, `.` and `_` (compose service names), or an IPv6 literal. Anything else — a
    /// percent-encoded `?` that `URLComponents` decodes into the host, a pasted `&…;…` — comes from a mistyped URL
    /// and would put query-like text into every URL and message built on the origin (found by the `sas` fuzzer:
    /// Fixtures/bad/fuzz/sas/percent-encoded-question-mark-in-host).
    static func isHostName(_ host: String) -> Bool {
        if host.contains(":") {
            let literal = host.hasPrefix("[") && host.hasSuffix("]") ? host.dropFirst().dropLast() : Substring(host)
            return literal.unicodeScalars.allSatisfy { $0.properties.isASCIIHexDigit || $0 == ":" || $0 == "." }
        }
        return host.unicodeScalars.allSatisfy { scalar in
            scalar.isASCII && (scalar.properties.isAlphabetic || ("0"..."9").contains(scalar) || "-._".unicodeScalars.contains(scalar))
        }
    }

    /// Path-style when the host cannot carry an account label: IP literals, `localhost`, dot-less names (`azurite`).
    static func isPathStyleHost(_ host: String) -> Bool {
        if host == "localhost" || host.contains(":") || !host.contains(".") { return true }
        return host.split(separator: ".").allSatisfy { !$0.isEmpty && $0.allSatisfy(\.isNumber) }
    }

    /// `acct` from `acct.blob.core.windows.net` (any cloud suffix, or `acct.blob.localhost`); nil for custom domains.
    static func accountFromHost(_ host: String) -> String? {
        let labels = host.split(separator: ".")
        guard labels.count >= 3, labels[1].lowercased() == "blob" else { return nil }
        return String(labels[0])
    }

    private static func origin(scheme: String, host: String, port: Int?) -> String {
        let bracketed = host.contains(":") && !host.hasPrefix("[") ? "[\(host)]" : host
        return "\(scheme)://\(bracketed)" + (port.map { ":\($0)" } ?? "")
    }
}
