/// What every section gets: where things are, how big to make them, and the data generator.
struct BenchContext: Sendable {
    var paths: BenchPaths
    var sizes: BenchSizes
    var quick: Bool
    var data: BenchData { BenchData(paths: paths) }
}

/// One benchmark section (a table in the output).
protocol BenchSection: Sendable {
    /// The name used on the command line (`tools/bench xml walk`).
    var name: String { get }
    var title: String { get }
    func run(_ context: BenchContext) async throws -> BenchSectionReport
}

/// Throughput helpers shared by the sections.
enum Rate {
    static func perSecond(_ count: Int, _ seconds: Double) -> Double { seconds > 0 ? Double(count) / seconds : 0 }
    /// Decimal megabytes per second.
    static func megabytesPerSecond(_ bytes: Int, _ seconds: Double) -> Double { perSecond(bytes, seconds) / 1e6 }
    static func mebibytes(_ bytes: Int) -> Double { Double(bytes) / 1_048_576 }
}
