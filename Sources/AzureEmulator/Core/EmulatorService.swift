/// The emulated Azure services. Fault plans, request numbering and counters are kept per service, so a test can make
/// Event Grid flaky while the Blob service stays healthy.
public enum EmulatorService: String, Sendable, Hashable, CaseIterable, Codable, CustomStringConvertible {
    case blob = "blob"
    case eventGrid = "eventgrid"
    case eventHubs = "eventhubs"
    case serviceBus = "servicebus"

    /// Parses the names used on the command line and in admin URLs (`blob`, `eventgrid`, `event-grid`, `eventGrid`…).
    public init?(name: String) {
        let folded = name.lowercased().filter { $0 != "-" && $0 != "_" }
        guard let match = Self.allCases.first(where: { $0.rawValue == folded }) else { return nil }
        self = match
    }

    public var description: String { rawValue }

    /// The `Key` under which counters and JSON documents name the service.
    var counterName: String {
        switch self {
        case .blob: return "blob"
        case .eventGrid: return "eventGrid"
        case .eventHubs: return "eventHubs"
        case .serviceBus: return "serviceBus"
        }
    }
}
