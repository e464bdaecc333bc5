/// The matched dead letters of one blob that is decoded in parallel with others and held until the blobs before
/// it have been handed on (output order is blob name, then index). Bounded: when a blob's dead letters outgrow
/// `BlobHoldBudget`, `hold` throws and the blob is read again as a stream, in order, by the consumer, which hands
/// them on in batches as they decode. A 6 MB blob of 100k tiny events held whole was 90 MB.
struct HeldDeadLetters: Sendable {
    let budget: BlobHoldBudget
    private(set) var deadLetters: [DeadLetter] = []
    private(set) var estimatedBytes = 0

    init(budget: BlobHoldBudget) {
        self.budget = budget
    }

    /// Adds a decoded batch; throws `BlobHoldBudget.Exceeded` (holding nothing more) once over the budget.
    mutating func hold(_ batch: [DeadLetter]) throws(BlobHoldBudget.Exceeded) {
        for deadLetter in batch {
            estimatedBytes += BlobHoldBudget.estimatedSize(of: deadLetter)
            guard estimatedBytes <= budget.maxBytesPerBlob else {
                deadLetters = []
                throw BlobHoldBudget.Exceeded()
            }
            deadLetters.append(deadLetter)
        }
    }
}

/// How much one blob read in parallel may hold in decoded dead letters. Up to `concurrency` blobs run at once, each
/// with a share of one total, so running reads hold at most `totalBytes` (plus the floor per blob); blobs finished
/// and waiting for an earlier one are bounded separately (`DeadLetterScanner.maxWaitingBytes`).
struct BlobHoldBudget: Sendable, Equatable {
    /// The scan's total for held dead letters.
    static let totalBytes = 16 << 20
    /// Every blob may hold at least this much (about 500 dead letters of 1 KB), so that at high concurrency the
    /// usual small blobs are still decoded in parallel.
    static let minimumPerBlob = 256 << 10
    /// A decoded dead letter's memory besides its bytes: the box, the origin, the parsed attributes and facts
    /// (measured: 100k dead letters of 60 bytes held ~60 MB).
    static let perDeadLetterOverhead = 512

    let maxBytesPerBlob: Int

    init(concurrency: Int) {
        maxBytesPerBlob = max(Self.minimumPerBlob, Self.totalBytes / max(1, concurrency))
    }

    init(maxBytesPerBlob: Int) {
        self.maxBytesPerBlob = maxBytesPerBlob
    }

    static func estimatedSize(of deadLetter: DeadLetter) -> Int {
        deadLetter.bytes.count + perDeadLetterOverhead
    }

    /// Thrown by `HeldDeadLetters.hold` when a blob's dead letters are too many to hold.
    struct Exceeded: Error, CustomStringConvertible {
        var description: String { "the blob's dead letters exceed what a blob read in parallel may hold; it is streamed in order instead" }
    }
}
