import AzureCore
import DeadLetterKit
import FuzzSupport
import Foundation

/// Fuzzes SAS handling: a Storage SAS token (`AZURE_STORAGE_SAS_TOKEN`, a connection string's
/// `SharedAccessSignature`), a SAS in a container URL (ADT's `--deadletter-sas-uri`), an Event Grid SAS token as the
/// emulator's sink receives it, and the time formats SAS fields and listings carry.
///
/// Input: `[form][text…]`; the form byte says whether the text is the whole URL, or a query appended to a host-style
/// or a path-style (emulator) container URL. Invariants:
/// - no crash, no hang, no memory error;
/// - the token keeps the text exactly (minus one leading `?`), and its redacted form hides every signature;
/// - a container URL that parses keeps its SAS only in `sas`: its url, endpoint, description and blob URLs carry no
///   query, and an error message shows no signature;
/// - times that parse can be formatted and read back to the same text.
@_cdecl("LLVMFuzzerTestOneInput")
public func sasFuzzerTestOneInput(_ data: UnsafePointer<UInt8>?, _ count: Int) -> CInt {
    let input = FuzzInput(data, count, controlCount: 1)
    let text = input.text
    checkToken(text)
    let url: String
    switch input.controls[0] % 3 {
    case 0: url = text
    case 1: url = "https://acct.blob.core.windows.net/dl?" + text
    default: url = "http://127.0.0.1:10000/devstoreaccount1/dl?" + text
    }
    checkContainerURL(url)
    checkEventGridToken(text)
    checkTimes(text)
    return 0
}

func checkToken(_ text: String) {
    let token = StorageSASToken(text)
    var expected = text.trimmingCharacters(in: .whitespaces)
    if expected.hasPrefix("?") { expected.removeFirst() }
    fuzzCheck(token.rawQuery == expected, "the token's raw text changed: \(token.rawQuery.debugDescription)")
    let signatures = SecretAssignments(in: token.rawQuery, names: ["sig"], separators: ["&"])
    signatures.assertHidden(in: token.redacted, what: "StorageSASToken.redacted")
    let summary = SASSummary(permissions: token.permissions, expiry: token.expiry, start: token.start,
                             resourceTypes: token.resourceTypes, signedResource: token.signedResource, isAccountSAS: token.isAccountSAS)
    signatures.assertHidden(in: CredentialSource.sasTokenEnvironment(summary).description, what: "the SAS credential source")
}

func checkContainerURL(_ url: String) {
    let signatures = SecretAssignments(in: url, names: ["sig"], separators: ["?", "&"])
    do {
        let location = try BlobContainerLocation(url: url)
        for shown in [location.url, location.endpoint, location.description, location.blobURL("a/b.json"), location.origin] {
            fuzzCheck(!shown.contains("?"), "a container location shows a query: \(shown)")
            signatures.assertHidden(in: shown, what: "the container location")
        }
        fuzzCheck(location.containerPath.hasPrefix("/"), "container path without a leading slash: \(location.containerPath)")
        if let sas = location.sas {
            fuzzCheck(sas.looksLikeSAS, "a query that is not a SAS was kept as one")
            signatures.assertHidden(in: sas.redacted, what: "the URL's redacted SAS")
        }
    } catch let error as CredentialError {
        signatures.assertHidden(in: error.description, what: "the container-URL error")
    } catch {
        fuzzFail("BlobContainerLocation threw something other than CredentialError: \(error)")
    }
}

func checkEventGridToken(_ text: String) {
    guard let parsed = EventGridSAS.parse(text) else { return }
    fuzzCheck(text.hasPrefix(parsed.signedText), "the signed text is not the start of the token")
    _ = EventGridSAS.isValid(parsed, topicKey: "c2VjcmV0LXRvcGljLWtleS0wMTIzNDU2Nzg5")
    _ = EventGridSAS.parseExpiry(parsed.expiry)
    // Also when the token is malformed, e.g. an `e` without `=` (Fixtures/bad/fuzz/sas/event-grid-token-without-e-equals).
    SecretAssignments(in: text, names: ["s"], separators: ["&"])
        .assertHidden(in: Redactor.redact("aeg-sas-token: " + text), what: "a redacted Event Grid token")
}

func checkTimes(_ text: String) {
    _ = EventGridSAS.parseExpiry(text)
    // Years 1…9999 only: RFC 3339 has four-digit years, and an offset can push 0000-01-01 into year -1.
    let representable = Date(timeIntervalSince1970: -62_135_596_800)...Date(timeIntervalSince1970: 253_402_300_799)
    if let date = RFC3339.parse(text), representable.contains(date) {
        let shown = RFC3339.format(date, fractionDigits: 7)
        let again = RFC3339.parse(shown)
        fuzzCheck(again != nil, "RFC3339.format gave text RFC3339.parse refuses: \(shown) (from \(text.debugDescription))")
        if let again { fuzzCheck(RFC3339.format(again, fractionDigits: 7) == shown, "RFC3339 format/parse is not stable: \(shown)") }
    }
    if let date = HTTPDate.parse(text) {
        let shown = HTTPDate.format(date)
        fuzzCheck(HTTPDate.parse(shown) == date, "HTTPDate format/parse is not stable: \(shown) (from \(text.debugDescription))")
    }
}
