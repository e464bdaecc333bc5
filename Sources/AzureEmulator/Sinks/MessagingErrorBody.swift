import AzureCore

/// The Service Bus / Event Hubs REST gateway's error answer: `<Error><Code>status</Code><Detail>…</Detail></Error>`.
/// Statuses (learn.microsoft.com/rest/api/servicebus/send-message-batch, wire-formats §6.2–6.3):
/// 401 credential problems; 400 malformed requests; size limits 403 "message too large" for Service Bus (documented)
/// and 413 for Event Hubs (whose REST pages list only 201/401/500, so the emulator uses HTTP's own status);
/// unknown entity 410 "Specified queue or topic doesn't exist" — the only not-found status the shared `/messages`
/// gateway documents (its kind cannot be known when the entity does not exist).
enum MessagingErrorBody {
    static func response(for rejection: SinkRejection, kind: MessagingEntityKind?) -> EmulatorResponse {
        let (status, prefix) = statusAndPrefix(rejection, kind: kind)
        let body = "<Error><Code>\(status)</Code><Detail>\(XMLText.escape(prefix + ": " + rejection.description))</Detail></Error>"
        return EmulatorResponse(status: status, headers: [("Content-Type", "application/xml; charset=utf-8")], body: Array(body.utf8))
    }

    /// The status and the error-name prefix the gateway writes at the start of `Detail`.
    static func statusAndPrefix(_ rejection: SinkRejection, kind: MessagingEntityKind?) -> (Int, String) {
        switch rejection {
        case .missingCredential: return (401, "MissingToken")
        case .invalidCredential: return (401, "InvalidSignature")
        case .expiredToken: return (401, "ExpiredToken")
        case .wrongResource: return (401, "InvalidAudience")
        case .unknownPolicy: return (401, "UnauthorizedAccess")
        case .unknownEntity, .unknownTopic: return (410, "MessagingEntityNotFound")
        case .messageTooLarge, .requestTooLarge, .eventTooLarge:
            return kind == .eventHub ? (413, "MessageSizeExceeded") : (403, "MessageSizeExceeded")
        case .recordFileFailed: return (500, "InternalServerError")
        default: return (400, "BadRequest")
        }
    }
}
