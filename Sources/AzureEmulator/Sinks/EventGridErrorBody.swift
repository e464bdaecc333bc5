/// Event Grid's error answer: `{"error":{"code":"…","message":"…"}}` (wire-formats §6.1, post-to-custom-topic.md).
/// Statuses: 401 credential problems, 404 unknown topic, 413 size limits, 400 anything malformed.
enum EventGridErrorBody {
    static func response(for rejection: SinkRejection) -> EmulatorResponse {
        let (status, code) = statusAndCode(rejection)
        let body = "{\"error\":{\"code\":\(SinkJSONWriter.quoted(code)),\"message\":\(SinkJSONWriter.quoted(rejection.description))}}"
        return EmulatorResponse(status: status, headers: [("Content-Type", "application/json; charset=utf-8")], body: Array(body.utf8))
    }

    static func statusAndCode(_ rejection: SinkRejection) -> (Int, String) {
        if rejection.isAuthentication { return (401, "Unauthorized") }
        if rejection.isSizeLimit { return (413, "RequestEntityTooLarge") }
        switch rejection {
        case .unknownTopic, .unknownEntity: return (404, "NotFound")
        case .recordFileFailed: return (500, "InternalServerError")
        default: return (400, "BadRequest")
        }
    }
}
