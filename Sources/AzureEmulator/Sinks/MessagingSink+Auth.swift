import AzureCore
import Foundation

/// `Authorization: SharedAccessSignature sr=…&sig=…&se=…&skn=…` signed with one of the entity's policies
/// (wire-formats §6.4), or `Authorization: Bearer` with an accepted token.
extension MessagingSink {
    func authenticate(_ request: EmulatorRequest) throws(SinkRejection) {
        guard let authorization = request.header("Authorization") else {
            throw .missingCredential(sink: name, accepted: "Authorization: SharedAccessSignature sr=…&sig=…&se=…&skn=… or Authorization: Bearer")
        }
        if let bearer = SinkAuthorizationHeader.credential(afterScheme: "Bearer", in: authorization) {
            guard config.acceptedBearerTokens.contains(where: { HMACSigning.constantTimeEquals($0, bearer) }) else {
                throw .invalidCredential(sink: name, why: "the bearer token is not accepted by this entity")
            }
            return
        }
        guard let token = SinkAuthorizationHeader.credential(afterScheme: "SharedAccessSignature", in: authorization) else {
            throw .invalidCredential(sink: name, why: "the Authorization scheme is neither SharedAccessSignature nor Bearer")
        }
        guard let parsed = ServiceBusSAS.parse("SharedAccessSignature " + token) else {
            throw .invalidCredential(sink: name, why: "the SAS token lacks one of sr, sig, se (unix seconds) or skn")
        }
        guard let key = config.policies[parsed.keyName] else { throw .unknownPolicy(sink: name, policy: parsed.keyName) }
        guard ServiceBusSAS.isValid(parsed, key: key) else {
            throw .invalidCredential(sink: name, why: "the SAS signature does not match policy '\(parsed.keyName)' (sign urlencode(sr) + \"\\n\" + se with the key's UTF-8 bytes)")
        }
        guard Self.resource(parsed.resource, covers: name) else {
            throw .wrongResource(sink: name, resource: parsed.resource, expected: "…/\(name)")
        }
        guard Double(parsed.expiry) > now.timeIntervalSince1970 else {
            throw .expiredToken(sink: name, expiry: SinkTimestamp.format(Date(timeIntervalSince1970: Double(parsed.expiry))))
        }
    }

    /// True when the token's resource URI (`sb://`, `https://` or the emulator's `http://host:port`, any namespace host)
    /// is the entity itself, a parent path of it, or the namespace root — a SAS covers everything under its URI.
    static func resource(_ resource: String, covers entity: String) -> Bool {
        var text = resource.trimmingCharacters(in: .whitespaces).lowercased()
        if let scheme = text.range(of: "://") { text = String(text[scheme.upperBound...]) }
        if let query = text.firstIndex(of: "?") { text = String(text[..<query]) }
        guard let slash = text.firstIndex(of: "/") else { return true }
        let path = text[slash...].split(separator: "/").joined(separator: "/")
        if path.isEmpty { return true }
        let entityPath = entity.lowercased()
        return entityPath == path || entityPath.hasPrefix(path + "/")
    }
}
