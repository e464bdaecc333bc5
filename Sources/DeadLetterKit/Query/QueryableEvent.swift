/// What the query engine needs from a dead letter: the value of each field the filters and `--where` can name.
///
/// The engine knows nothing of how an event was decoded; `DeadLetter` conforms in the Events layer, and tests use
/// small structs. Conformers must follow these rules, which the filter semantics depend on:
/// - Return nil when the event has no such field (the engine treats it as *missing*, see `WhereExpression`).
/// - `time` is the event's own time; when it has none (ADT telemetry has no `time`; Event Grid writes
///   `0001-01-01T00:00:00Z`), return the dead-letter time instead, so every event has a place in time.
/// - `deadlettered` is when the event was dead-lettered: the folder hour, or the blob's last-modified time.
/// - Multi-valued fields return `.list`: `twin` is the twin of twin and telemetry events and *both* the source and
///   target twin of relationship events; `patch.path` is every path a JSON Patch touched.
/// - `data(path:)` walks the event's `data`; a numeric segment indexes an array when the node is an array and is an
///   ordinary key when the node is an object.
/// - Time fields return `.time`, `attempts` returns `.number`, the other named fields return `.string` (or `.list`
///   of them); `data` paths return whatever JSON holds (`.string`, `.number`, `.bool`, `.null`, `.list` for arrays).
///   A JSON object under a `data` path has no comparable value: return `.list([])` for it, so that `exists` holds
///   and every comparison fails.
public protocol QueryableEvent {
    /// The value of a field, or nil when the event has none. Multi-valued fields (e.g. `twin`: the twin of twin events,
    /// the source and target twin of relationship events; `patch.path`: every path a JSON Patch touched) return `.list`.
    func queryValue(_ field: QueryField) -> QueryValue?
}
