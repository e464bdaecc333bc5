import AzureCore
import Foundation

extension BlobAuthorizer {
    /// `SharedKey <account>:<signature>`: recomputes the string-to-sign from the request as received (path-style
    /// canonical resource `/<account>/<account>/<container>…`) and compares signatures in constant time.
    func authorizeSharedKey(_ request: EmulatorRequest, credential: String, target: BlobRequestTarget, now: Date) -> Result<AuthorizationGrant, BlobServiceError> {
        guard let colon = credential.lastIndex(of: ":") else { return .failure(.malformedAuthorization()) }
        let account = String(credential[..<colon])
        let signature = String(credential[credential.index(after: colon)...])
        guard account == target.account else {
            return .failure(.authenticationFailed("The account '\(account)' in the Authorization header does not match the account '\(target.account)' in the request URL."))
        }
        guard let key = accountKeys[account] else {
            return .failure(.authenticationFailed("The account '\(account)' is not configured in the emulator."))
        }
        guard let dateText = request.header("x-ms-date") ?? request.header("Date") else {
            return .failure(.authenticationFailed("Request date header not specified. Send x-ms-date (or Date) and sign it."))
        }
        if let date = HTTPDate.parse(dateText) {
            if now.timeIntervalSince(date) > Self.allowedClockSkew {
                return .failure(.authenticationFailed("Request date header too old: '\(dateText)'"))
            }
            if date.timeIntervalSince(now) > Self.allowedClockSkew {
                return .failure(.authenticationFailed("Request date header too far in the future: '\(dateText)'"))
            }
        } else {
            return .failure(.invalidHeader(request.header("x-ms-date") != nil ? "x-ms-date" : "Date", value: dateText))
        }
        let stringToSign = SharedKeyStringToSign.make(method: request.method, accountName: account, path: request.path,
                                                      query: request.query, headers: request.headers)
        let expected = HMACSigning.sha256Base64(key: key, message: stringToSign)
        guard HMACSigning.constantTimeEquals(expected, signature) else {
            // Azure quotes the request's signature here; the emulator leaves it out so error logs never carry it, and
            // redacts credentials signed headers may hold (a SAS in x-ms-copy-source, a token in
            // x-ms-copy-source-authorization).
            return .failure(.authenticationFailed(
                "The MAC signature found in the HTTP request '\(Redactor.mask)' is not the same as any computed signature. Server used following string to sign: '\(Redactor.redact(stringToSign))'."))
        }
        return .success(AuthorizationGrant(kind: .sharedKey, account: account, sasPermissions: nil))
    }
}
