import DeadLetterKit
import FuzzSupport
import Foundation

/// What must hold for every dead letter and every problem the decoder hands over.
enum DeadLetterChecks {
    static func check(_ deadLetter: DeadLetter, input: [UInt8]) {
        fuzzCheck(!deadLetter.bytes.isEmpty && contains(input, deadLetter.bytes), "a dead letter's bytes are not a part of the input")
        fuzzCheck(!deadLetter.origin.source.contains("?"), "the origin keeps a URL query: \(deadLetter.origin.source)")
        readEverything(deadLetter)
        checkExportRoundTrip(deadLetter)
    }

    static func check(_ problem: DeadLetterDecodingError, input: [UInt8]) {
        let text = problem.description
        fuzzCheck(!text.contains(Fixture.signature), "a problem shows the source's SAS signature: \(text)")
        switch problem {
        case .malformedBlob(_, let error), .invalidValue(_, _, let error):
            fuzzCheck(error.offset >= 0 && error.offset <= input.count, "offset \(error.offset) outside the \(input.count)-byte input: \(text)")
        case .notAnObject(_, _, let offset, _):
            fuzzCheck(offset >= 0 && offset < input.count, "offset \(offset) outside the \(input.count)-byte input: \(text)")
        case .invalidExportRecord(_, let index, _):
            fuzzCheck(index >= 0, "negative record index: \(text)")
        }
    }

    /// Reads every attribute, fact and query field, the way `ls`, `stats`, `--where` and replay do.
    private static func readEverything(_ deadLetter: DeadLetter) {
        let attributes = deadLetter.attributes
        _ = (attributes.id, attributes.type, attributes.source, attributes.subject, attributes.time, attributes.timeText,
             attributes.datacontenttype, attributes.dataschema, attributes.traceparent, attributes.specversion,
             attributes.topic, attributes.dataVersion, attributes.metadataVersion)
        for (name, value) in attributes.extensions {
            _ = value.description
            fuzzCheck(attributes.extensionValue(named: name) != nil, "extension '\(name)' is listed but cannot be read")
        }
        _ = deadLetter.facts.isEmpty
        _ = deadLetter.eventBytes.count
        if let data = deadLetter.data {
            _ = data.decodedBase64
            _ = data[path: "$dtId"]?.string
            _ = data[path: "patch.0.path"]?.string
        }
        for field in QueryField.namedFields + [.data(path: ["$metadata", "$model"]), .data(path: ["0"])] {
            _ = deadLetter.queryValue(field)
        }
        _ = deadLetter.raw[path: "data.$dtId"]?.string
    }

    /// Export writes a record; reading it back must give the same dead letter, and writing that the same line.
    private static func checkExportRoundTrip(_ deadLetter: DeadLetter) {
        let line = ExportRecord.line(for: deadLetter)
        let readBack: DeadLetter
        do {
            readBack = try ExportRecord.decode(line: line, source: "outage.jsonl", index: 7)
        } catch {
            fuzzFail("an export record line does not read back: \(error)\n line: \(String(decoding: line, as: UTF8.self))")
        }
        fuzzCheck(readBack.schema == deadLetter.schema, "schema \(deadLetter.schema) read back as \(readBack.schema)")
        // The record's event is compacted, so only the facts' values are compared, not the custom properties' bytes.
        var facts = deadLetter.facts, factsBack = readBack.facts
        facts.customDeliveryProperties = nil
        factsBack.customDeliveryProperties = nil
        fuzzCheck(factsBack == facts, "facts changed through an export record: \(facts) vs \(factsBack)")
        fuzzCheck(readBack.origin.blobName == deadLetter.origin.blobName && readBack.origin.index == deadLetter.origin.index,
                  "blob and index changed through an export record")
        let again = ExportRecord.line(for: readBack)
        fuzzCheck(again == line, "export → read → export changed the line:\n first:  \(String(decoding: line, as: UTF8.self))\n second: \(String(decoding: again, as: UTF8.self))")

        // A record has `blob` and `event` members and never an `id`; every real event has an `id`, so an event with
        // `blob` and `event` members of its own still reads back as an event
        // (Fixtures/bad/fuzz/dead-letter/event-with-blob-and-event-members). Only an id-less one cannot.
        guard deadLetter.raw[member: "id"] != nil || deadLetter.raw[member: "blob"] == nil
            || deadLetter.raw[member: "event"] == nil else { return }
        var eventOnly: [UInt8] = []
        ExportRecord.appendEventOnly(deadLetter, to: &eventOnly)
        let bare = DeadLetterDecoder.decode(eventOnly, origin: DeadLetterOrigin(source: "events.jsonl", blobName: ""), input: .exportLines)
        fuzzCheck(bare.problems.isEmpty && bare.deadLetters.count == 1, "an --events-only line does not read back: \(bare.problems)")
        if let event = bare.deadLetters.first {
            fuzzCheck(event.bytes == eventOnly, "an --events-only line read back with other bytes:\n written: \(String(decoding: eventOnly, as: UTF8.self))\n read:    \(String(decoding: event.bytes, as: UTF8.self))")
        }
    }

    private static func contains(_ haystack: [UInt8], _ needle: [UInt8]) -> Bool {
        guard needle.count <= haystack.count else { return false }
        let first = needle[0]
        var start = 0
        while start + needle.count <= haystack.count {
            if haystack[start] == first && haystack[start..<(start + needle.count)].elementsEqual(needle) { return true }
            start += 1
        }
        return false
    }
}
