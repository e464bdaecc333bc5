/// Decides what an injected truncation does to an answer that was already produced. A body can only be cut when one
/// is sent; an answer without body bytes (a sink's 200/201, a 202 delete, any HEAD) would otherwise reach the client
/// whole and the fault would be counted without having happened. Such an answer is lost instead: the request took
/// effect, the client hears nothing, which is exactly the case that makes a publisher resend what was recorded.
enum InjectedTruncation {
    enum Effect: Equatable {
        /// Send the head with the full Content-Length and half of the body, then close.
        case cutBody
        /// Close the connection without writing anything.
        case loseResponse
    }

    static func effect(on response: EmulatorResponse, method: String) -> Effect {
        let sendsBody = method.uppercased() != "HEAD" && response.status != 204 && response.status != 304
        let bodyLength = response.fileBody?.length ?? Int64(response.body.count)
        return sendsBody && bodyLength > 0 ? .cutBody : .loseResponse
    }
}
