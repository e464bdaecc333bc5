/// The decode and scan tables: columns and one row per measured process.
enum DecodeTable {
    static let columns = [
        BenchColumn("events", "events"), BenchColumn("matched", "matched"),
        BenchColumn("seconds", "time", decimals: 2, unit: "s"), BenchColumn("eventsPerSecond", "events/s"),
        BenchColumn("mbps", "throughput", decimals: 1, unit: "MB/s"), BenchColumn("cpuSeconds", "CPU", decimals: 2, unit: "s"),
        BenchColumn("rssMiB", "peak RSS", decimals: 1, unit: "MiB"),
    ]

    /// `counts.events` of 0 (jq does not report it) means every event in the file; `matched` only with a filter.
    static func row(_ label: String, result: ChildProcessResult, counts: DecodeCounts?, bytes: Int, fileEvents: Int,
                    filtered: Bool) -> BenchRow {
        let events = (counts?.events ?? 0) > 0 ? counts!.events : fileEvents
        var values: [String: Double] = [
            "events": Double(events), "eventsPerSecond": Rate.perSecond(events, result.wallSeconds),
            "seconds": result.wallSeconds, "mbps": Rate.megabytesPerSecond(bytes, result.wallSeconds),
            "cpuSeconds": result.userSeconds + result.systemSeconds, "rssMiB": Rate.mebibytes(result.peakRSSBytes),
        ]
        if filtered, let counts { values["matched"] = Double(counts.matched) }
        return BenchRow(label, values: values)
    }
}
