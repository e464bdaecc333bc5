import AzureCore
import XCTest

final class RedactorTests: XCTestCase {
    func testSASSignatureIsRedactedButTheRestStays() {
        let text = "GET https://acct.blob.core.windows.net/dl?sv=2021-12-02&sp=w&sig=abc%2Bdef%3D&se=2030 failed"
        XCTAssertEqual(Redactor.redact(text), "GET https://acct.blob.core.windows.net/dl?sv=2021-12-02&sp=w&sig=REDACTED&se=2030 failed")
    }

    func testConnectionStringKeysAreRedacted() {
        let text = "AccountName=a;AccountKey=c2VjcmV0;EndpointSuffix=x Endpoint=sb://n/;SharedAccessKeyName=p;SharedAccessKey=topsecret"
        let redacted = Redactor.redact(text)
        XCTAssertFalse(redacted.contains("c2VjcmV0"))
        XCTAssertFalse(redacted.contains("topsecret"))
        XCTAssertTrue(redacted.contains("AccountName=a"))
        XCTAssertTrue(redacted.contains("SharedAccessKeyName=p"))
    }

    func testAuthorizationSchemesAreRedacted() {
        XCTAssertEqual(Redactor.redact("Authorization: Bearer eyJ0eXAi.abc.def"), "Authorization: Bearer REDACTED")
        XCTAssertFalse(Redactor.redact("SharedKey acct:c2lnbmF0dXJl").contains("c2lnbmF0dXJl"))
        let sb = Redactor.redact("SharedAccessSignature sr=https%3A%2F%2Fns&sig=T3FH%3D&se=1&skn=Root")
        XCTAssertFalse(sb.contains("T3FH"))
        XCTAssertFalse(Redactor.redact("aeg-sas-key=topickey123").contains("topickey123"))
        XCTAssertFalse(Redactor.redact("r=https%3A%2F%2Ft&e=2030&s=mGV%2Fub").contains("mGV"))
    }

    func testTextWithoutSecretsIsUnchanged() {
        let text = "blob ep1/2024/1/5/13/a=b&s.json: 3 events, sp=rl"
        XCTAssertEqual(Redactor.redact(text), text)
    }
}
