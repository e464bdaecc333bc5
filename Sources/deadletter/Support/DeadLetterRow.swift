import DeadLetterKit
import Foundation

/// The one-line view of a dead letter that `ls` prints in every format.
struct DeadLetterRow {
    static let titles = ["time", "endpoint", "type", "twin", "id", "reason", "blob"]

    let values: [String?]

    init(_ deadLetter: DeadLetter) {
        let time = deadLetter.placementTime.map { RFC3339.format($0) }
        values = [time, deadLetter.origin.endpoint, deadLetter.attributes.type, deadLetter.twinIDs.first,
                  deadLetter.attributes.id, deadLetter.facts.reason,
                  deadLetter.origin.index == 0 ? deadLetter.origin.blobName : "\(deadLetter.origin.blobName)#\(deadLetter.origin.index)"]
    }

    var cells: [String] { values.map { $0 ?? "-" } }

    var json: OutputJSON {
        .object(zip(Self.titles, values).map { ($0, OutputJSON.string($1)) })
    }
}
