/// An Event Grid custom topic (`POST <endpoint>?api-version=2018-01-01`), wire-formats §6.1.
///
/// CloudEvents input schema: each event goes as its own JSON minus the dead-letter members (compacted; member order,
/// escapes and numbers unchanged) in an `application/cloudevents-batch+json` array. Event Grid input schema:
/// CloudEvents are converted (`EventConversion.eventGridEvent`), Event Grid events go as they were minus the
/// dead-letter members and `topic` (Event Grid fills it in; the old topic's id would not match and be refused).
public struct EventGridTarget: ReplayTarget {
    public let kind = ReplayTargetKind.eventGrid
    /// `https://<topic>.<region>-1.eventgrid.azure.net/api/events` (or the emulator's `http://host:port/<topic>/api/events`).
    public let endpoint: String
    public let settings: ReplayTargetSettings
    public let credential: ReplayTargetCredential
    public let limits: ReplayBatchLimits
    let authorizer: ReplayRequestAuthorizer

    public static let apiVersion = "2018-01-01"

    public init(endpoint: String, credential: ReplayTargetCredential, settings: ReplayTargetSettings,
                sasLifetime: Duration = .seconds(3600)) {
        self.endpoint = endpoint
        self.credential = credential
        self.settings = settings
        limits = ReplayBatchLimits(maxRequestBytes: ReplayBatchLimits.megabyte, maxEventBytes: ReplayBatchLimits.megabyte,
                                   maxEvents: settings.maxBatchEvents)
        // The Python SDK signs the endpoint with `?apiVersion=…` appended; tokens match its for the same inputs.
        authorizer = ReplayRequestAuthorizer(credential: credential, resource: endpoint + "?apiVersion=" + Self.apiVersion, lifetime: sasLifetime)
    }

    public var requestURL: String { endpoint + "?api-version=" + Self.apiVersion }
    public var displayName: String { "eventgrid:\(endpoint)" }
    public var deduplicatesByMessageID: Bool { false }

    public var contentType: String {
        settings.eventGridSchema == .cloudEvents ? "application/cloudevents-batch+json; charset=utf-8" : "application/json; charset=utf-8"
    }

    public func encode(_ letter: DeadLetter) throws(ReplayEncodingError) -> [UInt8] {
        switch settings.eventGridSchema {
        case .cloudEvents:
            let bytes = try ReplayCloudEventConversion.cloudEventBytes(letter, adtInstanceHost: settings.adtInstanceHost)
            return settings.mark ? ReplayMark.marking(cloudEvent: bytes) : bytes
        case .eventGrid:
            return try eventGridEvent(letter)
        }
    }

    private func eventGridEvent(_ letter: DeadLetter) throws(ReplayEncodingError) -> [UInt8] {
        switch letter.schema {
        case .cloudEvents, .eventGridNamespace:
            do {
                return try EventConversion.eventGridEvent(fromCloudEvent: letter, topic: .omit).bytes
            } catch {
                throw .conversion(error.description)
            }
        case .eventGrid:
            return ReplayJSONRewrite.object(EventConversion.strippingDeadLetterFields(letter), dropping: ["topic"])
        case .unknown:
            throw .notAnEvent(location: letter.origin.locationDescription)
        }
    }

    public func authorizationHeader() async throws -> (name: String, value: String) {
        try await authorizer.header()
    }
}
