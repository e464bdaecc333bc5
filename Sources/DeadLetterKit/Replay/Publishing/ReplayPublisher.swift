import AsyncHTTPClient
import AzureCore
import NIOCore

/// Sends one batch body to the target and classifies the answer. One attempt: retrying, splitting and pacing
/// are the runner's decisions.
struct ReplayPublisher: Sendable {
    let target: any ReplayTarget
    let httpClient: HTTPClient
    /// Deadline of one request, answer included.
    let timeout: Duration
    /// Error bodies are read up to this size (they are a few hundred bytes).
    static let maxErrorBodyBytes = 64 * 1024

    /// - Throws: only `CancellationError`, when the task was cancelled (the batch's fate is then unknown).
    func publish(_ body: ByteBuffer) async throws -> ReplayPublishOutcome {
        var request = HTTPClientRequest(url: target.requestURL)
        request.method = .POST
        request.headers.add(name: "Content-Type", value: target.contentType)
        request.headers.add(name: "User-Agent", value: "deadletter/\(DeadLetterVersion.current)")
        do {
            let header = try await target.authorizationHeader()
            request.headers.add(name: header.name, value: header.value)
        } catch is CancellationError {
            throw CancellationError()
        } catch {
            return .credentialUnavailable(message: Redactor.redact("\(error)"))
        }
        request.body = .bytes(body)
        do {
            let response = try await httpClient.execute(request, timeout: .nanoseconds(Int64(timeout.replaySeconds * 1e9)))
            let status = Int(response.status.code)
            let retryAfter = response.headers.first(name: "Retry-After")
            if (200..<300).contains(status) {
                // Drain the (empty) body so the connection goes back to the pool.
                _ = try? await response.body.collect(upTo: Self.maxErrorBodyBytes)
                return .accepted
            }
            let errorBody = (try? await response.body.collect(upTo: Self.maxErrorBodyBytes)).map { Array($0.readableBytesView) } ?? []
            return ReplayResponseClassifier.classify(status: status, retryAfter: retryAfter, body: errorBody)
        } catch {
            if Task.isCancelled { throw CancellationError() }
            return Self.classify(transportError: error)
        }
    }

    /// A failure below HTTP. Only a connection that was never made proves the batch did not arrive.
    static func classify(transportError error: any Error) -> ReplayPublishOutcome {
        guard let failure = TransportFailure.classify(error) else {
            return .uncertain(.permanent, message: TransportFailure.describe(error))
        }
        if failure == .connectFailed { return .notDelivered(failure) }
        return .uncertain(.connection(failure), message: failure.rawValue)
    }
}
