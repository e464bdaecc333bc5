import XCTest
@testable import DeadLetterKit

/// Inputs the fuzzers (`tools/fuzz`) found, kept byte for byte in `Fixtures/bad/fuzz/<target>/`, and the typed
/// answer each must get now instead of a trap.
final class FuzzRegressionTests: XCTestCase {
    private let now = Date(timeIntervalSince1970: 1_704_466_800)  // 2024-01-05T15:00:00Z

    /// Fixtures/bad/fuzz/where/huge-duration-traps-format: `QueryDuration.format` converted 7.8e63 s to Int and
    /// trapped; the same number reached it from `--max-delivery-delay` (the scan summary prints it).
    private let hugeDuration = String(repeating: "7", count: 64) + "s"

    func testHugeDurationIsNotADuration() {
        XCTAssertNil(QueryDuration.parse(hugeDuration))
        XCTAssertNil(QueryDuration.parse("99999999999999999999w"))
        XCTAssertNil(QueryDuration.parse(String(repeating: "9", count: 400) + "s"), "Double(…) is infinite")
    }

    func testHugeDurationAsSinceIsAnInvalidTime() {
        XCTAssertThrowsError(try QueryTimeArgument.parse(hugeDuration, now: now)) { error in
            XCTAssertEqual(error as? QueryError, .invalidTime(option: "--since", text: hugeDuration))
        }
    }

    func testHugeDurationInWhereIsASyntaxErrorAtTheDuration() {
        let expression = "time > now - \(hugeDuration)"
        XCTAssertThrowsError(try WhereExpression(expression, now: now)) { error in
            guard case .syntax(let shown, let column, _, _)? = error as? QueryError else {
                return XCTFail("expected a syntax error, got \(error)")
            }
            XCTAssertEqual(shown, expression)
            XCTAssertEqual(column, "time > now - ".count + 1, "the caret points at the duration")
        }
    }

    func testLongestDurationsStillWork() throws {
        XCTAssertEqual(QueryDuration.parse("520000w"), 520_000 * 604_800)  // ~9,970 years
        XCTAssertEqual(QueryDuration.format(try XCTUnwrap(QueryDuration.parse("520000w1d"))), "520000w1d")
        XCTAssertEqual(try WhereExpression("time > now - 52w", now: now).description, "time > 2023-01-06T15:00:00Z")
    }

    /// Fixtures/bad/fuzz/where/fractional-duration-shown-in-exponent-notation: `1.1h` is 3960.0000000000005 s, and
    /// the scan summary showed `--max-delivery-delay 1.1h` as `1h6m4.547473508864641e-13s`, which is not a duration.
    func testFractionalDurationIsShownAsADuration() throws {
        XCTAssertEqual(QueryDuration.format(try XCTUnwrap(QueryDuration.parse("1.1h"))), "1h6m")
        XCTAssertEqual(QueryDuration.format(try XCTUnwrap(QueryDuration.parse("1.5s"))), "1.5s")
        XCTAssertEqual(QueryDuration.format(0.25), "0.25s")
    }

    /// Fixtures/bad/fuzz/sas/sas-after-ampersand-lands-in-container-path: a SAS joined with `&` instead of `?` made
    /// `sig=…` part of the container name, so the signature was in `url` and `description`.
    func testSignatureInContainerPathIsRefusedWithoutShowingIt() throws {
        let signature = "Fz9kQ2xHbWF1c3Q"
        for url in ["http://127.0.0.1:10000/devstoreaccount1/dl&e=2030&s==Fz9k2F%2Ft&e=2030&s=&sig=\(signature)",
                    "https://acct.blob.core.windows.net/dl&sv=2021-12-02&sp=rl&sig=\(signature)"] {
            XCTAssertThrowsError(try BlobContainerLocation(url: url)) { error in
                guard case .invalidContainerURL(_, let reason)? = error as? CredentialError else {
                    return XCTFail("expected invalidContainerURL, got \(error)")
                }
                XCTAssertTrue(reason.contains("'?'"), reason)
                XCTAssertFalse(String(describing: error).contains(signature), "\(error)")
            }
        }
        XCTAssertEqual(try BlobContainerLocation(url: "https://acct.blob.core.windows.net/dl?sv=2021-12-02&sig=\(signature)").url,
                       "https://acct.blob.core.windows.net/dl")
    }

    /// Fixtures/bad/fuzz/connection-string/signature-in-blob-endpoint-host: `BlobEndpoint=https://acct.blob.Atos&sig=…`
    /// put the signature into the host, and so into every container URL built on it.
    func testSignatureInBlobEndpointIsRefusedWithoutShowingIt() {
        let signature = "Fz9kQ2xcSequH"
        XCTAssertThrowsError(try BlobContainerLocation(endpoint: "https://acct.blob.Atos&sig=\(signature)", containerName: "dl")) { error in
            guard case .invalidContainerURL? = error as? CredentialError else { return XCTFail("expected invalidContainerURL, got \(error)") }
            XCTAssertFalse(String(describing: error).contains(signature), "\(error)")
        }
        XCTAssertThrowsError(try BlobContainerLocation(url: "https://acct.blob.core.windows.net&sig=\(signature)/dl"))
    }

    /// Fixtures/bad/fuzz/sas/percent-encoded-question-mark-in-host: `http://%3F127.0.0.1:9/…` — `URLComponents`
    /// decodes `%3F` into the host, so the container's URL showed a `?` and everything after it looked like a query.
    func testHostThatIsNotAHostNameIsRefused() throws {
        for url in ["http://%3F127.0.0.1:9/acct/dl", "https://acct%26x.blob.core.windows.net/dl", "https://ac%20ct.blob.core.windows.net/dl"] {
            XCTAssertThrowsError(try BlobContainerLocation(url: url), url) { error in
                guard case .invalidContainerURL(_, let reason)? = error as? CredentialError else { return XCTFail("\(error)") }
                XCTAssertTrue(reason.contains("host"), reason)
            }
        }
        XCTAssertThrowsError(try BlobContainerLocation(endpoint: "http://%3Fhost:10000/devstoreaccount1", containerName: "dl"))
        for (url, origin) in [("http://127.0.0.1:10000/devstoreaccount1/dl", "http://127.0.0.1:10000"),
                              ("http://[::1]:10000/devstoreaccount1/dl", "http://[::1]:10000"),
                              ("http://azurite_blob:10000/devstoreaccount1/dl", "http://azurite_blob:10000"),
                              ("https://acct.blob.core.windows.net/dl", "https://acct.blob.core.windows.net")] {
            XCTAssertEqual(try BlobContainerLocation(url: url).origin, origin)
        }
    }
}
