import XCTest
@testable import AzureEmulator

final class ContentMD5Tests: XCTestCase {
    private func hex(_ text: String) -> String {
        var md5 = ContentMD5()
        md5.update(Array(text.utf8))
        return md5.finalize().map { String(format: "%02x", $0) }.joined()
    }

    func testRFC1321Vectors() {
        XCTAssertEqual(hex(""), "d41d8cd98f00b204e9800998ecf8427e")
        XCTAssertEqual(hex("a"), "0cc175b9c0f1b6a831c399e269772661")
        XCTAssertEqual(hex("abc"), "900150983cd24fb0d6963f7d28e17f72")
        XCTAssertEqual(hex("message digest"), "f96b697d7cb7938d525a2f31aaf161d0")
        XCTAssertEqual(hex("abcdefghijklmnopqrstuvwxyz"), "c3fcd3d76192e4007dfb496cca67e13b")
        XCTAssertEqual(hex("12345678901234567890123456789012345678901234567890123456789012345678901234567890"),
                       "57edf4a22be3c955ac49da2e2107b67a")
    }

    func testBase64MatchesAzureFixture() {
        // Fixtures/listings/flat-full-properties.xml: five bytes "hello" have Content-MD5 XUFAKrxLKna5cZ2REBfFkg==.
        XCTAssertEqual(ContentMD5.base64(of: Array("hello".utf8)), "XUFAKrxLKna5cZ2REBfFkg==")
        // An empty blob (Fixtures/listings/encoded-name-flat.xml).
        XCTAssertEqual(ContentMD5.base64(of: []), "1B2M2Y8AsgTpgAmY7PhCfg==")
    }

    func testPiecewiseUpdatesEqualOneShot() {
        let bytes = (0..<10_000).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ 7) }
        var pieces = ContentMD5()
        var offset = 0
        for size in [1, 63, 64, 65, 127, 1000, 3000] where offset < bytes.count {
            let end = min(offset + size, bytes.count)
            pieces.update(Array(bytes[offset..<end]))
            offset = end
        }
        pieces.update(Array(bytes[offset...]))
        var whole = ContentMD5()
        whole.update(bytes)
        XCTAssertEqual(pieces.finalize(), whole.finalize())
    }
}
