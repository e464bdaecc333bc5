import AzureCore
import Foundation

/// Carries out the blob verdicts of `ReplayBlobTracker` for `--after delete|tag`, and reports what became of each
/// blob. A blob is touched only when every one of its selected events was acknowledged; with a filter in play it
/// is also re-counted first, and kept unless the replay covered all of its events.
struct ReplayAfterActions: Sendable {
    let action: ReplayAfterAction
    let blobs: (any ReplaySourceBlobActions)?
    let sourceIsFiltered: Bool
    let now: @Sendable () -> Date

    enum Result: Sendable, Equatable {
        case deleted
        case tagged
        /// Kept, with the reason (an event failed, the filter left events out, or the action is `keep`).
        case kept(String)
        case failed(String)
    }

    var isActive: Bool { action != .keep && blobs != nil }

    func apply(_ verdict: ReplayBlobTracker.Verdict) async -> (ReplayBlobReference, Result) {
        switch verdict {
        case .keep(let blob, let failed, let events):
            return (blob, .kept("\(failed) of its \(events) events could not be sent"))
        case .complete(let blob, let events):
            guard let blobs, action != .keep else { return (blob, .kept("--after keep")) }
            do {
                if sourceIsFiltered {
                    let total = try await blobs.eventCount(of: blob)
                    guard total == events else {
                        return (blob, .kept("it holds \(total) events and \(events) were replayed (a filter left the others out)"))
                    }
                }
                switch action {
                case .delete:
                    try await blobs.deleteBlob(blob)
                    return (blob, .deleted)
                case .tag:
                    try await blobs.tagBlob(blob, tags: [ReplayAfterAction.tagName: RFC3339.format(now())])
                    return (blob, .tagged)
                case .keep:
                    return (blob, .kept("--after keep"))
                }
            } catch {
                return (blob, .failed(Redactor.redact("\(error)")))
            }
        }
    }
}
