import AzureCore
import XCTest
@testable import AzureEmulator

/// The small helpers the emulator's request path uses instead of Foundation's string functions.
final class RequestHandlingHelpersTests: XCTestCase {
    func testHeaderNamesCompareWithoutCaseButOtherwiseExactly() {
        let request = EmulatorRequest(method: "GET", path: "/", rawQuery: "", query: [],
                                      headers: [("X-MS-Date", "d"), ("content-length", "5"), ("x-ms-meta-a_b", "m")], body: [])
        XCTAssertEqual(request.header("x-ms-date"), "d")
        XCTAssertEqual(request.header("Content-Length"), "5")
        XCTAssertEqual(request.header("X-MS-META-A_B"), "m")
        XCTAssertNil(request.header("x-ms-dat"))
        XCTAssertNil(request.header("x-ms-datee"))
        // '_' and DEL-range bytes differ from their bit-5 partners only outside the letters: not the same name.
        XCTAssertFalse(HTTPHeaderName.matches("x-ms-meta-a_b", "x-ms-meta-a\u{7F}b"))
        XCTAssertFalse(HTTPHeaderName.matches("a@", "a`"))
        XCTAssertFalse(HTTPHeaderName.matches("x-ms-é", "x-ms-É"))
        XCTAssertTrue(HTTPHeaderName.matches("x-ms-é", "X-MS-é"))
    }

    func testAuthorizationValueIsTrimmedOfSpacesAndTabsOnly() {
        XCTAssertEqual(BlobAuthorizer.trimmingBlanks(" \tSharedKey a:b \t"), "SharedKey a:b")
        XCTAssertEqual(BlobAuthorizer.trimmingBlanks("Bearer  t"), "Bearer  t")
        XCTAssertEqual(BlobAuthorizer.trimmingBlanks(" \t "), "")
        XCTAssertEqual(BlobAuthorizer.trimmingBlanks(""), "")
    }

    func testRequestIdsAreLowerCaseVersion4UUIDs() {
        let ids = (0..<200).map { _ in RequestIdentifier.make() }
        XCTAssertEqual(Set(ids).count, ids.count)
        for id in ids {
            let parsed = UUID(uuidString: id)
            XCTAssertNotNil(parsed, id)
            XCTAssertEqual(id, id.lowercased())
            let bytes = withUnsafeBytes(of: parsed!.uuid) { Array($0) }
            XCTAssertEqual(bytes[6] >> 4, 4, id)
            XCTAssertEqual(bytes[8] >> 6, 0b10, id)
        }
    }
}
