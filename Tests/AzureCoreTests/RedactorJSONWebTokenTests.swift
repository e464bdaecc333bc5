import AzureCore
import XCTest

/// Bare JSON Web Tokens (what a token command or a service may quote) are masked wherever they stand; text that only
/// looks a little like one is left alone.
final class RedactorJSONWebTokenTests: XCTestCase {
    private let token = "eyJhbGciOiJSUzI1NiIsInR5cCI6IkpXVCJ9.eyJhdWQiOiJodHRwczovL3N0b3JhZ2UuYXp1cmUuY29tLyJ9.c2lnbmF0dXJlLXBhcnQ"

    func testBareTokensAreMaskedInTextAndJSON() {
        XCTAssertEqual(Redactor.redact("ERROR: token \(token) was rejected"), "ERROR: token REDACTED was rejected")
        XCTAssertEqual(Redactor.redact(#"{"accessToken": "\#(token)", "expiresOn": "2030-01-01"}"#),
                       #"{"accessToken": "REDACTED", "expiresOn": "2030-01-01"}"#)
        XCTAssertEqual(Redactor.redact("\(token)\n\(token)"), "REDACTED\nREDACTED")
        XCTAssertEqual(Redactor.redact("(\(token))."), "(REDACTED).")
    }

    func testAnUnsignedTokenEndingInADotIsMasked() {
        XCTAssertEqual(Redactor.redact("t=eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0. next"), "t=REDACTED next")
    }

    func testLookalikesStay() {
        for text in ["eyJohn.Doe.Smith", "keyJSON.value.other", "eyJhbGciOiJSUzI1NiIsInR5cCI6IkpXVCJ9 alone",
                     "eyJhbGciOiJSUzI1NiIsInR5cCI6IkpXVCJ9.x", "version 1.2.3", "seyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ4In0.c2ln"] {
            XCTAssertEqual(Redactor.redact(text), text)
        }
    }
}
