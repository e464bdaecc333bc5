import AzureCore
import Foundation

/// Which sink, if any, a request is for. Sink URLs are path-style like the Blob service's:
/// `POST /<topic>/api/events`, `POST /<entity>/messages`, and the emulator's read-back endpoints
/// `GET /_emulator/sinks/<name>/received` and `GET /_emulator/sinks/<name>/counters`.
/// Requests with `comp=` belong to the Blob service (its only POST is `comp=batch`), so they never match here.
enum SinkRoute: Equatable {
    case eventGrid(topic: String)
    case messaging(entity: String)
    case receivedLog(sink: String)
    case counters(sink: String)

    static let controlPrefix = ["_emulator", "sinks"]

    init?(_ request: EmulatorRequest) {
        var segments = request.path.split(separator: "/", omittingEmptySubsequences: false).dropFirst().map { PercentEncoding.decode(String($0)) }
        if segments.last == "" { segments.removeLast() }
        guard !segments.isEmpty, !segments.contains(""), request.queryValue("comp") == nil else { return nil }
        let method = request.method.uppercased()

        if method == "GET", segments.count == 4, Array(segments[0..<2]) == Self.controlPrefix {
            switch segments[3] {
            case "received": self = .receivedLog(sink: segments[2]); return
            case "counters": self = .counters(sink: segments[2]); return
            default: return nil
            }
        }
        guard method == "POST" else { return nil }
        if segments.count == 3, segments[1].lowercased() == "api", segments[2].lowercased() == "events" {
            self = .eventGrid(topic: segments[0])
            return
        }
        // Entity names may contain '/' (Service Bus paths), so everything before `/messages` names the entity.
        if segments.count >= 2, segments[segments.count - 1].lowercased() == "messages" {
            self = .messaging(entity: segments.dropLast().joined(separator: "/"))
            return
        }
        return nil
    }
}
