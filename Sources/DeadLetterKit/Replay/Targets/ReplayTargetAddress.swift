import AzureCore
import Foundation

/// Where `--to` says to publish: the kind and, unless the connection string's `EntityPath` names it, the URL.
///
/// Forms: `eventgrid:https://<topic>.<region>-1.eventgrid.azure.net/api/events`,
/// `eventhubs:https://<ns>.servicebus.windows.net/<hub>`, `servicebus:https://<ns>.servicebus.windows.net/<entity>`,
/// the emulator's `http://127.0.0.1:<port>/<topic-or-entity>`, or a bare `eventhubs` / `servicebus`.
public struct ReplayTargetAddress: Sendable, Hashable, CustomStringConvertible {
    public var kind: ReplayTargetKind
    /// The URL as given (scheme `sb://` already mapped to `https://`); nil for a bare kind.
    public var url: String?

    public init(kind: ReplayTargetKind, url: String?) {
        self.kind = kind
        self.url = url
    }

    public static func parse(_ text: String) throws(ReplayTargetError) -> ReplayTargetAddress {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        guard let colon = trimmed.firstIndex(of: ":") else {
            guard let kind = ReplayTargetKind(name: trimmed) else { throw .unknownKind(trimmed) }
            if kind == .eventGrid { throw .missingURL(kind: kind) }
            return ReplayTargetAddress(kind: kind, url: nil)
        }
        let name = String(trimmed[..<colon])
        guard let kind = ReplayTargetKind(name: name) else { throw .unknownKind(name) }
        var url = String(trimmed[trimmed.index(after: colon)...])
        if url.lowercased().hasPrefix("sb://") { url = "https://" + url.dropFirst(5) }
        guard let components = URLComponents(string: url), let scheme = components.scheme?.lowercased(),
              scheme == "https" || scheme == "http", let host = components.host, !host.isEmpty else {
            throw .invalidURL(url, reason: "expected https://… (or http://127.0.0.1:<port>/… for the emulator)")
        }
        guard components.user == nil, components.password == nil, components.percentEncodedQuery.map({ !Self.carriesSecret($0) }) ?? true else {
            throw .credentialInURL
        }
        return ReplayTargetAddress(kind: kind, url: url)
    }

    /// `key=`, `sig=`, `aeg-sas-key=`… in a query would put a secret on the command line (and into shell history).
    static func carriesSecret(_ query: String) -> Bool {
        Redactor.redact("?" + query) != "?" + query
    }

    public var description: String { url.map { "\(kind):\($0)" } ?? kind.rawValue }
}
