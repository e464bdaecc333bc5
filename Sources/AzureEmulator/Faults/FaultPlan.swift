/// How unreliable one emulated service should be. Rates are probabilities per request (0…1); the six outcome rates
/// are mutually exclusive and must add up to at most 1. Latency applies on top of any outcome.
///
/// A plan is plain data: the same plan, seed and request number always give the same `FaultDecision`.
public struct FaultPlan: Sendable, Equatable, Codable {
    /// 503 ServerBusy with `Retry-After` (Event Grid / Service Bus: their own 503 bodies).
    public var serverBusyRate: Double
    /// 500, half `InternalError` and half `OperationTimedOut` (decided by the same seeded draw).
    public var internalErrorRate: Double
    /// 429 Too Many Requests with `Retry-After`.
    public var throttleRate: Double
    /// The connection is closed before any answer is written; the request is not processed.
    public var dropRate: Double
    /// The request is processed, then the answer's headers (with the full Content-Length) and only part of its body
    /// are sent before the connection is closed. An answer with no body to cut (a sink's 201, a HEAD) is lost whole
    /// instead: processed, then the connection closes before the head (counted as `responseLost`), which is what
    /// makes a client resend a publish the sink already recorded.
    public var truncateRate: Double
    /// Slow loris: the request is read and never answered (nor processed); the connection stays open until the client
    /// gives up or the emulator stops. Only a client-side timeout ends such a request.
    public var hangRate: Double
    /// Added to every request of the service before it is processed.
    public var latencyMilliseconds: Int
    /// A uniformly drawn extra delay in 0…jitter.
    public var latencyJitterMilliseconds: Int
    /// Occasional much longer delays: with this probability, `latencySpikeMilliseconds` more.
    public var latencySpikeRate: Double
    public var latencySpikeMilliseconds: Int
    /// The `Retry-After` value (seconds) sent with 503 and 429.
    public var retryAfterSeconds: Int
    /// Caps List Blobs page size below what the client asked for; the answer still carries a NextMarker when more
    /// blobs remain, as Azure may return fewer results than `maxresults`.
    public var maxPageSize: Int?

    public init(serverBusyRate: Double = 0, internalErrorRate: Double = 0, throttleRate: Double = 0, dropRate: Double = 0,
                truncateRate: Double = 0, hangRate: Double = 0, latencyMilliseconds: Int = 0, latencyJitterMilliseconds: Int = 0,
                latencySpikeRate: Double = 0, latencySpikeMilliseconds: Int = 0, retryAfterSeconds: Int = 1,
                maxPageSize: Int? = nil) {
        self.serverBusyRate = serverBusyRate
        self.internalErrorRate = internalErrorRate
        self.throttleRate = throttleRate
        self.dropRate = dropRate
        self.truncateRate = truncateRate
        self.hangRate = hangRate
        self.latencyMilliseconds = latencyMilliseconds
        self.latencyJitterMilliseconds = latencyJitterMilliseconds
        self.latencySpikeRate = latencySpikeRate
        self.latencySpikeMilliseconds = latencySpikeMilliseconds
        self.retryAfterSeconds = retryAfterSeconds
        self.maxPageSize = maxPageSize
    }

    /// No faults, no latency.
    public static let none = FaultPlan()

    public var isQuiet: Bool { self == .none || (outcomeRateTotal == 0 && latencyMilliseconds == 0 && latencyJitterMilliseconds == 0
                                                  && latencySpikeRate == 0 && maxPageSize == nil) }

    var outcomeRateTotal: Double { serverBusyRate + internalErrorRate + throttleRate + dropRate + truncateRate + hangRate }

    /// Checks the rates and durations; the message names the offending field.
    public func validated() throws -> FaultPlan {
        let rates: [(String, Double)] = [("serverBusyRate", serverBusyRate), ("internalErrorRate", internalErrorRate),
                                         ("throttleRate", throttleRate), ("dropRate", dropRate), ("truncateRate", truncateRate),
                                         ("hangRate", hangRate), ("latencySpikeRate", latencySpikeRate)]
        for (name, rate) in rates where !(0...1).contains(rate) {
            throw FaultPlanError.rateOutOfRange(field: name, value: rate)
        }
        if outcomeRateTotal > 1.000_000_1 { throw FaultPlanError.ratesExceedOne(total: outcomeRateTotal) }
        let durations: [(String, Int)] = [("latencyMilliseconds", latencyMilliseconds), ("latencyJitterMilliseconds", latencyJitterMilliseconds),
                                          ("latencySpikeMilliseconds", latencySpikeMilliseconds), ("retryAfterSeconds", retryAfterSeconds)]
        for (name, value) in durations where value < 0 { throw FaultPlanError.negative(field: name, value: value) }
        if let cap = maxPageSize, cap < 1 { throw FaultPlanError.negative(field: "maxPageSize", value: cap) }
        return self
    }

    // Every field is optional in JSON so `PUT /_emulator/faults/blob {"serverBusyRate":0.2}` works.
    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(serverBusyRate: try c.decodeIfPresent(Double.self, forKey: .serverBusyRate) ?? 0,
                  internalErrorRate: try c.decodeIfPresent(Double.self, forKey: .internalErrorRate) ?? 0,
                  throttleRate: try c.decodeIfPresent(Double.self, forKey: .throttleRate) ?? 0,
                  dropRate: try c.decodeIfPresent(Double.self, forKey: .dropRate) ?? 0,
                  truncateRate: try c.decodeIfPresent(Double.self, forKey: .truncateRate) ?? 0,
                  hangRate: try c.decodeIfPresent(Double.self, forKey: .hangRate) ?? 0,
                  latencyMilliseconds: try c.decodeIfPresent(Int.self, forKey: .latencyMilliseconds) ?? 0,
                  latencyJitterMilliseconds: try c.decodeIfPresent(Int.self, forKey: .latencyJitterMilliseconds) ?? 0,
                  latencySpikeRate: try c.decodeIfPresent(Double.self, forKey: .latencySpikeRate) ?? 0,
                  latencySpikeMilliseconds: try c.decodeIfPresent(Int.self, forKey: .latencySpikeMilliseconds) ?? 0,
                  retryAfterSeconds: try c.decodeIfPresent(Int.self, forKey: .retryAfterSeconds) ?? 1,
                  maxPageSize: try c.decodeIfPresent(Int.self, forKey: .maxPageSize))
    }
}

public enum FaultPlanError: Error, CustomStringConvertible, Equatable {
    case rateOutOfRange(field: String, value: Double)
    case ratesExceedOne(total: Double)
    case negative(field: String, value: Int)

    public var description: String {
        switch self {
        case .rateOutOfRange(let field, let value):
            return "fault plan field \(field) is \(value); rates are probabilities between 0 and 1"
        case .ratesExceedOne(let total):
            return "the 503, 500, 429, drop, truncate and hang rates add up to \(total); together they must not exceed 1"
        case .negative(let field, let value):
            return "fault plan field \(field) is \(value); it must be positive"
        }
    }
}
