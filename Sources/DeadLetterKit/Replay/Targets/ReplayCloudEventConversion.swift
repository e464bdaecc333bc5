/// The CloudEvent a dead letter stands for, whatever schema it was dead-lettered in, without the dead-letter
/// members: what a CloudEvents topic receives and what the AMQP binary-mode message is built from.
enum ReplayCloudEventConversion {
    /// The structured CloudEvent's JSON (compact).
    static func cloudEventBytes(_ letter: DeadLetter, adtInstanceHost: String?) throws(ReplayEncodingError) -> [UInt8] {
        let location = letter.origin.locationDescription
        switch letter.schema {
        case .cloudEvents, .eventGridNamespace:
            return JSONCompactor.compact(EventConversion.strippingDeadLetterFields(letter))
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
}
