import AzureCore
import Foundation

/// The answer to an injected 503 / 500 / 429, in the error format of the service it pretends to come from.
enum InjectedFaultResponse {
    static func make(_ outcome: FaultDecision.Outcome, service: EmulatorService, plan: FaultPlan, requestID: String, now: Date) -> EmulatorResponse? {
        guard let fault = Fault(outcome) else { return nil }
        var response: EmulatorResponse
        switch service {
        case .blob:
            let error = BlobServiceError(status: fault.status, code: fault.storageCode, message: fault.storageMessage)
            response = error.response(requestID: requestID, time: now, includeBody: true)
        case .eventGrid:
            let body = "{\"error\":{\"code\":\"\(fault.eventGridCode)\",\"message\":\"\(fault.storageMessage) (injected by the emulator) Report '\(requestID)' to our forums for assistance or raise a support ticket.\"}}"
            response = EmulatorResponse(status: fault.status, headers: [("Content-Type", "application/json; charset=utf-8")], body: Array(body.utf8))
        case .eventHubs, .serviceBus:
            let detail = "\(fault.storageMessage) (injected by the emulator) TrackingId:\(requestID), Timestamp:\(AzureTimestamp.iso8601(now))"
            let body = "<Error><Code>\(fault.status)</Code><Detail>\(XMLText.escape(detail))</Detail></Error>"
            response = EmulatorResponse(status: fault.status, headers: [("Content-Type", "application/xml; charset=utf-8")], body: Array(body.utf8))
        }
        if fault.status == 503 || fault.status == 429 { response.headers.append(("Retry-After", String(plan.retryAfterSeconds))) }
        return response
    }

    private struct Fault {
        var status: Int
        var storageCode: String
        var storageMessage: String
        var eventGridCode: String

        init?(_ outcome: FaultDecision.Outcome) {
            switch outcome {
            case .serverBusy:
                self.init(status: 503, storageCode: "ServerBusy",
                          storageMessage: "The server is currently unable to receive requests. Please retry your request.", eventGridCode: "ServiceUnavailable")
            case .internalError:
                self.init(status: 500, storageCode: "InternalError",
                          storageMessage: "Server encountered an internal error. Please try again after some time.", eventGridCode: "InternalServerError")
            case .operationTimedOut:
                self.init(status: 500, storageCode: "OperationTimedOut",
                          storageMessage: "Operation could not be completed within the specified time.", eventGridCode: "InternalServerError")
            case .throttled:
                self.init(status: 429, storageCode: "TooManyRequests",
                          storageMessage: "The request was throttled. Please retry after the time in Retry-After.", eventGridCode: "TooManyRequests")
            case .none, .droppedConnection, .truncatedBody, .hung, .responseLost:
                return nil
            }
        }

        init(status: Int, storageCode: String, storageMessage: String, eventGridCode: String) {
            self.status = status
            self.storageCode = storageCode
            self.storageMessage = storageMessage
            self.eventGridCode = eventGridCode
        }
    }
}
