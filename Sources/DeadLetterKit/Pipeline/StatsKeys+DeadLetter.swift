import Foundation

extension StatsKeys {
    /// The keys of one dead letter for an aggregator grouping by `dimensions`: the times every report needs, and
    /// of the other keys only those a dimension groups by (the rest stay nil and are never read). An ADT twin or
    /// model is read from the event's data, which `stats` without `--by twin` or `--by model` should not pay for
    /// on every event.
    public init(_ deadLetter: DeadLetter, dimensions: [StatsDimension]) {
        let adt = dimensions.contains(.model) ? deadLetter.adt : dimensions.contains(.twin) ? deadLetter.adtTwins : nil
        self.init(type: dimensions.contains(.type) ? deadLetter.attributes.type : nil,
                  twin: adt?.twinIDs.first,
                  endpoint: dimensions.contains(.endpoint) ? deadLetter.origin.endpoint : nil,
                  reason: dimensions.contains(.reason) ? deadLetter.facts.reason : nil,
                  model: adt?.modelId,
                  eventTime: deadLetter.attributes.time,
                  deadLetteredTime: deadLetter.deadLetteredTime)
    }
}
