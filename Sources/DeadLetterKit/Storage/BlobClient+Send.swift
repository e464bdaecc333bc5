import AsyncHTTPClient
import AzureCore
import Foundation
import NIOCore
import NIOHTTP1

extension BlobClient {
    /// Sends `plan` under the retry policy. `consume` reads a successful response; a transport failure while it
    /// reads (reset, timeout, truncated body) is retried like a failed request, so `consume` must not hand data
    /// to anyone before it returns.
    func perform<Result>(_ plan: BlobRequestPlan,
                         consume: (HTTPClientResponse, SentRequest) async throws -> Result) async throws -> Result {
        var retry = RetryState(policy: configuration.retryPolicy(for: plan.operation), isIdempotent: plan.isIdempotent)
        // One client request id for all attempts, so the service's logs tie the retries together.
        let clientRequestID = UUID().uuidString.lowercased()
        let started = ContinuousClock.now
        while true {
            let (request, sent) = try await makeRequest(plan, clientRequestID: clientRequestID)
            let outcome: RetryOutcome
            let failure: BlobServiceError
            do {
                let response = try await httpClient.execute(request, deadline: .now() + BlobClientConfiguration.timeAmount(configuration.attemptTimeout), logger: nil)
                if plan.successStatuses.contains(response.status.code) {
                    do {
                        return try await consume(response, sent)
                    } catch is CancellationError {
                        throw CancellationError()
                    } catch {
                        guard let connection = TransportFailure.classify(error) else { throw Self.mapped(error, request: sent.summary) }
                        outcome = .connection(connection)
                        failure = Self.mapped(error, request: sent.summary)
                    }
                } else {
                    let httpFailure = await readFailure(response, plan: plan, request: sent.summary)
                    outcome = .status(httpFailure.status, retryAfter: response.headers.first(name: "Retry-After").flatMap(RetryAfter.parse))
                    failure = .http(httpFailure)
                }
            } catch let error as BlobServiceError {
                throw error
            } catch is CancellationError {
                throw CancellationError()
            } catch {
                guard let connection = TransportFailure.classify(error) else { throw Self.mapped(error, request: sent.summary) }
                outcome = .connection(connection)
                failure = .transport(reason: "\(connection.rawValue) (\(error))", request: sent.summary)
            }
            switch retry.decide(after: outcome, elapsed: ContinuousClock.now - started) {
            case .retry(let delay):
                logger.debug("retrying", metadata: ["request": "\(sent)", "after": "\(delay.retryDisplay)",
                                                    "attempt": "\(retry.attempts)", "failure": "\(failure)"])
                try await Task.sleep(for: delay)
            case .giveUp(let reason):
                throw retry.attempts > 1 ? BlobServiceError.retriesExhausted(attempts: retry.attempts, reason: reason, last: failure) : failure
            }
        }
    }

    /// Builds and signs one attempt's request: fresh `x-ms-date`, the shared client request id, version and agent.
    func makeRequest(_ plan: BlobRequestPlan, clientRequestID: String) async throws -> (HTTPClientRequest, SentRequest) {
        let path = plan.blobName.map { location.blobPath($0) } ?? location.containerPath
        var url = location.origin + path
        if !plan.query.isEmpty {
            url += "?" + plan.query.map { "\(PercentEncoding.encode($0.name))=\(PercentEncoding.encode($0.value))" }.joined(separator: "&")
        }
        var request = HTTPClientRequest(url: url)
        request.method = plan.method
        request.headers.add(name: "x-ms-version", value: configuration.apiVersion)
        request.headers.add(name: "x-ms-date", value: HTTPDate.format(Date()))
        request.headers.add(name: "x-ms-client-request-id", value: clientRequestID)
        for header in plan.headers { request.headers.add(name: header.name, value: header.value) }
        if let body = plan.body {
            // Shared Key signs Content-Length, so it must be in the headers before signing.
            request.headers.replaceOrAdd(name: "Content-Length", value: String(body.count))
            request.body = .bytes(body)
        } else if plan.method == .PUT {
            request.headers.replaceOrAdd(name: "Content-Length", value: "0")
        }
        try await authorizer.authorize(request: &request, method: plan.method.rawValue, path: path, query: plan.query)
        // Not signed (Shared Key signs x-ms-* and eleven standard headers), so added after: one header fewer for the
        // string-to-sign to look through.
        request.headers.add(name: "User-Agent", value: Self.userAgent)
        return (request, SentRequest(method: plan.method.rawValue, signedURL: request.url))
    }

    static let userAgent = "deadletter/\(DeadLetterVersion.current)"

    /// Reads an error response: the code from `x-ms-error-code` (the only source for HEAD) or the XML body, and
    /// the hint for the user.
    func readFailure(_ response: HTTPClientResponse, plan: BlobRequestPlan, request: BlobRequestSummary) async -> BlobHTTPFailure {
        var body = StorageErrorBody()
        if plan.method != .HEAD, let buffer = try? await response.body.collect(upTo: configuration.maxErrorBodyBytes),
           buffer.readableBytes > 0 {
            // A proxy's HTML page is not an error body; the header code and status still tell the story.
            body = (try? StorageErrorBody.parse(Array(buffer.readableBytesView), request: request)) ?? StorageErrorBody()
        }
        let status = Int(response.status.code)
        let code = response.headers.first(name: "x-ms-error-code") ?? body.code
        let hint = BlobAccessAdvisor.hint(.init(status: status, code: code, operation: plan.operation, source: authorizer.source,
                                                location: location, blobName: plan.blobName, now: Date()))
        return BlobHTTPFailure(status: status, code: code, message: body.summary,
                               authenticationDetail: body.authenticationErrorDetail.map(BlobAccessAdvisor.sanitizeDetail),
                               requestID: response.headers.first(name: "x-ms-request-id") ?? body.requestID,
                               operation: plan.operation, request: request, hint: hint)
    }

    static func mapped(_ error: any Error, request: BlobRequestSummary) -> BlobServiceError {
        switch error {
        case let error as BlobServiceError: return error
        case let error as StorageXMLError: return .malformedResponse(error)
        default: return .transport(reason: TransportFailure.describe(error), request: request)
        }
    }
}
