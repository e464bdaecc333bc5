import DeadLetterKit

/// One input of the `bounds` section (issue 7, item 6): a container holding one pathological shape, and what every
/// command must make of it. Each is its own container so that a run reads exactly that input.
struct BoundsInput: Sendable {
    enum Shape: Sendable {
        /// One Event Grid dead-letter blob: a JSON array of dead letters totalling about `bytes`.
        case eventGridArray(bytes: Int)
        /// One blob holding a single event of about `bytes`, far over the per-event limit.
        case singleEvent(bytes: Int)
        /// One Event Grid dead-letter blob: an array of `elements` dead letters of the usual size.
        case eventGridElements(Int)
        /// One blob: an array of `elements` minimal CloudEvents, small enough to be read whole rather than streamed.
        case tinyCloudEvents(Int)
        /// One blob: an array of `elements` JSON objects that are not events (each must be counted, none kept).
        case notEvents(Int)
        /// `blobs` blobs in one hour folder, each name about 1,000 characters long: one List Blobs page of that many.
        case longNames(blobs: Int)
    }

    /// What a run must report, so that a low peak RSS is not the result of reading nothing.
    struct Expectation: Sendable {
        var exitCode: Int32
        var matched: Int
        var blobsNotRead: Int
        /// Text the summary on stderr must contain (the reason a blob was not read).
        var reason: String?
    }

    var name: String
    var shape: Shape
    var summary: String

    var container: String { "bounds-\(name)" }

    /// The inputs at full size (the issue's) or quick size (a smaller 1 GB-class blob; the counts stay).
    static func all(quick: Bool) -> [BoundsInput] {
        // The size is in the name, so that quick and full runs never reuse each other's generated input.
        let big = quick ? 128 << 20 : 1 << 30
        let (label, suffix) = quick ? ("128 MiB", "128mib") : ("1 GiB", "1gib")
        return [
            BoundsInput(name: "array-\(suffix)", shape: .eventGridArray(bytes: big), summary: "\(label) Event Grid array blob"),
            BoundsInput(name: "event-\(suffix)", shape: .singleEvent(bytes: big), summary: "\(label) single event (over the limit)"),
            BoundsInput(name: "array-100k", shape: .eventGridElements(100_000), summary: "100k-element Event Grid array"),
            BoundsInput(name: "array-100k-tiny", shape: .tinyCloudEvents(100_000), summary: "100k tiny CloudEvents, < 8 MiB"),
            BoundsInput(name: "array-100k-not-events", shape: .notEvents(100_000), summary: "100k objects that are not events"),
            BoundsInput(name: "listing-5000", shape: .longNames(blobs: 5000), summary: "5000 names of ~1,000 chars, one page"),
        ]
    }

    /// `events` is what the generator wrote (for the array shapes: the number of dead letters in the blob).
    func expectation(events: Int, limit: Int) -> Expectation {
        switch shape {
        case .eventGridArray, .eventGridElements, .tinyCloudEvents, .longNames:
            return Expectation(exitCode: 0, matched: events, blobsNotRead: 0)
        case .singleEvent:
            return Expectation(exitCode: 2, matched: 0, blobsNotRead: 1, reason: "larger than the \(limit)-byte limit")
        case .notEvents:
            return Expectation(exitCode: 2, matched: 0, blobsNotRead: 1, reason: "is not a dead letter")
        }
    }
}
