import AzureCore

/// Why no usable credential (or container) could be set up, or a token could not be obtained.
public enum CredentialError: Error, CustomStringConvertible, Sendable, Equatable {
    case noContainer
    case invalidContainerURL(url: String, reason: String)
    case noCredential(tried: [String])
    case missingSetting(kind: String, needs: String)
    case invalidConnectionString(String)
    case invalidAccountKey(account: String)
    case tokenExpired(source: String, expiredAt: String)
    case tokenCommandFailed(program: String, status: Int32, stderr: String)
    case tokenCommandTimedOut(program: String, seconds: Int)
    case tokenCommandNotStarted(program: String, reason: String)
    case tokenCommandEmptyOutput(program: String)
    case managedIdentityUnreachable(endpoint: String, reason: String)
    case managedIdentityRejected(endpoint: String, status: Int, message: String)
    case tokenResponseUnreadable(source: String, reason: String)

    public var description: String {
        let text: String
        switch self {
        case .noContainer:
            text = "no container given: pass the container URL (https://<account>.blob.core.windows.net/<container>[?<SAS>]) or a container name with a connection string or AZURE_STORAGE_ACCOUNT"
        case .invalidContainerURL(let url, let reason):
            text = "'\(url)' is not a container URL: \(reason)"
        case .noCredential(let tried):
            text = "no storage credential found (tried: \(tried.joined(separator: ", "))). Pass the container's SAS URL, --connection-string, set AZURE_STORAGE_ACCOUNT + AZURE_STORAGE_KEY, AZURE_STORAGE_SAS_TOKEN or AZURE_STORAGE_TOKEN, give a token command, or choose managed identity"
        case .missingSetting(let kind, let needs):
            text = "\(kind) was chosen but \(needs) is not set"
        case .invalidConnectionString(let reason):
            text = "the storage connection string is not usable: \(reason)"
        case .invalidAccountKey(let account):
            text = "the account key for '\(account)' is not valid base64 (copy key1 or key2 from the portal's Access keys)"
        case .tokenExpired(let source, let expiredAt):
            text = "the access token from \(source) expired at \(expiredAt); get a fresh one (az account get-access-token --resource https://storage.azure.com/)"
        case .tokenCommandFailed(let program, let status, let stderr):
            text = "the token command '\(program)' exited with status \(status)" + (stderr.isEmpty ? "" : ": \(stderr)")
        case .tokenCommandTimedOut(let program, let seconds):
            text = "the token command '\(program)' did not finish within \(seconds) s (is it waiting for an interactive login? run 'az login' first)"
        case .tokenCommandNotStarted(let program, let reason):
            text = "the token command '\(program)' could not be started: \(reason)"
        case .tokenCommandEmptyOutput(let program):
            text = "the token command '\(program)' printed no token"
        case .managedIdentityUnreachable(let endpoint, let reason):
            text = "the managed identity endpoint \(endpoint) did not answer (\(reason)); managed identity only works on Azure compute with an identity assigned"
        case .managedIdentityRejected(let endpoint, let status, let message):
            text = "the managed identity endpoint \(endpoint) refused a token with HTTP \(status)" + (message.isEmpty ? "" : ": \(message)")
                + (status == 400 ? " (is an identity assigned? for a user-assigned identity pass its client id)" : "")
        case .tokenResponseUnreadable(let source, let reason):
            text = "the token answer from \(source) could not be read: \(reason)"
        }
        return Redactor.redact(text)
    }
}
