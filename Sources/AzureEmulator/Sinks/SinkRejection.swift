/// Why a sink refused a request. Messages name the sink, the element and the rule, never a credential.
/// Each sink maps these to its service's status codes and error body (`EventGridErrorBody`, `MessagingErrorBody`).
public enum SinkRejection: Error, CustomStringConvertible, Equatable, Sendable {
    case missingCredential(sink: String, accepted: String)
    case invalidCredential(sink: String, why: String)
    case expiredToken(sink: String, expiry: String)
    case wrongResource(sink: String, resource: String, expected: String)
    case unknownPolicy(sink: String, policy: String)
    case unknownTopic(name: String)
    case unknownEntity(name: String)
    case unsupportedContentType(sink: String, contentType: String, expected: String)
    case schemaMismatch(sink: String, contentType: String, schema: EventGridInputSchema)
    case malformedJSON(sink: String, detail: String)
    case invalidEvent(sink: String, index: Int, reason: String)
    case invalidMessage(sink: String, index: Int?, reason: String)
    case eventTooLarge(sink: String, index: Int, size: Int, limit: Int)
    case messageTooLarge(sink: String, index: Int?, size: Int, limit: Int)
    case requestTooLarge(sink: String, size: Int, limit: Int)
    case recordFileFailed(path: String, reason: String)

    /// Stable key for `SinkCounters.rejected`.
    public var counterKey: String {
        switch self {
        case .missingCredential: return "missingCredential"
        case .invalidCredential: return "invalidCredential"
        case .expiredToken: return "expiredToken"
        case .wrongResource: return "wrongResource"
        case .unknownPolicy: return "unknownPolicy"
        case .unknownTopic: return "unknownTopic"
        case .unknownEntity: return "unknownEntity"
        case .unsupportedContentType: return "unsupportedContentType"
        case .schemaMismatch: return "schemaMismatch"
        case .malformedJSON: return "malformedJSON"
        case .invalidEvent: return "invalidEvent"
        case .invalidMessage: return "invalidMessage"
        case .eventTooLarge: return "eventTooLarge"
        case .messageTooLarge: return "messageTooLarge"
        case .requestTooLarge: return "requestTooLarge"
        case .recordFileFailed: return "recordFileFailed"
        }
    }

    var isAuthentication: Bool {
        switch self {
        case .missingCredential, .invalidCredential, .expiredToken, .wrongResource, .unknownPolicy: return true
        default: return false
        }
    }

    var isSizeLimit: Bool {
        switch self {
        case .eventTooLarge, .messageTooLarge, .requestTooLarge: return true
        default: return false
        }
    }

    public var description: String {
        switch self {
        case .missingCredential(let sink, let accepted):
            return "request to '\(sink)' carries no credential; send one of: \(accepted)"
        case .invalidCredential(let sink, let why):
            return "the credential sent to '\(sink)' is not valid: \(why)"
        case .expiredToken(let sink, let expiry):
            return "the SAS token sent to '\(sink)' expired at \(expiry); generate a new one"
        case .wrongResource(let sink, let resource, let expected):
            return "the SAS token sent to '\(sink)' was issued for '\(resource)', which does not cover \(expected)"
        case .unknownPolicy(let sink, let policy):
            return "'\(sink)' has no shared access policy named '\(policy)'"
        case .unknownTopic(let name):
            return "no Event Grid topic named '\(name)' exists in the emulator (POST /<topic>/api/events)"
        case .unknownEntity(let name):
            return "no Event Hub, queue or topic named '\(name)' exists in the emulator"
        case .unsupportedContentType(let sink, let contentType, let expected):
            return "'\(sink)' does not accept Content-Type '\(contentType)'; expected \(expected)"
        case .schemaMismatch(let sink, let contentType, let schema):
            let wanted = schema == .cloudEvents ? "application/cloudevents-batch+json or application/cloudevents+json"
                                                : "application/json (an array of Event Grid schema events)"
            return "topic '\(sink)' was created with the \(schema.rawValue) input schema and refuses '\(contentType)'; send \(wanted)"
        case .malformedJSON(let sink, let detail):
            return "the body sent to '\(sink)' is not valid JSON: \(detail)"
        case .invalidEvent(let sink, let index, let reason):
            return "the event at index \(index) sent to '\(sink)' is invalid: \(reason)"
        case .invalidMessage(let sink, let index, let reason):
            return index.map { "the message at index \($0) sent to '\(sink)' is invalid: \(reason)" } ?? "the message sent to '\(sink)' is invalid: \(reason)"
        case .eventTooLarge(let sink, let index, let size, let limit):
            return "the event at index \(index) sent to '\(sink)' is \(size) bytes; the limit per event is \(limit) bytes"
        case .messageTooLarge(let sink, let index, let size, let limit):
            let which = index.map { "the message at index \($0)" } ?? "the message"
            return "\(which) sent to '\(sink)' is \(size) bytes; the message size limit is \(limit) bytes (message size exceeded)"
        case .requestTooLarge(let sink, let size, let limit):
            return "the request to '\(sink)' is \(size) bytes; the limit per request is \(limit) bytes"
        case .recordFileFailed(let path, let reason):
            return "the message was accepted but could not be appended to the record file \(path): \(reason)"
        }
    }
}
