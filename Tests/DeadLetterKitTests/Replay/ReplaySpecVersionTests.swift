import XCTest
@testable import DeadLetterKit

/// CloudEvents without `specversion` (as Event Grid's dead letters have been documented) go out as 1.0; other
/// versions fail alone, named, instead of making the target refuse the whole batch.
final class ReplaySpecVersionTests: XCTestCase {
    private let credential = ReplayTargetCredential.eventGridKey(key: "a2V5", variable: "K", asSASToken: false)
    private var eventGrid: EventGridTarget {
        EventGridTarget(endpoint: "https://t/api/events", credential: credential, settings: ReplayTargetSettings())
    }
    private var eventHubs: MessagingTarget {
        MessagingTarget(kind: .eventHubs, entityURL: "https://ns.servicebus.windows.net/h", credential: credential, settings: ReplayTargetSettings())
    }

    func testMissingSpecVersionIsSentAsOnePointZero() throws {
        let json = #"{"id":"a","type":"t","source":"s","data":{"x":1},"deadletterreason":"TimeToLiveExceeded"}"#
        let letter = ReplayTestEvents.letter(json, blob: "a.json")
        XCTAssertEqual(letter.schema, .cloudEvents)
        XCTAssertEqual(String(decoding: try eventGrid.encode(letter), as: UTF8.self),
                       #"{"specversion":"1.0","id":"a","type":"t","source":"s","data":{"x":1}}"#)
        let item = try JSONRawValue.parse(try eventHubs.encode(letter))
        XCTAssertEqual(item[member: "UserProperties"]?[member: "cloudEvents:specversion"]?.string, "1.0")
    }

    func testStatedOnePointZeroIsKeptAsItIs() throws {
        let json = #"{"specversion":"1.0","id":"a","type":"t","source":"s"}"#
        XCTAssertEqual(try eventGrid.encode(ReplayTestEvents.letter(json, blob: "a.json")), Array(json.utf8))
    }

    func testOtherVersionsFailAloneWithTheirLocation() {
        let json = #"{"specversion":"0.3","id":"a","type":"t","source":"s","data":{}}"#
        let letter = ReplayTestEvents.letter(json, blob: "ep/2024/01/05/10/a.json")
        for encode in [{ try self.eventGrid.encode(letter) }, { try self.eventHubs.encode(letter) }] {
            XCTAssertThrowsError(try encode()) { error in
                guard case ReplayEncodingError.unsupportedSpecVersion("0.3", let location) = error else { return XCTFail("\(error)") }
                XCTAssertTrue(location.contains("ep/2024/01/05/10/a.json"), location)
                XCTAssertTrue("\(error)".contains("only 1.0"), "\(error)")
            }
        }
    }
}
