@testable import DeadLetterKit
import Foundation
import XCTest

final class DeadLetterSchemaTests: XCTestCase {
    private func expectedSchema(_ path: String) -> EventSchema {
        if path.contains("namespace-topics") { return .eventGridNamespace }
        if path.hasSuffix(".cloudevents.json") || path.hasPrefix("adt/deadletter/") || path.contains("cloudevents-schema") { return .cloudEvents }
        if path.hasSuffix(".eventgrid-schema.json") || path.contains("eventgrid-schema.") || path.hasSuffix("custom-schema.deadletter.json") {
            return .eventGrid
        }
        return .unknown // data payloads, AMQP bodies and properties, custom-schema payloads
    }

    func testEveryFixtureDecodesWithItsSchemaAndExactBytes() throws {
        let files = try EventFixtures.allJSONFiles()
        XCTAssertEqual(files.count, 33)
        for path in files {
            let bytes = try EventFixtures.bytes(path)
            let deadLetter = try EventTestSupport.deadLetter(path)
            XCTAssertEqual(deadLetter.schema, expectedSchema(path), path)
            XCTAssertEqual(deadLetter.isEvent, expectedSchema(path) != .unknown, path)
            // Exactly the bytes of the blob's value (the file minus surrounding whitespace).
            var trimmed = bytes[...]
            while let last = trimmed.last, JSONBytes.isWhitespace(last) { trimmed = trimmed.dropLast() }
            XCTAssertEqual(deadLetter.bytes, Array(trimmed), path)
            XCTAssertEqual(deadLetter.origin.index, 0)
            XCTAssertEqual(deadLetter.origin.source, "https://acct.blob.core.windows.net/deadletters", "no query (SAS) in origins")
        }
    }

    func testCloudEventAttributes() throws {
        let event = try EventTestSupport.deadLetter("adt/deadletter/twin-create.deadletter-doc-example.json")
        let attributes = event.attributes
        XCTAssertEqual(attributes.specversion, "1.0")
        XCTAssertEqual(attributes.id, "xxxxxxxx-xxxxx-xxxx-xxxx-xxxxxxxxxxxx")
        XCTAssertEqual(attributes.type, "Microsoft.DigitalTwins.Twin.Create")
        XCTAssertEqual(attributes.source, "<your-instance>.api.<your-region>.da.azuredigitaltwins-test.net")
        XCTAssertEqual(attributes.subject, "<your-instance>xxxxxxxx-xxxxx-xxxx-xxxx-xxxxxxxxxxxx")
        XCTAssertEqual(attributes.timeText, "2020-10-14T01:11:49.3667224Z")
        XCTAssertEqual(attributes.time, RFC3339.parse("2020-10-14T01:11:49.3667224Z"))
        XCTAssertEqual(attributes.time!.timeIntervalSince1970, 1_602_637_909.3667224, accuracy: 1e-6, "7 fractional digits")
        XCTAssertEqual(attributes.datacontenttype, "application/json")
        XCTAssertEqual(attributes.traceparent, "00-889a9094ba22b9419dd9d8b3bfe1a301-f6564945cb20e94a-01")
        XCTAssertNil(attributes.topic)
        XCTAssertTrue(attributes.extensions.isEmpty)
        XCTAssertTrue(event.facts.isEmpty, "ADT dead letters carry no dead-letter facts")
        XCTAssertEqual(event.data?.encoding, .json)
        XCTAssertEqual(event.data?[path: "$metadata.$model"]?.string, "dtmi:test:deadlettermodel;1")
        XCTAssertEqual(event.data?[path: "$etag"]?.string, "W/\"xxxxxxxx-xxxxx-xxxx-xxxx-xxxxxxxxxxxx\"")
        XCTAssertEqual(event.raw[path: "data.$dtId"]?.string, event.attributes.subject)
    }

    func testEventGridDeadLetterFacts() throws {
        let event = try EventTestSupport.deadLetter("eventgrid/docs-delivery-and-retry/eventgrid-schema.deadletter.json")
        XCTAssertEqual(event.attributes.id, "93902694-901e-008f-6f95-7153a806873c")
        XCTAssertEqual(event.attributes.type, "Microsoft.Storage.BlobCreated")
        XCTAssertEqual(event.attributes.subject, "/blobServices/default/containers/deadletter/blobs/myBlobFile.txt")
        XCTAssertEqual(event.attributes.timeText, "2020-08-13T17:18:13.1647262Z")
        XCTAssertNotNil(event.attributes.time)
        XCTAssertEqual(event.attributes.dataVersion, "")
        XCTAssertEqual(event.attributes.metadataVersion, "1")
        XCTAssertTrue(event.attributes.topic!.hasSuffix("/storageAccounts/myegteststgfoo"))
        XCTAssertNil(event.attributes.source)
        XCTAssertTrue(event.attributes.extensions.isEmpty, "dead-letter facts are not extensions")
        XCTAssertEqual(event.facts.reason, "MaxDeliveryAttemptsExceeded")
        XCTAssertEqual(event.facts.deliveryAttempts, 1)
        XCTAssertEqual(event.facts.lastDeliveryOutcome, "NotFound")
        XCTAssertNil(event.facts.lastHttpStatusCode)
        XCTAssertEqual(event.facts.publishTime?.text, "2020-08-13T17:18:14.0265758Z")
        XCTAssertEqual(event.facts.publishTime?.date, RFC3339.parse("2020-08-13T17:18:14.0265758Z"))
        XCTAssertEqual(event.facts.lastDeliveryAttemptTime?.text, "2020-08-13T17:18:14.0465788Z")
        XCTAssertEqual(event.data?[path: "contentLength"]?.numberText, "0")
        XCTAssertEqual(event.data?[path: "storageDiagnostics.batchId"]?.string, "cfb32f79-3006-0010-0095-711faa000000")
    }

    func testCloudEventsDeadLetterWithoutSpecversion() throws {
        let event = try EventTestSupport.deadLetter("eventgrid/docs-delivery-and-retry/cloudevents-schema.deadletter.json")
        XCTAssertEqual(event.schema, .cloudEvents)
        XCTAssertNil(event.attributes.specversion)
        XCTAssertEqual(event.attributes.source, "mysource")
        XCTAssertEqual(event.facts.reason, "MaxDeliveryAttemptsExceeded")
        XCTAssertEqual(event.facts.deliveryAttempts, 1)
        XCTAssertEqual(event.facts.lastDeliveryOutcome, "NotFound")
        XCTAssertEqual(event.facts.publishTime?.text, "2020-08-13T21:21:36.4018726Z")
        XCTAssertNil(event.facts.lastDeliveryAttemptTime)
        XCTAssertEqual(event.attributes.extensions.map(\.name), ["dataversion"])
        XCTAssertEqual(event.attributes.extensionValue(named: "dataversion")?.string, "1.0")
    }

    func testCustomSchemaDeadLetterIsEventGridWithFactsInTheMiddle() throws {
        let event = try EventTestSupport.deadLetter("eventgrid/docs-delivery-and-retry/custom-schema.deadletter.json")
        XCTAssertEqual(event.schema, .eventGrid)
        XCTAssertEqual(event.attributes.subject, "subjectDefault")
        XCTAssertEqual(event.facts.lastDeliveryAttemptTime?.text, "2020-08-13T18:11:29.4277644Z")
        XCTAssertEqual(event.data?[path: "myEventType"]?.string, "fooEventType")
    }

    func testNamespaceWrapperWithEventMember() throws {
        for path in ["eventgrid/namespace-topics/deadletter.event-wrapper.custom-delivery-properties.json",
                     "eventgrid/namespace-topics/deadletter.binary-mode.json",
                     "eventgrid/namespace-topics/deadletter.structured-mode.json"] {
            let event = try EventTestSupport.deadLetter(path)
            XCTAssertEqual(event.schema, .eventGridNamespace, path)
            XCTAssertEqual(event.attributes.id, "A234-1234-1234", path)
            XCTAssertEqual(event.attributes.type, "com.example.someevent", path)
            XCTAssertEqual(event.attributes.source, "/mycontext", path)
            XCTAssertEqual(event.attributes.time, RFC3339.parse("2018-04-05T17:31:00Z"), path)
            XCTAssertEqual(event.attributes.extensions.map(\.name), ["comexampleextension1", "comexampleothervalue"], path)
            XCTAssertEqual(event.attributes.extensionValue(named: "comexampleothervalue")?.int, 5, path)
            XCTAssertEqual(event.facts.reason, "Undeliverable due to client error", path)
            XCTAssertEqual(event.facts.deliveryAttempts, 3, path)
            XCTAssertEqual(event.facts.lastDeliveryOutcome, "Unauthorized", path)
            XCTAssertEqual(event.facts.publishTime?.text, "2023-06-19T23:28:08.3063899Z", path)
            XCTAssertEqual(event.facts.lastDeliveryAttemptTime?.text, "2023-06-09T23:28:08.3220145Z", path)
            XCTAssertNotNil(event.facts.customDeliveryProperties, path)
        }
        let wrapped = try EventTestSupport.deadLetter("eventgrid/namespace-topics/deadletter.binary-mode.json")
        XCTAssertEqual(wrapped.eventBytes.first, UInt8(ascii: "{"))
        XCTAssertTrue(EventTestSupport.text(wrapped.eventBytes).hasPrefix("{\n        \"specversion\""))
        XCTAssertEqual(wrapped.data?.encoding, .base64)
        XCTAssertNil(wrapped.data?.decodedBase64, "the doc's placeholder is not base64")
        XCTAssertEqual(wrapped.attributes.datacontenttype, "application/vnd.apache.thrift.binary")
    }

    func testUnknownObjectsAreKeptAndFlagged() throws {
        let event = try EventTestSupport.deadLetter(json: #"{"hello":"world","n":1}"#)
        XCTAssertEqual(event.schema, .unknown)
        XCTAssertFalse(event.isEvent)
        XCTAssertNil(event.attributes.id)
        XCTAssertNil(event.data)
        XCTAssertEqual(event.bytes, Array(#"{"hello":"world","n":1}"#.utf8))
        XCTAssertEqual(event.raw[path: "hello"]?.string, "world")
    }

    func testEventGridZeroTimeMeansNoTime() throws {
        let event = try EventTestSupport.deadLetter("adt/notifications-2022/telemetry.eventgrid-schema.json")
        XCTAssertEqual(event.attributes.timeText, "0001-01-01T00:00:00Z")
        XCTAssertNil(event.attributes.time)
        XCTAssertNil(EventTimestamp(text: "0001-01-01T00:00:00Z").date)
        XCTAssertNotNil(EventTimestamp(text: "2024-01-05T13:02:11.1234567+01:00").date)
    }

    func testEscapedNamesAndNonStringAttributes() throws {
        let event = try EventTestSupport.deadLetter(json: #"{"specversion":"1.0","\u0069d":"x\u00e9","type":"t","source":"s","subject":null,"ext":[1,{"a":2}],"data":{"k":1}}"#)
        XCTAssertEqual(event.attributes.id, "xé")
        XCTAssertNil(event.attributes.subject)
        XCTAssertEqual(event.attributes.extensionValue(named: "ext")?.description, #"[1,{"a":2}]"#)
    }

    func testNotAnObjectAndSyntaxErrorsNameTheBlob() {
        XCTAssertThrowsError(try EventTestSupport.deadLetter(json: "[1,2]")) { error in
            guard case DeadLetterDecodingError.notAnObject(let blob, _, _, .array) = error else { return XCTFail("\(error)") }
            XCTAssertEqual(blob, "adt-endpoint/2024/1/5/13/event.json")
        }
        XCTAssertThrowsError(try EventTestSupport.deadLetter(json: "{\"id\":")) { error in
            XCTAssertTrue("\(error)".contains("adt-endpoint/2024/1/5/13/event.json"))
            XCTAssertTrue("\(error)".contains("byte 6"))
            XCTAssertFalse("\(error)".contains("SECRET"))
        }
    }
}
