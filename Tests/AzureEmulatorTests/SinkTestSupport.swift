import AzureCore
import Foundation
@testable import AzureEmulator

/// A clock tests can move forward, for token expiry and duplicate-detection windows.
final class SinkTestClock: @unchecked Sendable {
    private let lock = NSLock()
    private var current: Date

    init(_ start: Date = Date(timeIntervalSince1970: 1_800_000_000)) { current = start }

    var now: Date { lock.withLock { current } }
    func advance(_ seconds: TimeInterval) { lock.withLock { current += seconds } }
}

enum SinkFixtures {
    static let eventGridKey = SinkConfiguration.defaultEventGridKey
    static let messagingKey = SinkConfiguration.defaultMessagingKey
    static let policy = SinkConfiguration.defaultPolicyName
    static let bearer = SinkConfiguration.defaultBearerToken

    static func sinks(_ configuration: SinkConfiguration = SinkConfiguration(), clock: SinkTestClock = SinkTestClock()) -> PublishSinks {
        PublishSinks(configuration: configuration, now: { clock.now })
    }

    static func request(_ method: String = "POST", path: String, query: String = "", headers: [(String, String)] = [],
                        body: [UInt8] = []) -> EmulatorRequest {
        EmulatorRequest(method: method, path: path, rawQuery: query, query: PercentEncoding.decodeQuery(query),
                        headers: headers.map { (name: $0.0, value: $0.1) }, body: body)
    }

    static func request(_ method: String = "POST", path: String, query: String = "", headers: [(String, String)] = [],
                        json: String) -> EmulatorRequest {
        request(method, path: path, query: query, headers: headers, body: Array(json.utf8))
    }

    static func cloudEvent(id: String, extra: String = "") -> String {
        #"{"specversion":"1.0","id":"\#(id)","source":"/digitaltwins/twin-1","type":"Microsoft.DigitalTwins.Twin.Update","time":"2024-01-05T13:00:00Z","datacontenttype":"application/json","data":{"n":1}\#(extra)}"#
    }

    static func eventGridEvent(id: String, extra: String = "") -> String {
        #"{"id":"\#(id)","subject":"twin-1","eventType":"Microsoft.DigitalTwins.Twin.Update","eventTime":"2024-01-05T13:00:00Z","dataVersion":"1.0","data":{"n":1}\#(extra)}"#
    }

    static let cloudEventsBatch = "application/cloudevents-batch+json; charset=utf-8"

    static func eventGridToken(topic: String = "replay-topic", expiresIn seconds: TimeInterval = 3600, clock: SinkTestClock,
                               resource: String? = nil, key: String = eventGridKey) -> String {
        let url = resource ?? "http://127.0.0.1:10000/\(topic)/api/events?apiVersion=2018-01-01"
        return EventGridSAS.token(resource: url, expiry: EventGridSAS.expiryText(clock.now + seconds), topicKey: key)!
    }

    static func serviceBusToken(entity: String, expiresIn seconds: Int = 3600, clock: SinkTestClock, resource: String? = nil,
                                keyName: String = policy, key: String = messagingKey) -> String {
        let uri = resource ?? "http://127.0.0.1:10000/\(entity)"
        return ServiceBusSAS.token(resourceURI: uri, keyName: keyName, key: key, expiry: Int(clock.now.timeIntervalSince1970) + seconds)
    }

    /// The body of a response as text; XML bodies (Service Bus errors) with their entities unescaped, so assertions
    /// read like the message a user sees.
    static func text(_ response: EmulatorResponse?) -> String {
        let raw = String(decoding: response?.body ?? [], as: UTF8.self)
        guard response?.headers.contains(where: { $0.name == "Content-Type" && $0.value.contains("xml") }) == true else { return raw }
        return [("&lt;", "<"), ("&gt;", ">"), ("&quot;", "\""), ("&apos;", "'"), ("&amp;", "&")]
            .reduce(raw) { $0.replacingOccurrences(of: $1.0, with: $1.1) }
    }
}
