import Foundation

/// The one pipeline every command runs: SOURCE → walk (pruned) → concurrent, ordered download + decode →
/// classify and filter → the command's consumer. Ends with the run's accounting: every blob listed is read,
/// skipped (with a reason) or failed (named once, with the reason).
public struct DeadLetterScanner: Sendable {
    public let source: ScanSource
    public let options: ScanOptions

    public init(source: ScanSource, options: ScanOptions) {
        self.source = source
        self.options = options
    }

    /// Runs the scan, handing each matched dead letter to `consume` in order (blob name, then index).
    public func run(progress: ProgressReporter? = nil,
                    consume: (DeadLetter) async throws -> ScanControl) async throws -> RunSummary {
        let clock = ContinuousClock()
        let started = clock.now
        var summary: RunSummary
        switch source {
        case .container(let lister, let reader, let description):
            summary = try await scanContainer(lister: lister, reader: reader, description: description,
                                              progress: progress, consume: consume)
        case .exportFile(let path):
            summary = try await scanExport(path: path, progress: progress, consume: consume)
        }
        summary.elapsed = clock.now - started
        await progress?.finish()
        return summary
    }

    /// The walk this scan makes: time and endpoint constraints of the filter pushed down to folder pruning.
    public func walkPlan() throws -> WalkPlan {
        let pushDown = options.filter.pushDown
        var window = WalkTimeWindow.unbounded
        if !pushDown.deadLetterTime.isUnbounded {
            window = .deadLetterTime(from: pushDown.deadLetterTime.since, to: Self.closedEnd(pushDown.deadLetterTime.upper))
        } else if !pushDown.eventTime.isUnbounded {
            window = .eventTime(since: pushDown.eventTime.since, until: Self.closedEnd(pushDown.eventTime.upper))
        }
        return WalkPlan(groups: try groupPatterns(pushDown.endpoints), window: window,
                        maxDeliveryDelay: options.maxDeliveryDelay, forcedLayout: options.layout, shard: options.shard)
    }

    /// The walker's folder window is closed, while `--until` is exclusive: passed as is, the hour folder that starts
    /// exactly at `--until` (which cannot hold a match) would be listed and read too. A millisecond less keeps it out.
    static func closedEnd(_ bound: QueryTimeWindow.Bound?) -> Date? {
        guard let bound else { return nil }
        return bound.isInclusive ? bound.date : bound.date.addingTimeInterval(-0.001)
    }

    /// Endpoint globs the walker can prune on. Only a single group of `*`/`?` globs translates exactly; anything
    /// else lists every group (a superset) and leaves the exact test to the filter after decoding.
    func groupPatterns(_ selection: QueryEndpointSelection?) throws -> [GroupPattern]? {
        guard let selection, let first = selection.groups.first else { return nil }
        guard first.allSatisfy({ !$0.pattern.contains("[") && !$0.pattern.contains("\\") }) else { return nil }
        return try first.map { try GroupPattern($0.pattern) }
    }
}

/// Thrown inside the pipeline when the consumer asked to stop; never escapes `run`.
struct ScanStopped: Error {}
