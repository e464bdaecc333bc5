/// What `stats --by` can group on. Several nest in the order given: `--by type --by twin` counts twins within
/// each type.
public enum StatsDimension: String, CaseIterable, Sendable {
    case type, twin, endpoint, reason, model
    /// The UTC hour, or day, of the event time (the dead-letter time for events without a time of their own).
    case hour, day
}
