@testable import DeadLetterKit
import XCTest

/// All seven ADT notification types. Twin.Delete, Relationship.Create and Relationship.Delete have no full
/// example in the docs, so those events are assembled here around the documented `data` payloads.
final class ADTEventTests: XCTestCase {
    private func assembled(type: ADTEventKind, subject: String?, dataFile: String) throws -> DeadLetter {
        let data = EventTestSupport.text(try EventFixtures.bytes(dataFile))
        let subjectMember = subject.map { ",\"subject\":\"\($0)\"" } ?? ""
        return try EventTestSupport.deadLetter(json: """
        {"specversion":"1.0","id":"d047e992-dddc-4a5a-b0af-fa79832235f8","type":"\(type.rawValue)",\
        "source":"contoso-adt.api.wus2.digitaltwins.azure.net","data":\(data)\(subjectMember),\
        "time":"2020-06-23T19:03:48.9700792Z","datacontenttype":"application/json",\
        "traceparent":"00-18f4e34b3e4a784aadf5913917537e7d-691a71e0a220d642-01"}
        """)
    }

    func testTwinCreate() throws {
        let adt = try XCTUnwrap(try EventTestSupport.deadLetter("adt/notifications-2022/twin-create.cloudevents.json").adt)
        XCTAssertEqual(adt.kind, .twinCreate)
        XCTAssertEqual(adt.twinId, "example-twin1")
        XCTAssertEqual(adt.modelId, "dtmi:examplecom:interfaceName;1")
        XCTAssertEqual(adt.patchPaths, [])
        XCTAssertFalse(adt.deliveredInEventGridSchema)
        let older = try XCTUnwrap(try EventTestSupport.deadLetter("adt/notifications-2021/twin-create.cloudevents.json").adt)
        XCTAssertEqual(older.twinId, "floor1")
        XCTAssertEqual(older.modelId, "dtmi:example:Floor;1")
    }

    func testTwinUpdate() throws {
        let adt = try XCTUnwrap(try EventTestSupport.deadLetter("adt/notifications-2022/twin-update.cloudevents.json").adt)
        XCTAssertEqual(adt.kind, .twinUpdate)
        XCTAssertEqual(adt.twinId, "example-twin1")
        XCTAssertEqual(adt.modelId, "dtmi:examplecom:interfaceName;1")
        XCTAssertEqual(adt.patchPaths, ["/room"])
        let multi = try XCTUnwrap(try assembled(type: .twinUpdate, subject: "floor4", dataFile: "adt/notifications-2021/twin-update.data.json").adt)
        XCTAssertEqual(multi.patchPaths, ["/Temperature", "/comp1/prop1"])
        XCTAssertEqual(multi.modelId, "dtmi:example:com:floor4;2")
    }

    func testTwinDelete() throws {
        let pnp = try XCTUnwrap(try assembled(type: .twinDelete, subject: "device-digitaltwin-01",
                                              dataFile: "adt/notifications-2021/twin-lifecycle.data.pnp-device.json").adt)
        XCTAssertEqual(pnp.kind, .twinDelete)
        XCTAssertEqual(pnp.twinId, "device-digitaltwin-01")
        XCTAssertEqual(pnp.modelId, "dtmi:com:contoso:Thermostat_X500;1", "the twin's model, not its component's")
        // Without a subject the twin id comes from data.$dtId.
        let logical = try XCTUnwrap(try assembled(type: .twinDelete, subject: nil,
                                                  dataFile: "adt/notifications-2021/twin-lifecycle.data.logical-twin.json").adt)
        XCTAssertEqual(logical.twinId, "logical-digitaltwin-01")
        XCTAssertEqual(logical.modelId, "dtmi:com:contoso:Building;1")
    }

    func testRelationshipCreateAndDelete() throws {
        for kind in [ADTEventKind.relationshipCreate, .relationshipDelete] {
            let adt = try XCTUnwrap(try assembled(type: kind, subject: "device1/relationships/device_to_device",
                                                  dataFile: "adt/notifications-2021/relationship-create-or-delete.data.json").adt)
            XCTAssertEqual(adt.kind, kind)
            XCTAssertEqual(adt.twinId, "device1")
            XCTAssertEqual(adt.sourceTwinId, "device1")
            XCTAssertEqual(adt.relationshipId, "device_to_device")
            XCTAssertEqual(adt.targetTwinId, "device2")
        }
        // Without a subject: $sourceId and $relationshipId from data.
        let event = try EventTestSupport.deadLetter(json: """
        {"specversion":"1.0","id":"1","type":"Microsoft.DigitalTwins.Relationship.Delete","source":"h",\
        "data":{"$relationshipId":"r1","$sourceId":"a","$targetId":"b","$relationshipName":"contains"}}
        """)
        let adt = try XCTUnwrap(event.adt)
        XCTAssertEqual([adt.sourceTwinId, adt.relationshipId, adt.targetTwinId], ["a", "r1", "b"])
    }

    func testRelationshipUpdate() throws {
        let adt = try XCTUnwrap(try EventTestSupport.deadLetter("adt/notifications-2022/relationship-update.cloudevents.json").adt)
        XCTAssertEqual(adt.kind, .relationshipUpdate)
        XCTAssertEqual(adt.sourceTwinId, "example-twin1")
        XCTAssertEqual(adt.relationshipId, "RuntimeEventsScenario_edge")
        XCTAssertNil(adt.targetTwinId, "Update events do not carry the target")
        XCTAssertEqual(adt.modelId, "dtmi:examplecom:interfaceName;1")
        XCTAssertEqual(adt.patchPaths, ["/prop1"])
    }

    func testTelemetry() throws {
        let event = try EventTestSupport.deadLetter("adt/notifications-2021/telemetry.cloudevents.json")
        XCTAssertNil(event.attributes.time, "telemetry has no time")
        let adt = try XCTUnwrap(event.adt)
        XCTAssertEqual(adt.kind, .telemetry)
        XCTAssertEqual(adt.twinId, "room1")
        XCTAssertEqual(adt.modelId, "dtmi:example:com:floor4;2")
        XCTAssertNil(adt.componentPath)
        let component = try XCTUnwrap(try EventTestSupport.deadLetter("adt/notifications-2022/telemetry.cloudevents.json").adt)
        XCTAssertEqual(component.twinId, "RuntimeEventsScenario_componentTwin_6f6635d8-f1b8-43ec-80fb-bb9453fc611c")
        XCTAssertEqual(component.componentPath, "component1")
        // The `<host>/<twin>` form of source.
        let short = try EventTestSupport.deadLetter(json: #"{"specversion":"1.0","id":"1","type":"microsoft.iot.telemetry","source":"h.api.wus2.digitaltwins.azure.net/room9","data":{}}"#)
        XCTAssertEqual(short.adt?.twinId, "room9")
        // Type matching is case-sensitive: this is not ADT telemetry.
        let wrongCase = try EventTestSupport.deadLetter(json: #"{"specversion":"1.0","id":"1","type":"Microsoft.IoT.Telemetry","source":"h/x","data":{}}"#)
        XCTAssertNil(wrongCase.adt)
        XCTAssertEqual(Set(ADTEventKind.allCases.map(\.rawValue)).count, 7)
    }

    func testEventsDeliveredInTheEventGridSchema() throws {
        let update = try XCTUnwrap(try EventTestSupport.deadLetter("adt/notifications-2022/twin-update.eventgrid-schema.json").adt)
        XCTAssertTrue(update.deliveredInEventGridSchema)
        XCTAssertEqual(update.twinId, "example-twin1")
        XCTAssertEqual(update.patchPaths, ["/room"])
        XCTAssertEqual(update.modelId, "dtmi:examplecom:interfaceName;1")
        let create = try XCTUnwrap(try EventTestSupport.deadLetter("adt/notifications-2022/twin-create.eventgrid-schema.json").adt)
        XCTAssertEqual(create.modelId, "dtmi:examplecom:interfaceName;1")
        let relationship = try XCTUnwrap(try EventTestSupport.deadLetter("adt/notifications-2022/relationship-update.eventgrid-schema.json").adt)
        XCTAssertEqual(relationship.relationshipId, "RuntimeEventsScenario_edge")
        XCTAssertEqual(relationship.patchPaths, ["/prop1"])
        let telemetry = try XCTUnwrap(try EventTestSupport.deadLetter("adt/notifications-2022/telemetry.eventgrid-schema.json").adt)
        XCTAssertEqual(telemetry.twinId, "example-twin1", "source is lost; Event Grid's subject names the twin")
        XCTAssertEqual(telemetry.modelId, "dtmi:examplecom:interfaceName;1")
    }

    /// The byte-level readers of `subject` and `source`, at their edges.
    func testRelationshipSubjectAndTelemetrySourceEdges() {
        XCTAssertEqual(ADTEvent.splitRelationshipSubject("a/relationships/b")?.twin, "a")
        XCTAssertEqual(ADTEvent.splitRelationshipSubject("a/relationships/b")?.relationship, "b")
        XCTAssertEqual(ADTEvent.splitRelationshipSubject("a/relationships/b/relationships/c")?.relationship, "b/relationships/c",
                       "the first marker splits")
        XCTAssertEqual(ADTEvent.splitRelationshipSubject("zwölf/relationships/ü")?.twin, "zwölf")
        for subject in ["/relationships/b", "a/relationships/", "/relationships/", "a/relationship/b", "", "a"] {
            XCTAssertNil(ADTEvent.splitRelationshipSubject(subject), subject)
        }
        XCTAssertEqual(ADTEvent.lastPathSegment("host/digitaltwins/room1"), "room1")
        XCTAssertEqual(ADTEvent.lastPathSegment("host/room1//"), "room1", "trailing slashes are ignored")
        XCTAssertEqual(ADTEvent.lastPathSegment("host/räume"), "räume")
        for source in ["host", "", "/", "///"] {
            XCTAssertNil(ADTEvent.lastPathSegment(source), source)
        }
        XCTAssertEqual(ADTEvent.lastPathSegment("/room1"), "room1")
    }

    /// `adtTwins` (what `--twin` and `twinIDs` read) agrees with `adt` on every twin, without the model.
    func testTwinsOnlyViewAgreesWithTheFullView() throws {
        for path in ["adt/notifications-2022/twin-update.cloudevents.json", "adt/notifications-2022/relationship-update.eventgrid-schema.json",
                     "adt/notifications-2021/telemetry.cloudevents.json", "adt/notifications-2022/telemetry.eventgrid-schema.json",
                     "adt/notifications-2022/twin-create.eventgrid-schema.json"] {
            let event = try EventTestSupport.deadLetter(path)
            let full = try XCTUnwrap(event.adt, path), twins = try XCTUnwrap(event.adtTwins, path)
            XCTAssertEqual(twins.twinIDs, full.twinIDs, path)
            XCTAssertEqual(twins.relationshipId, full.relationshipId, path)
            XCTAssertEqual(twins.componentPath, full.componentPath, path)
            XCTAssertEqual(event.twinIDs, full.twinIDs, path)
            XCTAssertNil(twins.modelId, path)
        }
    }

    func testNonADTEventsHaveNoADTView() throws {
        XCTAssertNil(try EventTestSupport.deadLetter("eventgrid/docs-delivery-and-retry/eventgrid-schema.deadletter.json").adt)
        XCTAssertNil(try EventTestSupport.deadLetter("adt/notifications-2022/twin-create.amqp-body.json").adt)
    }
}
