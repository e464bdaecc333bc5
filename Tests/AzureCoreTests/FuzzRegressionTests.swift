import AzureCore
import Foundation
import XCTest

/// Inputs the fuzzers (`tools/fuzz`) found, kept byte for byte in `Fixtures/bad/fuzz/<target>/`, and what each must
/// give now.
final class FuzzRegressionTests: XCTestCase {
    /// Fixtures/bad/fuzz/connection-string/endpoint-suffix-trailing-slash: an `EndpointSuffix` ending in `/` gave a
    /// blob endpoint ending in `/`, which `blobEndpoint` documents never to happen (URLs built on it got `//`).
    func testEndpointSuffixWithTrailingSlashGivesEndpointWithout() throws {
        let input = "AccountName=a;AccountKey=c2VjcmV0;EndpointSuffix=x Endpoint=sb://n/;SharedAccessKeyName=p;SharedAccessKey=topsecret"
        XCTAssertEqual(try StorageConnectionString(input).blobEndpoint, "https://a.blob.x Endpoint=sb://n")
        let plain = try StorageConnectionString("AccountName=acct;AccountKey=c2VjcmV0;EndpointSuffix=core.windows.net/")
        XCTAssertEqual(plain.blobEndpoint, "https://acct.blob.core.windows.net")
    }

    /// Fixtures/bad/fuzz/sas/http-date-huge-year-overflows: a Last-Modified with a 17-digit year (a List Blobs page
    /// is server data; a dead letter's time falls back to it) overflowed `CivilCalendar` and trapped.
    func testHTTPDateWithHugeYearIsNotADate() {
        XCTAssertNil(HTTPDate.parse("Fri, 05 Jan 99999999999999999 13:02:11 GMT"))
        XCTAssertNil(HTTPDate.parse("Fri, 05 Jan 2024 13:02:99999999999999999 GMT"))
        XCTAssertNil(HTTPDate.parse("Fri, 32 Jan 2024 13:02:11 GMT"))
        XCTAssertEqual(HTTPDate.parse("Fri, 05 Jan 2024 13:02:11 GMT"), Date(timeIntervalSince1970: 1_704_459_731))
    }

    /// Fixtures/bad/fuzz/sas/event-grid-expiry-huge-year-overflows: an Event Grid token's `e=` in the .NET form
    /// with a 17-digit year trapped the emulator's sink; so did a huge `+hh:mm` offset in the Python form.
    func testEventGridExpiryWithHugeNumbersIsNotATime() {
        XCTAssertNil(EventGridSAS.parseExpiry("1/1/99999999999999999 1:1:1 AM"))
        XCTAssertNil(EventGridSAS.parseExpiry("13/1/2024 1:1:1 AM"))
        XCTAssertEqual(EventGridSAS.parseExpiry("2024-01-05 13:02:11+99999999999999999:00"),
                       EventGridSAS.parseExpiry("2024-01-05 13:02:11"), "an impossible offset is ignored, as before")
        XCTAssertEqual(EventGridSAS.parseExpiry("1/5/2024 1:02:11 PM"), Date(timeIntervalSince1970: 1_704_459_731))
    }

    /// Fixtures/bad/fuzz/connection-string/signature-in-service-bus-endpoint-host: `Endpoint=sb://myns.seE&sig=…`
    /// made the signature part of the endpoint's host, shown wherever the endpoint is.
    func testServiceBusEndpointHostWithQueryIsInvalid() {
        let input = "Endpoint=sb://myns.seE&sig=001poinSdAmmV&s=nt1;SharedAccessSignature=sv==2030-01-01&sig;y;EntityPath=hub1"
        XCTAssertThrowsError(try ServiceBusConnectionString(input)) { error in
            XCTAssertEqual(error as? ConnectionStringError,
                           .invalid(field: "Endpoint", reason: "expected sb://<namespace>.servicebus.windows.net/"))
            XCTAssertFalse(String(describing: error).contains("001poinSdAmmV"))
        }
    }

    /// Fixtures/bad/fuzz/sas/event-grid-token-without-e-equals: a malformed Event Grid token with `&e&` (no `=`)
    /// parses, and `Redactor` only knew its `s=` as a signature after an `e=`, so the signature was shown.
    func testEventGridSignatureWithoutExpiryIsRedacted() throws {
        let token = "r=https%3A%2F%2Ft.westus-1.eventgrid.azure.net%2Fapi%2Fevents&e&s=mGVuLU2boFYC9L%2BwrbUC04DQ%3D"
        XCTAssertNotNil(EventGridSAS.parse(token))
        let shown = Redactor.redact("aeg-sas-token: " + token)
        XCTAssertFalse(shown.contains("mGVuLU2boFYC9L"), shown)
        XCTAssertTrue(shown.hasSuffix("&s=REDACTED"), shown)
        XCTAssertEqual(Redactor.redact("ratio s=3 of 4"), "ratio s=3 of 4", "a bare s= in prose stays")
    }

    /// Fixtures/bad/fuzz/sas/event-grid-signature-after-ampersand-and-tab: `&<tab>s=…` is a signature to a token parser
    /// that skips blanks, but `Redactor` only masked an `s=` right after `&` (or after an `e=`), so it was shown.
    func testEventGridSignatureAfterAmpersandAndBlanksIsRedacted() {
        for separator in ["&\t", "& ", "& \t "] {
            let shown = Redactor.redact("aeg-sas-token: r=x&e&" + separator + "s=GvuLU4big=Fz9kQ2xHbWF1&r=y")
            XCTAssertFalse(shown.contains("GvuLU4big"), shown)
            XCTAssertTrue(shown.contains(separator + "s=REDACTED&r=y"), shown)
        }
        XCTAssertEqual(Redactor.redact("ratio\ts=3 of 4"), "ratio\ts=3 of 4", "a bare s= after a tab in prose stays")
    }
}
