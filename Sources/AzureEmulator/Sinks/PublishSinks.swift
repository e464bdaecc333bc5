import Foundation

/// The emulator's publish side: Event Grid topics, Event Hubs and Service Bus entities on the same server as the Blob
/// service. Each accepted message is recorded so tests can assert exactly what arrived (`received(_:)`,
/// `receivedJSONL(_:)`, `GET /_emulator/sinks/<name>/received`, and `SinkConfiguration.recordFile`).
public final class PublishSinks: Sendable {
    public let configuration: SinkConfiguration
    private let store: SinkStore
    private let now: @Sendable () -> Date

    public convenience init(configuration: SinkConfiguration) {
        self.init(configuration: configuration, now: { Date() })
    }

    /// `now` lets tests move time (token expiry, duplicate-detection windows) without sleeping.
    init(configuration: SinkConfiguration, now: @escaping @Sendable () -> Date) {
        self.configuration = configuration
        self.store = SinkStore(recordFile: configuration.recordFile, retentionLimit: configuration.retainedMessagesPerSink)
        self.now = now
    }

    /// Answers a request meant for a sink; nil when the request belongs to another service (the Blob service).
    public func handle(_ request: EmulatorRequest) async -> EmulatorResponse? {
        guard let route = SinkRoute(request) else { return nil }
        switch route {
        case .eventGrid(let topicName):
            guard let topic = configuration.topic(named: topicName) else {
                let rejection = SinkRejection.unknownTopic(name: topicName)
                await store.reject(sink: topicName, rejection)
                return EventGridErrorBody.response(for: rejection)
            }
            let sink = EventGridSink(name: topic.name, config: topic.config, now: now())
            return await record(sink: topic.name, request: request, window: nil, accept: sink.accept,
                                success: EmulatorResponse(status: 200), failure: EventGridErrorBody.response(for:))
        case .messaging(let entityName):
            guard let entity = configuration.entity(named: entityName) else {
                let rejection = SinkRejection.unknownEntity(name: entityName)
                await store.reject(sink: entityName, rejection)
                return MessagingErrorBody.response(for: rejection, kind: nil)
            }
            let sink = MessagingSink(name: entity.name, config: entity.config, now: now())
            return await record(sink: entity.name, request: request, window: entity.config.duplicateDetectionWindow, accept: sink.accept,
                                success: EmulatorResponse(status: 201), failure: { MessagingErrorBody.response(for: $0, kind: entity.config.kind) })
        case .receivedLog(let sinkName):
            guard isConfigured(sinkName) else { return unknownSinkResponse(sinkName) }
            return EmulatorResponse(status: 200, headers: [("Content-Type", "application/x-ndjson")], body: await receivedJSONL(sinkName))
        case .counters(let sinkName):
            guard isConfigured(sinkName) else { return unknownSinkResponse(sinkName) }
            let json = await counters(sinkName).json
            return EmulatorResponse(status: 200, headers: [("Content-Type", "application/json")], body: Array(json.utf8))
        }
    }

    private func record(sink: String, request: EmulatorRequest, window: TimeInterval?,
                        accept: (EmulatorRequest) throws(SinkRejection) -> [PendingMessage],
                        success: EmulatorResponse, failure: (SinkRejection) -> EmulatorResponse) async -> EmulatorResponse {
        let pending: [PendingMessage]
        do {
            pending = try accept(request)
        } catch {
            await store.reject(sink: sink, error)
            return failure(error)
        }
        do {
            try await store.accept(sink: sink, pending, at: now(), duplicateDetectionWindow: window)
        } catch {
            return failure(error)
        }
        return success
    }

    /// Which service a request is for, so fault injection can target it; nil for Blob requests and the
    /// emulator's own read-back endpoints. Requests for unknown entities count as Service Bus (their answer is 410).
    public func service(for request: EmulatorRequest) -> EmulatorService? {
        switch SinkRoute(request) {
        case .eventGrid: return .eventGrid
        case .messaging(let entity): return configuration.entity(named: entity)?.config.kind == .eventHub ? .eventHubs : .serviceBus
        case .receivedLog, .counters, nil: return nil
        }
    }

    /// What the sink accepted, in arrival order.
    public func received(_ sink: String) async -> [ReceivedMessage] {
        await store.received(sink)
    }

    /// The body of `GET /_emulator/sinks/<name>/received`: one `ReceivedMessage.jsonlLine` per accepted message.
    public func receivedJSONL(_ sink: String) async -> [UInt8] {
        await store.received(sink).reduce(into: [UInt8]()) { $0.append(contentsOf: $1.jsonlLine) }
    }

    public func counters(_ sink: String) async -> SinkCounters {
        await store.counters(sink)
    }

    /// Forgets everything received and counted (the record file, if any, is left as it is).
    public func reset() async {
        await store.reset()
    }

    private func isConfigured(_ sink: String) -> Bool {
        configuration.eventGridTopics[sink] != nil || configuration.messagingEntities[sink] != nil
    }

    private func unknownSinkResponse(_ sink: String) -> EmulatorResponse {
        let body = "{\"error\":{\"code\":\"NotFound\",\"message\":\(SinkJSONWriter.quoted("the emulator has no sink named '\(sink)'"))}}"
        return EmulatorResponse(status: 404, headers: [("Content-Type", "application/json")], body: Array(body.utf8))
    }
}
