import AzureCore
import Foundation

/// Produces the credential header of each publish request. Generated SAS tokens are kept and renewed when less
/// than a fifth of their lifetime remains, so a long replay never sends one that is about to lapse; bearer
/// providers cache and refresh on their own. An actor because concurrent batches share one cached token.
actor ReplayRequestAuthorizer {
    let credential: ReplayTargetCredential
    /// What a SAS token is signed for: the Event Grid endpoint, or the entity URI for Event Hubs / Service Bus.
    let resource: String
    let lifetime: Duration
    private let now: @Sendable () -> Date
    private var cached: (value: String, renewAfter: Date)?

    init(credential: ReplayTargetCredential, resource: String, lifetime: Duration, now: @escaping @Sendable () -> Date = Date.init) {
        self.credential = credential
        self.resource = resource
        self.lifetime = lifetime
        self.now = now
    }

    /// The header (name, value) to add to a request.
    func header() async throws -> (name: String, value: String) {
        switch credential {
        case .eventGridKey(let key, _, false):
            return ("aeg-sas-key", key)
        case .eventGridKey(let key, let variable, true):
            return ("aeg-sas-token", try sas { expiry in
                guard let token = EventGridSAS.token(resource: resource, expiry: EventGridSAS.expiryText(expiry), topicKey: key) else {
                    throw ReplayTargetError.invalidEventGridKey(variable: variable)
                }
                return token
            })
        case .sharedAccessKey(let keyName, let key, _):
            return ("Authorization", try sas { expiry in
                ServiceBusSAS.token(resourceURI: resource, keyName: keyName, key: key, expiry: Int(expiry.timeIntervalSince1970))
            })
        case .sharedAccessSignature(let token, _):
            return ("Authorization", token.hasPrefix("SharedAccessSignature ") ? token : "SharedAccessSignature " + token)
        case .bearer(let provider):
            return ("Authorization", "Bearer " + (try await provider.token().value))
        }
    }

    private func sas(_ make: (Date) throws -> String) throws -> String {
        let current = now()
        if let cached, current < cached.renewAfter { return cached.value }
        let seconds = lifetime.replaySeconds
        let token = try make(current.addingTimeInterval(seconds))
        cached = (token, current.addingTimeInterval(seconds * 0.8))
        return token
    }
}
