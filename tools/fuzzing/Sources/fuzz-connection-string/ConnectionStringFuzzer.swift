import AzureCore
import DeadLetterKit
import FuzzSupport

/// Fuzzes connection-string parsing: Storage (`--connection-string`, `AZURE_STORAGE_CONNECTION_STRING`) and
/// Event Hubs / Service Bus (`DEADLETTER_TARGET_CONNECTION_STRING`), with what the CLI builds from them.
///
/// Input: the connection string. Invariants:
/// - no crash, no hang, no memory error;
/// - fields are looked up case-insensitively and every listed key can be read back;
/// - a parsed Storage string has an endpoint without a trailing slash, an account key that decodes and signs, and
///   gives a container location under that endpoint;
/// - no key, signature or SAS from the input appears in any error, credential description, location or in
///   `Redactor.redact` of the whole string (what logs show).
@_cdecl("LLVMFuzzerTestOneInput")
public func connectionStringFuzzerTestOneInput(_ data: UnsafePointer<UInt8>?, _ count: Int) -> CInt {
    let text = FuzzInput(data, count, controlCount: 0).text
    // Keys are fields of their own; a SharedAccessSignature's secret is its `sig` (its other fields, permissions and
    // expiry, are meant to be shown).
    let keys = SecretAssignments(in: text, names: ["accountkey", "sharedaccesskey"], separators: [";"])
    let signatures = SecretAssignments(in: ConnectionStringFields(text)["SharedAccessSignature"] ?? "", names: ["sig"],
                                       separators: ["&"], wholeInput: text)
    func assertHidden(in output: String, _ what: String) {
        keys.assertHidden(in: output, what: what)
        signatures.assertHidden(in: output, what: what)
    }

    let fields = ConnectionStringFields(text)
    for key in fields.keys {
        fuzzCheck(fields[key] != nil, "field '\(key)' is listed but cannot be read")
        // Azure's keys are ASCII; outside ASCII, upper- and lower-casing do not undo each other ("ı" → "I" → "i").
        if key.utf8.allSatisfy({ $0 < 0x80 }) {
            fuzzCheck(fields[key.uppercased()] == fields[key], "field '\(key)' cannot be read back case-insensitively")
        }
    }
    assertHidden(in: Redactor.redact(text), "Redactor.redact of the connection string")

    checkStorage(text, assertHidden: assertHidden)
    checkServiceBus(text, assertHidden: assertHidden)
    return 0
}

func checkStorage(_ text: String, assertHidden: (String, String) -> Void) {
    let parsed: StorageConnectionString
    do {
        parsed = try StorageConnectionString(text)
    } catch let error as ConnectionStringError {
        assertHidden(error.description, "a Storage connection-string error")
        // The resolver wraps it for the user exactly like this.
        assertHidden(CredentialError.invalidConnectionString(Redactor.redact("\(error)")).description, "CredentialError")
        return
    } catch {
        fuzzFail("StorageConnectionString threw something other than ConnectionStringError: \(error)")
    }
    fuzzCheck(!parsed.blobEndpoint.hasSuffix("/"), "the blob endpoint keeps a trailing slash: \(parsed.blobEndpoint)")
    switch parsed.credential {
    case .sharedKey(let account, let key):
        fuzzCheck(HMACSigning.decodeBase64Key(key) != nil, "an account key that is not base64 was accepted")
        do {
            let authorizer = try SharedKeyAuthorizer(accountName: account, accountKey: key, source: .connectionStringSharedKey(account: account))
            assertHidden(authorizer.source.description, "the Shared Key credential source")
        } catch {
            fuzzFail("an accepted account key is refused by SharedKeyAuthorizer: \(error)")
        }
    case .sas(let token):
        assertHidden(token.redacted, "the connection string's redacted SAS")
        let source = CredentialSource.connectionStringSAS(SASSummary(
            permissions: token.permissions, expiry: token.expiry, start: token.start, resourceTypes: token.resourceTypes,
            signedResource: token.signedResource, isAccountSAS: token.isAccountSAS))
        assertHidden(source.description, "the SAS credential source")
    case .anonymous:
        break
    }
    // `deadletter ls <container> --connection-string …` puts the container under the endpoint.
    do {
        let location = try BlobContainerLocation(endpoint: parsed.blobEndpoint, containerName: "dead letters/ü", accountName: parsed.accountName)
        fuzzCheck(location.containerName == "dead letters/ü", "the container name changed: \(location.containerName)")
        fuzzCheck(location.url.hasSuffix("/dead%20letters%2F%C3%BC"), "the container is not the last path segment: \(location.url)")
        for shown in [location.url, location.endpoint, location.blobURL("a/b.json")] { assertHidden(shown, "the container location") }
    } catch let error as CredentialError {
        assertHidden(error.description, "the container-location error")
    } catch {
        fuzzFail("BlobContainerLocation threw something other than CredentialError: \(error)")
    }
}

func checkServiceBus(_ text: String, assertHidden: (String, String) -> Void) {
    do {
        let parsed = try ServiceBusConnectionString(text)
        fuzzCheck(parsed.endpoint.hasPrefix(parsed.useDevelopmentEmulator ? "http://" : "https://"), "endpoint scheme: \(parsed.endpoint)")
        fuzzCheck(!parsed.endpoint.hasSuffix("/"), "the endpoint keeps a trailing slash: \(parsed.endpoint)")
        fuzzCheck(parsed.sharedAccessSignature != nil || (parsed.keyName != nil && parsed.key != nil), "no credential was accepted")
        assertHidden(parsed.endpoint, "the Service Bus endpoint")
    } catch let error as ConnectionStringError {
        assertHidden(error.description, "a Service Bus connection-string error")
    } catch {
        fuzzFail("ServiceBusConnectionString threw something other than ConnectionStringError: \(error)")
    }
}
