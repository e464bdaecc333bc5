import AzureCore
import Foundation

/// Event Grid's four ways in (wire-formats §6.1): `aeg-sas-key` (header or query), `aeg-sas-token`,
/// `Authorization: SharedAccessSignature r=…&e=…&s=…`, and `Authorization: Bearer`.
extension EventGridSink {
    static let acceptedCredentials = "aeg-sas-key, aeg-sas-token, Authorization: SharedAccessSignature r=…&e=…&s=…, or Authorization: Bearer"

    func authenticate(_ request: EmulatorRequest) throws(SinkRejection) {
        if let key = request.header("aeg-sas-key") ?? request.queryValue("aeg-sas-key") {
            guard config.keys.contains(where: { HMACSigning.constantTimeEquals($0, key.trimmingCharacters(in: .whitespaces)) }) else {
                throw .invalidCredential(sink: name, why: "the aeg-sas-key is not one of the topic's access keys")
            }
            return
        }
        if let token = request.header("aeg-sas-token") {
            try verifyToken(Self.droppingPrefix("SharedAccessSignature ", from: token))
            return
        }
        if let authorization = request.header("Authorization") {
            if let token = SinkAuthorizationHeader.credential(afterScheme: "SharedAccessSignature", in: authorization) {
                try verifyToken(token)
                return
            }
            if let bearer = SinkAuthorizationHeader.credential(afterScheme: "Bearer", in: authorization) {
                guard config.acceptedBearerTokens.contains(where: { HMACSigning.constantTimeEquals($0, bearer) }) else {
                    throw .invalidCredential(sink: name, why: "the bearer token is not accepted by this topic")
                }
                return
            }
            throw .invalidCredential(sink: name, why: "the Authorization scheme is neither SharedAccessSignature nor Bearer")
        }
        throw .missingCredential(sink: name, accepted: Self.acceptedCredentials)
    }

    private func verifyToken(_ token: String) throws(SinkRejection) {
        guard let parsed = EventGridSAS.parse(token) else {
            throw .invalidCredential(sink: name, why: "the SAS token is not of the form r=<resource>&e=<expiry>&s=<signature>")
        }
        guard config.keys.contains(where: { EventGridSAS.isValid(parsed, topicKey: $0) }) else {
            throw .invalidCredential(sink: name, why: "the SAS token's signature does not match any of the topic's access keys")
        }
        guard Self.resource(parsed.resource, namesTopic: name) else {
            throw .wrongResource(sink: name, resource: parsed.resource, expected: "…/\(name)/api/events")
        }
        guard let expiry = EventGridSAS.parseExpiry(parsed.expiry) else {
            throw .invalidCredential(sink: name, why: "the SAS token's expiry '\(parsed.expiry)' is not a date")
        }
        guard expiry > now else { throw .expiredToken(sink: name, expiry: parsed.expiry) }
    }

    /// True when a token's resource is this topic's endpoint: the emulator's path-style URL
    /// (`http://127.0.0.1:port/<topic>/api/events`) or Azure's host-style one (`https://<topic>.<region>-1.eventgrid.azure.net/api/events`),
    /// compared case-insensitively, with the `?apiVersion=2018-01-01` the Python SDK appends tolerated.
    static func resource(_ resource: String, namesTopic topic: String) -> Bool {
        var text = resource.trimmingCharacters(in: .whitespaces)
        if let question = text.firstIndex(of: "?") {
            let query = PercentEncoding.decodeQuery(String(text[text.index(after: question)...]))
            guard query.allSatisfy({ ["apiversion", "api-version"].contains($0.name.lowercased()) }) else { return false }
            text = String(text[..<question])
        }
        if !text.contains("://") { text = "https://" + text }
        guard let url = URLComponents(string: text), let host = url.host?.lowercased() else { return false }
        var path = url.percentEncodedPath.lowercased()
        while path.hasSuffix("/") { path.removeLast() }
        let lowerTopic = topic.lowercased()
        if path == "/\(lowerTopic)/api/events" { return true }
        return path == "/api/events" && host.split(separator: ".").first.map(String.init) == lowerTopic
    }

    static func droppingPrefix(_ prefix: String, from text: String) -> String {
        text.hasPrefix(prefix) ? String(text.dropFirst(prefix.count)) : text
    }
}
