import Foundation

/// What the emulator has seen since start (or the last reset): requests per operation (`listBlobs`, `getBlob`,
/// `publish.eventGrid`, …), per service, per status, and injected faults per kind. Tests use it to assert, say,
/// how many list calls a walk made.
public struct RequestCounters: Sendable, Equatable, Codable {
    public var operations: [String: Int] = [:]
    public var requestsByService: [String: Int] = [:]
    public var responsesByStatus: [String: Int] = [:]
    public var faults: [String: Int] = [:]
    /// Publish requests per sink (topic or entity name), e.g. `replay-topic`.
    public var publishesBySink: [String: Int] = [:]

    public init() {}

    public subscript(_ operation: BlobOperation) -> Int { operations[operation.rawValue] ?? 0 }

    /// Accepted or refused publish requests that reached a sink of this service.
    public func publishes(to service: EmulatorService) -> Int { operations[Self.publishKey(service)] ?? 0 }

    public func publishes(toSink name: String) -> Int { publishesBySink[name] ?? 0 }

    public func faults(_ kind: FaultDecision.Outcome) -> Int { faults[kind.rawValue] ?? 0 }

    /// Requests that were delayed by the latency settings, and of those, how many by a spike.
    public var delayedRequests: Int { faults[Self.latencyKey] ?? 0 }
    public var latencySpikes: Int { faults[Self.spikeKey] ?? 0 }
    /// List Blobs pages shortened by the page-size cap.
    public var cappedPages: Int { faults[Self.pageCapKey] ?? 0 }

    public func requests(to service: EmulatorService) -> Int { requestsByService[service.counterName] ?? 0 }

    static func publishKey(_ service: EmulatorService) -> String { "publish.\(service.counterName)" }
    static let latencyKey = "addedLatency"
    static let spikeKey = "latencySpike"
    static let pageCapKey = "pageSizeCapped"

    /// Pretty, key-sorted JSON for `GET /_emulator/counters`.
    func json() -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted]
        return Array((try? encoder.encode(self)) ?? Data("{}".utf8))
    }
}

/// The shared, mutable side of the counters.
actor CounterStore {
    private var counters = RequestCounters()

    func record(service: EmulatorService, operation: String?, status: Int?) {
        counters.requestsByService[service.counterName, default: 0] += 1
        if let operation { counters.operations[operation, default: 0] += 1 }
        if let status { counters.responsesByStatus[String(status), default: 0] += 1 }
    }

    func recordPublish(sink: String) {
        counters.publishesBySink[sink, default: 0] += 1
    }

    func recordFault(_ key: String) {
        counters.faults[key, default: 0] += 1
    }

    func snapshot() -> RequestCounters { counters }

    func reset() { counters = RequestCounters() }
}
