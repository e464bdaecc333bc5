import AzureCore
import Foundation
import Logging

/// What the connection should do with a request's answer.
enum RoutedAnswer: Sendable {
    case respond(EmulatorResponse)
    /// Send the head with the full Content-Length, then only part of the body, then close.
    case truncate(EmulatorResponse)
    /// Close the connection without answering.
    case drop
    /// Never answer; keep the connection open until the client leaves (slow loris).
    case hang
}

/// Sends each request to the admin endpoints, a publish sink or the Blob service, injects the faults the plan
/// decides, counts everything, and stamps the headers Azure puts on every answer.
struct EmulatorRouter: Sendable {
    let blob: BlobService
    let sinks: PublishSinks
    let faults: FaultSchedule
    let counters: CounterStore
    let admin: AdminEndpoints
    let logger: Logger

    /// The `x-ms-version` answered when the client sent none.
    static let defaultServiceVersion = "2021-12-02"

    /// Answers `request`. The injected latency is counted from the request's arrival: the answer is prepared while
    /// it runs and leaves when it is over (or when it is ready, if preparing took longer), so that a request takes
    /// the configured latency rather than the latency plus the emulator's own work, which on a busy machine added
    /// milliseconds and lowered the concurrency ÷ latency bound a client can reach. `delay` waits (on the
    /// connection's event loop; see `ConnectionExecutor`).
    func route(_ request: EmulatorRequest, baseURL: String, delay: (Duration) async -> Void) async -> RoutedAnswer {
        let arrival = ContinuousClock.now
        let (answer, latency): (RoutedAnswer, Duration?)
        if isListing(request) {
            // A page of up to 5000 entries is megabytes of XML: built on the connection's event loop it held up the
            // other connections of that loop for tens of milliseconds (a 100k-blob export ran at 60% of the rate).
            (answer, latency) = await withTaskExecutorPreference(globalConcurrentExecutor) { await prepare(request, baseURL: baseURL) }
        } else {
            (answer, latency) = await prepare(request, baseURL: baseURL)
        }
        if let latency {
            let remaining = latency - (ContinuousClock.now - arrival)
            if remaining > .zero { await delay(remaining) }
        }
        return answer
    }

    /// The answer, and the latency to add (nil: none).
    private func prepare(_ request: EmulatorRequest, baseURL: String) async -> (RoutedAnswer, Duration?) {
        let requestID = RequestIdentifier.make()
        let now = Date()
        if request.path == "/_emulator" || request.path.hasPrefix("/_emulator/") {
            var answer = await admin.handle(request)
            if answer == nil { answer = await sinks.handle(request) }
            let response = answer ?? AdminEndpoints.problem(404, "no emulator endpoint \(request.method) \(request.path)")
            return (.respond(stamped(response, for: request, requestID: requestID, now: now, service: nil)), nil)
        }

        let service = request.method.uppercased() == "POST" ? (sinks.service(for: request) ?? .blob) : .blob
        let operationName = service == .blob ? blobOperationName(request) : RequestCounters.publishKey(service)
        if service != .blob, let sink = Self.sinkName(request) { await counters.recordPublish(sink: sink) }
        let ticket = await faults.next(for: service)
        let decision = ticket.decision

        var latency: Duration?
        if decision.delayMilliseconds > 0 {
            await counters.recordFault(RequestCounters.latencyKey)
            if decision.spiked { await counters.recordFault(RequestCounters.spikeKey) }
            latency = .milliseconds(decision.delayMilliseconds)
        }
        if decision.outcome == .droppedConnection || decision.outcome == .hung {
            await counters.recordFault(decision.outcome.rawValue)
            await counters.record(service: service, operation: operationName, status: nil)
            log(request, status: nil, service: service, fault: decision.outcome)
            return (decision.outcome == .hung ? .hang : .drop, latency)
        }
        if let injected = InjectedFaultResponse.make(decision.outcome, service: service, plan: ticket.plan, requestID: requestID, now: now) {
            await counters.recordFault(decision.outcome.rawValue)
            await counters.record(service: service, operation: operationName, status: injected.status)
            log(request, status: injected.status, service: service, fault: decision.outcome)
            return (.respond(stamped(injected, for: request, requestID: requestID, now: now, service: service)), latency)
        }

        let response: EmulatorResponse
        if service != .blob, let answer = await sinks.handle(request) {
            response = answer
        } else {
            let context = BlobRequestContext(requestID: requestID, now: now, pageSizeCap: ticket.plan.maxPageSize, baseURL: baseURL)
            let (operation, answer) = await blob.handle(request, context: context)
            if operation == .listBlobs, let cap = ticket.plan.maxPageSize, cap < (request.queryValue("maxresults").flatMap(Int.init) ?? 5000) {
                await counters.recordFault(RequestCounters.pageCapKey)
            }
            response = answer
        }
        await counters.record(service: service, operation: operationName, status: response.status)
        if decision.outcome == .truncatedBody {
            switch InjectedTruncation.effect(on: response, method: request.method) {
            case .cutBody:
                await counters.recordFault(decision.outcome.rawValue)
                log(request, status: response.status, service: service, fault: decision.outcome)
                return (.truncate(stamped(response, for: request, requestID: requestID, now: now, service: service)), latency)
            case .loseResponse:
                await counters.recordFault(FaultDecision.Outcome.responseLost.rawValue)
                log(request, status: response.status, service: service, fault: .responseLost)
                return (.drop, latency)
            }
        }
        log(request, status: response.status, service: service, fault: nil)
        return (.respond(stamped(response, for: request, requestID: requestID, now: now, service: service)), latency)
    }

    private static func sinkName(_ request: EmulatorRequest) -> String? {
        switch SinkRoute(request) {
        case .eventGrid(let topic): return topic
        case .messaging(let entity): return entity
        default: return nil
        }
    }

    private func isListing(_ request: EmulatorRequest) -> Bool {
        request.method.uppercased() == "GET" && request.queryValue("comp")?.lowercased() == "list"
    }

    private func blobOperationName(_ request: EmulatorRequest) -> String {
        guard let target = BlobRequestTarget(path: request.path) else { return BlobOperation.unsupported.rawValue }
        return BlobOperation.classify(request, target: target).rawValue
    }

    /// `x-ms-request-id`, `x-ms-version`, `Date`, the echoed `x-ms-client-request-id`, and Azure's `Server`.
    private func stamped(_ response: EmulatorResponse, for request: EmulatorRequest, requestID: String, now: Date,
                         service: EmulatorService?) -> EmulatorResponse {
        var response = response
        response.headers.append(("x-ms-request-id", requestID))
        response.headers.append(("x-ms-version", request.header("x-ms-version") ?? Self.defaultServiceVersion))
        response.headers.append(("Date", HTTPDate.format(now)))
        if let clientRequestID = request.header("x-ms-client-request-id") {
            response.headers.append(("x-ms-client-request-id", clientRequestID))
        }
        if service == .blob, !response.headers.contains(where: { $0.name.lowercased() == "server" }) {
            response.headers.append(("Server", "Windows-Azure-Blob/1.0 Microsoft-HTTPAPI/2.0"))
        }
        return response
    }

    private func log(_ request: EmulatorRequest, status: Int?, service: EmulatorService, fault: FaultDecision.Outcome?) {
        logger.debug("\(request.method) \(Redactor.redact(request.path + (request.rawQuery.isEmpty ? "" : "?" + request.rawQuery))) → \(status.map(String.init) ?? "dropped")\(fault.map { " [fault: \($0.rawValue)]" } ?? "")",
                     metadata: ["service": "\(service.rawValue)"])
    }
}
