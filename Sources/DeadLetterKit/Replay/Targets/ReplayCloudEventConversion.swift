/// The CloudEvent a dead letter stands for, whatever schema it was dead-lettered in, without the dead-letter
/// members: what a CloudEvents topic receives and what the AMQP binary-mode message is built from.
enum ReplayCloudEventConversion {
    /// The structured CloudEvent's JSON (compact).
    static func cloudEventBytes(_ letter: DeadLetter, adtInstanceHost: String?) throws(ReplayEncodingError) -> [UInt8] {
        let location = letter.origin.locationDescription
        switch letter.schema {
        case .cloudEvents, .eventGridNamespace:
            let compact = JSONCompactor.compact(EventConversion.strippingDeadLetterFields(letter))
            return try checkedSpecVersion(letter) ? compact : withSpecVersion(compact)
        case .eventGrid:
            let converted: ConvertedEvent
            do {
                // ADT wraps its CloudEvent inside an Event Grid event; unwrap it rather than nesting the wrapper.
                if letter.adt != nil {
                    converted = try EventConversion.unwrappingADTEventGrid(letter, instanceHost: adtInstanceHost)
                } else {
                    converted = try EventConversion.cloudEvent(fromEventGrid: letter)
                }
            } catch {
                throw .conversion(error.description)
            }
            if converted.missing.contains("source") {
                let hint = letter.adt != nil
                    ? "ADT drops 'source' in the Event Grid schema; give the ADT instance host (contoso.api.wus2.digitaltwins.azure.net) so it can be rebuilt"
                    : "the Event Grid event has no 'topic' to take it from"
                throw .missingAttribute("source", location: location, hint: hint)
            }
            if let missing = converted.missing.first(where: { $0 != "traceparent" }) {
                throw .missingAttribute(missing, location: location, hint: "")
            }
            return converted.bytes
        case .unknown:
            throw .notAnEvent(location: location)
        }
    }

    /// The same CloudEvent as a `DeadLetter` (its attributes and data read from the converted bytes), for targets
    /// that re-express the attributes (AMQP binary mode). CloudEvents dead letters are returned as they are.
    static func cloudEventLetter(_ letter: DeadLetter, adtInstanceHost: String?) throws(ReplayEncodingError) -> DeadLetter {
        switch letter.schema {
        case .cloudEvents, .eventGridNamespace:
            _ = try checkedSpecVersion(letter)
            return letter
        case .eventGrid:
            let bytes = try cloudEventBytes(letter, adtInstanceHost: adtInstanceHost)
            do {
                return try DeadLetter(parsing: bytes, origin: letter.origin)
            } catch {
                throw .conversion("\(letter.origin.locationDescription): the converted CloudEvent could not be read back: \(error)")
            }
        case .unknown:
            throw .notAnEvent(location: letter.origin.locationDescription)
        }
    }

    /// Whether the event states `specversion` (which must then be 1.0). Event Grid's CloudEvents dead letters have
    /// been documented without it, while every receiver requires it: such events are sent as the 1.0 they were.
    private static func checkedSpecVersion(_ letter: DeadLetter) throws(ReplayEncodingError) -> Bool {
        guard let version = letter.attributes.specversion else { return false }
        guard version == "1.0" else { throw .unsupportedSpecVersion(version, location: letter.origin.locationDescription) }
        return true
    }

    /// `{"specversion":"1.0",…}` from a compact object.
    private static func withSpecVersion(_ compact: [UInt8]) -> [UInt8] {
        let member = Array(#""specversion":"1.0""#.utf8)
        var out: [UInt8] = [UInt8(ascii: "{")]
        out.reserveCapacity(compact.count + member.count + 1)
        out.append(contentsOf: member)
        if compact.count > 2 { out.append(UInt8(ascii: ",")) }
        out.append(contentsOf: compact.dropFirst())
        return out
    }
}
