/// How big each section's inputs are: the issues' sizes by default, small ones with `--quick`.
struct BenchSizes: Sendable, Codable {
    /// Entries in the List Blobs page, and how many times each parser reads it.
    var xmlEntries = 5000
    var xmlIterations: Int
    /// Days of hour folders in the walk container and blobs in each hour folder.
    var walkDays = 30
    var walkBlobsPerHour: Int
    /// Events in the decode input (issue 4).
    var decodeEvents: Int
    /// The two export files `stats`/`export` run over; RSS must stay flat from the small to the large one.
    var scanSmallEvents: Int
    var scanLargeEvents: Int
    /// Blobs in the emulator container exported over HTTP.
    var emulatorBlobs: Int
    /// A larger container exported by deadletter alone, to check that its peak RSS stays flat as the input grows.
    var emulatorLargeBlobs: Int
    /// Events replayed into each sink.
    var replayEvents: Int
    /// Runs of each short measured process (decode, scan); the fastest counts. Small inputs on shared cores are
    /// noisy, so quick runs take the best of three; full runs are one run, as the issues ask.
    var repetitions: Int

    static let full = BenchSizes(xmlIterations: 20, walkBlobsPerHour: 100, decodeEvents: 1_000_000,
                                 scanSmallEvents: 100_000, scanLargeEvents: 1_000_000, emulatorBlobs: 100_000, emulatorLargeBlobs: 1_000_000,
                                 replayEvents: 1_000_000, repetitions: 1)
    static let quick = BenchSizes(xmlIterations: 5, walkBlobsPerHour: 20, decodeEvents: 50_000,
                                  scanSmallEvents: 10_000, scanLargeEvents: 50_000, emulatorBlobs: 10_000, emulatorLargeBlobs: 100_000,
                                  replayEvents: 50_000, repetitions: 3)
}
