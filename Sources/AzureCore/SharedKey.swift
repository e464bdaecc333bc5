import Foundation

/// Azure Storage Shared Key authorization (`Authorization: SharedKey <account>:<signature>`), for Blob versions
/// 2015-02-21 and later. The client signs with it; the emulator recomputes the same string to verify.
public struct SharedKeyCredential: Sendable {
    public let accountName: String
    private let key: [UInt8]

    public enum Failure: Error, CustomStringConvertible, Equatable {
        case keyNotBase64(account: String)
        public var description: String {
            switch self {
            case .keyNotBase64(let account): return "the account key for '\(account)' is not valid base64 (keys are shown as base64 in the portal)"
            }
        }
    }

    public init(accountName: String, accountKey: String) throws {
        guard let key = HMACSigning.decodeBase64Key(accountKey) else { throw Failure.keyNotBase64(account: accountName) }
        self.accountName = accountName
        self.key = key
    }

    public func signature(for stringToSign: String) -> String {
        HMACSigning.sha256Base64(key: key, message: stringToSign)
    }

    /// The full header value for a request. `path` is the URL path exactly as sent (still percent-encoded);
    /// for path-style URLs (emulators) it already starts with `/<account>/`.
    public func authorization(method: String, path: String, query: [(name: String, value: String)],
                              headers: [(name: String, value: String)]) -> String {
        let text = SharedKeyStringToSign.make(method: method, accountName: accountName, path: path, query: query, headers: headers)
        return "SharedKey \(accountName):\(signature(for: text))"
    }
}

/// The string-to-sign of Shared Key: verb, eleven standard headers, canonicalized `x-ms-` headers and resource.
public enum SharedKeyStringToSign {
    public static func make(method: String, accountName: String, path: String, query: [(name: String, value: String)],
                            headers: [(name: String, value: String)]) -> String {
        func header(_ name: String) -> String {
            headers.first { HTTPHeaderName.matches($0.name, name) }?.value ?? ""
        }
        // Content-Length is signed as empty when it is 0 (versions 2015-02-21+).
        var contentLength = header("Content-Length")
        if contentLength == "0" { contentLength = "" }
        var lines = [method.uppercased(), header("Content-Encoding"), header("Content-Language"), contentLength,
                     header("Content-MD5"), header("Content-Type"), header("Date"), header("If-Modified-Since"),
                     header("If-Match"), header("If-None-Match"), header("If-Unmodified-Since"), header("Range")]
        lines.append(contentsOf: canonicalizedHeaders(headers))
        return lines.joined(separator: "\n") + "\n" + canonicalizedResource(accountName: accountName, path: path, query: query)
    }

    static func canonicalizedHeaders(_ headers: [(name: String, value: String)]) -> [String] {
        var merged: [String: [String]] = [:]
        for (name, value) in headers {
            let lower = name.lowercased()
            guard lower.hasPrefix("x-ms-") else { continue }
            merged[lower, default: []].append(collapseWhitespace(value))
        }
        return merged.keys.sorted().map { "\($0):\(merged[$0]!.joined(separator: ","))" }
    }

    /// `/<account><path>` then `\nname:value` for each query parameter (names lower-cased, values decoded,
    /// several values sorted and comma-joined), sorted by name.
    static func canonicalizedResource(accountName: String, path: String, query: [(name: String, value: String)]) -> String {
        var resource = "/" + accountName + (path.isEmpty ? "/" : path)
        var grouped: [String: [String]] = [:]
        for (name, value) in query { grouped[name.lowercased(), default: []].append(value) }
        for name in grouped.keys.sorted() {
            resource += "\n\(name):\(grouped[name]!.sorted().joined(separator: ","))"
        }
        return resource
    }

    static func collapseWhitespace(_ value: String) -> String {
        value.split(whereSeparator: { $0 == " " || $0 == "\t" }).joined(separator: " ")
    }
}
