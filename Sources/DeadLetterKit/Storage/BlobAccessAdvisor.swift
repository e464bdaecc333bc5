import Foundation

/// Turns an error status into the sentence a user needs: which SAS permission or resource type is missing, when the
/// SAS expired, whose key is wrong, which container does not exist. Knows the credential only through its
/// non-secret `CredentialSource`.
enum BlobAccessAdvisor {
    struct Context {
        var status: Int
        var code: String?
        var operation: StorageOperation
        var source: CredentialSource
        var location: BlobContainerLocation
        var blobName: String?
        var now: Date
    }

    static func hint(_ context: Context) -> String? {
        switch context.code {
        case "ContainerNotFound":
            return "container '\(context.location.containerName)' does not exist at \(context.location.endpoint)"
        case "BlobNotFound":
            return "blob '\(context.blobName ?? "?")' does not exist in container '\(context.location.containerName)' (deleted or moved since it was listed?)"
        case "ConditionNotMet":
            return "blob '\(context.blobName ?? "?")' changed since it was listed (its ETag no longer matches), so it was left alone"
        case "AuthorizationPermissionMismatch":
            return permissionMismatch(context)
        case "AuthorizationResourceTypeMismatch":
            return resourceTypeMismatch(context)
        case "AuthenticationFailed":
            return authenticationFailed(context)
        case "AuthorizationFailure":
            return authorizationFailure(context)
        case "NoAuthenticationInformation":
            return anonymousRefused
        case "AuthorizationServiceMismatch":
            return "the account SAS does not cover the blob service: create it with --services b"
        case "AuthorizationProtocolMismatch":
            return "the SAS only allows HTTPS (spr=https) but the container URL uses http"
        case "AuthorizationSourceIPMismatch":
            return "the SAS is limited to other IP addresses (sip=): create one that allows this machine's address"
        case "InvalidAuthenticationInfo":
            return context.source.isBearerToken
                ? "the service did not accept the access token (Azure takes Entra ID tokens only over HTTPS, issued for https://storage.azure.com/)"
                : nil
        default:
            if context.status == 404, context.code == nil, context.operation == .list {
                return "container '\(context.location.containerName)' was not found at \(context.location.endpoint)"
            }
            if context.source == .anonymous, context.status == 401 || context.status == 403 || context.code == "ResourceNotFound" {
                return anonymousRefused
            }
            return nil
        }
    }

    private static let anonymousRefused = "no credential was sent and the container is not public: pass its SAS URL, --connection-string, AZURE_STORAGE_ACCOUNT + AZURE_STORAGE_KEY, or a token"

    private static func permissionMismatch(_ context: Context) -> String? {
        let operation = context.operation
        if let sas = context.source.sas {
            let needed = operation.sasPermission
            guard !sas.permissions.contains(needed) else {
                return "the SAS has '\(needed)' (sp=\(sas.permissions)) but was still refused for \(operation.activity); if it names a stored access policy (si=), that policy's permissions apply"
            }
            let allows = sas.permissions.isEmpty ? "no permissions" : "'\(sas.permissions)' only"
            if operation == .list || operation == .read || operation == .getProperties {
                return "the SAS allows \(allows); listing needs 'l' and reading 'r' (ADT's dead-letter SAS only has 'w': create one with --permissions rl)"
            }
            return "the SAS allows \(allows); \(operation.activity) needs '\(needed)' (for replay with clean-up create one with --permissions rld, plus 'w'/'t' to mark blobs)"
        }
        if context.source.isBearerToken {
            let role = operation == .list || operation == .read || operation == .getProperties
                ? "'Storage Blob Data Reader'" : "'Storage Blob Data Contributor'"
            return "the identity behind \(context.source) has no data role allowing \(operation.activity): assign it \(role) on the container or the account (Owner/Contributor alone grant no data access; role assignments take a few minutes to apply)"
        }
        if context.source == .anonymous { return anonymousRefused }
        return nil
    }

    private static func resourceTypeMismatch(_ context: Context) -> String? {
        guard let sas = context.source.sas else { return nil }
        let needed = context.operation.accountSASResourceType
        if sas.isAccountSAS {
            let has = sas.resourceTypes ?? ""
            return "the account SAS has --resource-types '\(has)'; \(context.operation.activity) needs '\(needed)': add 'c' (and 'o') to --resource-types (srt=co lists and reads)"
        }
        if sas.signedResource == "b" {
            return "the SAS is for a single blob (sr=b); \(context.operation.activity) needs a container SAS (sr=c) or an account SAS with srt=co"
        }
        return "the SAS is not valid for this resource type; \(context.operation.activity) needs '\(needed)' in an account SAS's srt, or a container SAS (sr=c)"
    }

    private static func authenticationFailed(_ context: Context) -> String? {
        if let sas = context.source.sas {
            if let expiry = sas.expiry, let date = SASTime.parse(expiry), date <= context.now {
                return "the SAS expired at \(expiry) (it is now \(SASTime.format(context.now))); create a new one"
            }
            if let start = sas.start, let date = SASTime.parse(start), date > context.now {
                return "the SAS is not valid before \(start) (it is now \(SASTime.format(context.now)); clocks may differ, start it a few minutes earlier)"
            }
            return "the SAS signature was not accepted: the token may be cut short (quote the URL in the shell, an unquoted '&' ends it), edited, or signed with an account key that has since been rotated"
        }
        if let account = context.source.sharedKeyAccount {
            if let urlAccount = context.location.accountName, urlAccount != account {
                return "the account key is for account '\(account)' but the container URL is in account '\(urlAccount)'"
            }
            return "the account key doesn't match account '\(account)' (check AZURE_STORAGE_KEY or the connection string's AccountKey; keys change when rotated)"
        }
        if context.source.isBearerToken {
            return "the access token (\(context.source)) was rejected: it may have expired or have been issued for another resource (it must be for https://storage.azure.com/)"
        }
        return nil
    }

    private static func authorizationFailure(_ context: Context) -> String? {
        if let sas = context.source.sas {
            return "the SAS (\(sas)) was refused: check its allowed IP range (sip=) and protocol (spr=), and the storage account's firewall"
        }
        if context.source.sharedKeyAccount != nil {
            return "account '\(context.source.sharedKeyAccount!)' refused the request: Shared Key access may be disabled on it (allowSharedKeyAccess=false; use a SAS or a token), or its firewall blocks this address"
        }
        if context.source.isBearerToken {
            return "the identity behind \(context.source) is not authorized: check its role assignment (Storage Blob Data Reader/Contributor) and the account's firewall"
        }
        return nil
    }

    /// `AuthenticationErrorDetail` can quote the request's signature ("The MAC signature found in the HTTP request
    /// '<signature>' is not the same…"); mask the quoted signature before the detail goes anywhere.
    static func sanitizeDetail(_ detail: String) -> String {
        let marker = "signature found in the HTTP request '"
        guard let start = detail.range(of: marker), let end = detail[start.upperBound...].firstIndex(of: "'") else { return detail }
        return detail.replacingCharacters(in: start.upperBound..<end, with: "REDACTED")
    }
}
