import DeadLetterKit
import FuzzSupport
import Foundation

/// Real dead letters to evaluate expressions on: an ADT twin update (CloudEvents), a relationship event in the
/// Event Grid schema with the delivery facts Event Grid adds, and a telemetry event with a base64 payload.
enum SampleEvents {
    static let all: [DeadLetter] = sources.enumerated().map { index, json in
        let origin = DeadLetterOrigin(source: "https://acct.blob.core.windows.net/dl", blobName: "adt-ep/2024/01/05/14/e-\(index).json",
                                      endpoint: "adt-ep", folderHour: Date(timeIntervalSince1970: 1_704_463_200))
        do {
            return try DeadLetter(parsing: Array(json.utf8), origin: origin)
        } catch {
            fuzzFail("a sample event does not decode: \(error)")
        }
    }

    private static let sources = [
        #"""
        {"specversion":"1.0","id":"e-1","type":"Microsoft.DigitalTwins.Twin.Update","source":"https://adt-1.api.weu.digitaltwins.azure.net",
         "subject":"pump-7","time":"2024-01-05T13:00:00Z","datacontenttype":"application/json",
         "dataschema":"dtmi:digitaltwins:context;1","traceparent":"00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01",
         "data":{"modelId":"dtmi:com:example:Pump;1","patch":[{"value":21.5,"path":"/temperature","op":"replace"},
         {"value":[1,2,{"a":null}],"path":"/tags/0","op":"add"}]},"deadletterreason":"TimeToLiveExceeded","deliveryattempts":4,
         "lastdeliveryoutcome":"TimedOut","lastdeliveryattempttime":"2024-01-05T13:59:00Z"}
        """#,
        #"""
        {"id":"e-2","eventType":"Microsoft.DigitalTwins.Relationship.Create","subject":"pump-7/relationships/feeds",
         "eventTime":"2024-01-05T13:30:00.1234567Z","topic":"/subscriptions/x/resourceGroups/y/providers/Microsoft.DigitalTwins/digitalTwinsInstances/adt-1",
         "dataVersion":"1.0","metadataVersion":"1",
         "data":{"$relationshipId":"feeds","$sourceId":"pump-7","$targetId":"tank-2","$relationshipName":"feeds","level":"ß🙂"},
         "deadLetterReason":"MaxDeliveryAttemptsExceeded","deliveryAttempts":30,"lastDeliveryOutcome":"NotFound","lastHttpStatusCode":404,
         "publishTime":"2024-01-05T13:30:01Z","lastDeliveryAttemptTime":"2024-01-06T13:30:01Z"}
        """#,
        #"""
        {"specversion":"1.0","id":"e-3","type":"microsoft.iot.telemetry","source":"adt-1","subject":"sensor-9",
         "data_base64":"eyJ0IjoyMX0=","dtdataschema":"dtmi:com:example:Sensor;1"}
        """#,
    ]
}
