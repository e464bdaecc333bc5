/// Per-sink request accounting, so tests can assert how many requests arrived and why some were refused.
public struct SinkCounters: Sendable, Equatable {
    public var requests = 0
    public var acceptedMessages = 0
    /// Refused requests by `SinkRejection.counterKey` (e.g. `invalidCredential`, `requestTooLarge`).
    public var rejected: [String: Int] = [:]
    /// Service Bus messages acknowledged but not recorded because their MessageId was seen within the window.
    public var duplicatesDropped = 0

    public init() {}

    public var rejectedTotal: Int { rejected.values.reduce(0, +) }

    /// `{"requests":…,"acceptedMessages":…,"duplicatesDropped":…,"rejected":{…}}` with reasons sorted.
    public var json: String {
        let reasons = rejected.keys.sorted().map { "\(SinkJSONWriter.quoted($0)):\(rejected[$0]!)" }.joined(separator: ",")
        return "{\"requests\":\(requests),\"acceptedMessages\":\(acceptedMessages),\"duplicatesDropped\":\(duplicatesDropped),\"rejected\":{\(reasons)}}"
    }
}
