import Foundation

/// The emulator's own control endpoints under `/_emulator/` (never faulted, no authentication: the emulator is a
/// local test tool):
/// - `GET /_emulator/health` → 200 `ok`
/// - `GET /_emulator/counters` → the request counters as JSON; `POST /_emulator/counters/reset` → 204
/// - `GET /_emulator/faults/<service>` → the fault plan as JSON; `PUT` the same with a JSON body (every field
///   optional) replaces it. `<service>` is `blob`, `eventgrid`, `eventhubs` or `servicebus` (`PUT` also takes `all`).
/// Sink read-back endpoints (`/_emulator/sinks/…`) belong to the sinks.
struct AdminEndpoints: Sendable {
    let counters: CounterStore
    let faults: FaultSchedule

    func handle(_ request: EmulatorRequest) async -> EmulatorResponse? {
        let segments = request.path.split(separator: "/").map(String.init)
        guard segments.first == "_emulator", segments.count >= 2 else { return nil }
        let method = request.method.uppercased()
        switch (method, Array(segments.dropFirst())) {
        case ("GET", ["health"]):
            return EmulatorResponse(status: 200, headers: [("Content-Type", "text/plain")], body: Array("ok\n".utf8))
        case ("GET", ["counters"]):
            return EmulatorResponse(status: 200, headers: [("Content-Type", "application/json")], body: await counters.snapshot().json())
        case ("POST", ["counters", "reset"]):
            await counters.reset()
            return EmulatorResponse(status: 204)
        case ("GET", let path) where path.count == 2 && path[0] == "faults":
            guard let service = EmulatorService(name: path[1]) else { return Self.unknownService(path[1]) }
            return Self.json(200, await faults.plan(for: service))
        case ("PUT", let path) where path.count == 2 && path[0] == "faults":
            let services = path[1].lowercased() == "all" ? EmulatorService.allCases : EmulatorService(name: path[1]).map { [$0] } ?? []
            guard !services.isEmpty else { return Self.unknownService(path[1]) }
            do {
                let plan = try JSONDecoder().decode(FaultPlan.self, from: Data(request.body)).validated()
                for service in services { await faults.setPlan(plan, for: service) }
                return Self.json(200, plan)
            } catch let error as FaultPlanError {
                return Self.problem(400, "\(error)")
            } catch {
                return Self.problem(400, "the body is not a fault plan in JSON (e.g. {\"serverBusyRate\":0.1}): \(error)")
            }
        default:
            return nil
        }
    }

    private static func json<T: Encodable>(_ status: Int, _ value: T) -> EmulatorResponse {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let body = (try? encoder.encode(value)).map(Array.init) ?? Array("{}".utf8)
        return EmulatorResponse(status: status, headers: [("Content-Type", "application/json")], body: body)
    }

    static func problem(_ status: Int, _ message: String) -> EmulatorResponse {
        let escaped = message.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
            .replacingOccurrences(of: "\n", with: "\\n")
        return EmulatorResponse(status: status, headers: [("Content-Type", "application/json")],
                                body: Array("{\"error\":{\"code\":\"EmulatorAdmin\",\"message\":\"\(escaped)\"}}".utf8))
    }

    private static func unknownService(_ name: String) -> EmulatorResponse {
        problem(404, "unknown service '\(name)'; use blob, eventgrid, eventhubs or servicebus")
    }
}
