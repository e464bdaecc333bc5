/// Decides, for each decoded value, whether it is passed on or skipped and why. Shared by blob and export
/// sources so that both account the same way.
struct EventClassifier: Sendable {
    let filter: DeadLetterFilter

    enum Verdict {
        case matched
        case skipped(String)
    }

    func classify(_ deadLetter: DeadLetter) -> Verdict {
        guard deadLetter.isEvent else { return .skipped(SkipReason.notADeadLetter) }
        if !filter.pushDown.eventTime.isUnbounded, let time = deadLetter.placementTime,
           !filter.pushDown.eventTime.contains(time) {
            return .skipped(SkipReason.outsideWindow)
        }
        if !filter.pushDown.deadLetterTime.isUnbounded, let time = deadLetter.deadLetteredTime,
           !filter.pushDown.deadLetterTime.contains(time) {
            return .skipped(SkipReason.outsideWindow)
        }
        return filter.matches(deadLetter) ? .matched : .skipped(SkipReason.filteredOut)
    }

    /// Sorts a decoder item into the tally and its problem (if any) into `problems`; returns the dead letter when it
    /// is to be passed on.
    func take(_ item: DeadLetterDecoder.Item, into tally: inout ScanTally, problems: inout BlobProblems) -> DeadLetter? {
        switch item {
        case .invalid(let problem):
            tally.eventsRead += 1
            tally.skip(SkipReason.unparseable)
            problems.record(problem.description)
            return nil
        case .deadLetter(let deadLetter):
            tally.eventsRead += 1
            switch classify(deadLetter) {
            case .matched:
                tally.matched += 1
                return deadLetter
            case .skipped(let reason):
                tally.skip(reason)
                if reason == SkipReason.notADeadLetter {
                    problems.record("value \(deadLetter.origin.index) is not a dead letter (JSON without CloudEvents or Event Grid attributes)")
                }
                return nil
            }
        }
    }
}
