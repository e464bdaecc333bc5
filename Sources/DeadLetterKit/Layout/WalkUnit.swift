/// A group folder found by the walk: the folders before the year, e.g. `["eventgridtoasb", "ASB-SUB-2-STORAGE"]`.
struct WalkGroup: Sendable, Hashable {
    var segments: [String]
    /// The folder's listing prefix, `eventgridtoasb/ASB-SUB-2-STORAGE/`.
    var prefix: String
    var path: String { segments.joined(separator: "/") }
}

/// An hour folder that survived pruning.
struct WalkHourFolder: Sendable, Hashable {
    var group: WalkGroup
    var year: Int
    var month: Int
    var day: Int
    var hour: Int
    /// `ep1/2024/1/5/13/` as it appears in the container (padded or not).
    var prefix: String
}

/// One step of output, in output order: the discovery yields these, the executor lists them in parallel and emits
/// their items in the order they were discovered.
enum WalkUnit: Sendable {
    /// List the hour folder; its blobs are the dead letters.
    case hour(WalkHourFolder)
    /// List a folder outside the layouts flat; every blob in it is unrecognized.
    case unrecognizedFolder(prefix: String, reason: WalkUnrecognizedReason)
    /// Blobs already listed (stray blobs between folders); nothing left to list.
    case unrecognizedBlobs([BlobItem], WalkUnrecognizedReason)
}
