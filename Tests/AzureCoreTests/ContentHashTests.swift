import AzureCore
import XCTest

final class ContentHashTests: XCTestCase {
    func testMD5MatchesAzureFixtures() {
        // Fixtures/listings/flat-full-properties.xml: the five bytes "hello" have Content-MD5 XUFAKrxLKna5cZ2REBfFkg==.
        XCTAssertEqual(ContentHash.md5Base64(Array("hello".utf8)), "XUFAKrxLKna5cZ2REBfFkg==")
        // An empty blob (Fixtures/listings/encoded-name-flat.xml).
        XCTAssertEqual(ContentHash.md5Base64([UInt8]()), "1B2M2Y8AsgTpgAmY7PhCfg==")
    }

    func testSHA256Hex() {
        XCTAssertEqual(ContentHash.sha256Hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
    }
}
