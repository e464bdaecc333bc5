import AzureCore
import Foundation

/// Sorts a publish response into a `ReplayPublishOutcome`, from the status, `Retry-After` and the error body:
/// Event Grid's `{"error":{"code","message"}}` or the Service Bus gateway's `<Error><Code/><Detail/></Error>`
/// (wire-formats §6.1–6.3). Pure, so every status is tested without a server.
enum ReplayResponseClassifier {
    static func classify(status: Int, retryAfter: String?, body: [UInt8]) -> ReplayPublishOutcome {
        if (200..<300).contains(status) { return .accepted }
        let message = errorMessage(body)
        let lowered = message.lowercased()
        let after = retryAfter.flatMap(RetryAfter.parse)
        switch status {
        case 429, 503:
            return .throttled(status: status, retryAfter: after, message: message)
        case 413:
            return .tooLarge(status: status, message: message)
        case 401:
            return .unauthorized(status: status, message: message)
        case 403:
            // Service Bus answers 403 both for "message too large" and "quota exceeded" (the entity is full),
            // besides authorization failures.
            if lowered.contains("messagesizeexceeded") || lowered.contains("too large") || lowered.contains("size exceeded") {
                return .tooLarge(status: status, message: message)
            }
            if lowered.contains("quotaexceeded") || lowered.contains("quota exceeded") {
                return .throttled(status: status, retryAfter: after, message: message)
            }
            return .unauthorized(status: status, message: message)
        case 404, 410:
            return .missingEntity(status: status, message: message)
        case 408, 500...:
            return .uncertain(.status(status, retryAfter: after), message: message)
        default:
            return .rejected(status: status, message: message)
        }
    }

    /// The service's own words: Event Grid's `error.message`, the gateway's `<Detail>`, or the body's first 300
    /// characters; always redacted (a message may quote a request URL).
    static func errorMessage(_ body: [UInt8]) -> String {
        guard !body.isEmpty else { return "" }
        let text: String
        if let parsed = try? JSONRawValue.parse(body), let message = parsed[path: "error.message"]?.string {
            text = message
        } else {
            let raw = String(decoding: body.prefix(8192), as: UTF8.self)
            if let start = raw.range(of: "<Detail>"), let end = raw.range(of: "</Detail>", range: start.upperBound..<raw.endIndex) {
                text = unescapeXML(String(raw[start.upperBound..<end.lowerBound]))
            } else {
                text = raw
            }
        }
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        return Redactor.redact(trimmed.count > 300 ? String(trimmed.prefix(300)) + "…" : trimmed)
    }

    /// The five predefined XML entities, which is all the gateway's `<Detail>` uses.
    static func unescapeXML(_ text: String) -> String {
        guard text.contains("&") else { return text }
        return text.replacingOccurrences(of: "&lt;", with: "<").replacingOccurrences(of: "&gt;", with: ">")
            .replacingOccurrences(of: "&quot;", with: "\"").replacingOccurrences(of: "&apos;", with: "'")
            .replacingOccurrences(of: "&amp;", with: "&")
    }
}
