import AzureCore
import Foundation

extension BlobAuthorizer {
    /// Service SAS (`sr=c|b`) and account SAS (`ss`/`srt`), checked in Azure's order: signature, validity window,
    /// IP range, protocol, then (account SAS) service and resource type, then permissions.
    func authorizeSAS(_ request: EmulatorRequest, target: BlobRequestTarget, operation: BlobOperation, now: Date) -> Result<AuthorizationGrant, BlobServiceError> {
        let field: (String) -> String = { request.queryValue($0) ?? "" }
        let isAccountSAS = request.queryValue("ss") != nil || request.queryValue("srt") != nil
        guard let key = accountKeys[target.account] else { return .failure(.resourceNotFound()) }
        guard !field("sv").isEmpty else { return .failure(.authenticationFailed("sv is mandatory. Cannot be empty")) }
        guard let container = target.container else { return .failure(.resourceTypeMismatch()) }

        let stringToSign: String
        if isAccountSAS {
            stringToSign = SASStringToSign.account(fields: field, account: target.account)
        } else {
            let resource = field("sr")
            if request.queryValue("skoid") != nil {
                return .failure(.authenticationFailed("The emulator does not implement user delegation SAS; use a service or account SAS signed with the account key."))
            }
            guard resource == "c" || resource == "b" else {
                return .failure(.authenticationFailed(resource.isEmpty
                    ? "sr is mandatory. Cannot be empty"
                    : "The emulator implements container (sr=c) and blob (sr=b) SAS only, not sr=\(resource)."))
            }
            if !field("si").isEmpty {
                return .failure(.authenticationFailed("The emulator has no stored access policies, so si=\(field("si")) cannot be resolved."))
            }
            stringToSign = SASStringToSign.service(fields: field, account: target.account, container: container,
                                                   blob: resource == "b" ? (target.blob ?? "") : nil)
        }
        let expected = HMACSigning.sha256Base64(key: key, message: stringToSign)
        guard HMACSigning.constantTimeEquals(expected, field("sig")) else {
            return .failure(.authenticationFailed("Signature did not match. String to sign used was \(stringToSign)"))
        }

        if let failure = checkValidityWindow(start: field("st"), expiry: field("se"), now: now) { return .failure(failure) }
        if let failure = checkSourceAddress(range: field("sip"), address: request.remoteAddress) { return .failure(failure) }
        // The emulator only speaks HTTP; a token restricted to HTTPS is refused as Azure refuses it over HTTP.
        if !field("spr").isEmpty, !field("spr").split(separator: ",").contains("http") { return .failure(.protocolMismatch()) }

        let permissions = field("sp")
        if isAccountSAS {
            guard field("ss").contains("b") else { return .failure(.serviceMismatch()) }
            let neededType: Character = operation.isContainerLevel ? "c" : "o"
            guard field("srt").contains(neededType) else { return .failure(.resourceTypeMismatch()) }
        }
        guard let allowed = SASPermissionRequirement.letters(for: operation, accountSAS: isAccountSAS),
              permissions.contains(where: { allowed.contains($0) }) else {
            return .failure(.permissionMismatch())
        }
        return .success(AuthorizationGrant(kind: isAccountSAS ? .accountSAS : .serviceSAS, account: target.account,
                                           sasPermissions: permissions))
    }

    private func checkValidityWindow(start: String, expiry: String, now: Date) -> BlobServiceError? {
        guard !expiry.isEmpty else { return .authenticationFailed("se is mandatory. Cannot be empty") }
        guard let expiryDate = SASTime.parse(expiry) else {
            return .authenticationFailed("se (\(expiry)) is not an ISO 8601 UTC time such as 2024-01-05T13:00:00Z")
        }
        var startDate: Date?
        if !start.isEmpty {
            guard let parsed = SASTime.parse(start) else {
                return .authenticationFailed("st (\(start)) is not an ISO 8601 UTC time such as 2024-01-05T13:00:00Z")
            }
            startDate = parsed
            if parsed > expiryDate {
                return .authenticationFailed("Signed expiry time [\(HTTPDate.format(expiryDate))] must be after signed start time [\(HTTPDate.format(parsed))]")
            }
        }
        if now > expiryDate || (startDate.map { now < $0 } ?? false) {
            // Same wording as Fixtures/listings/errors/authentication-failed.xml.
            return .authenticationFailed("Signature not valid in the specified time frame: Start [\(startDate.map(HTTPDate.format) ?? "")] - Expiry [\(HTTPDate.format(expiryDate))] - Current [\(HTTPDate.format(now))]")
        }
        return nil
    }

    /// `sip` is one IPv4 address or `low-high`.
    private func checkSourceAddress(range: String, address: String?) -> BlobServiceError? {
        guard !range.isEmpty else { return nil }
        let client = address.map { $0.hasPrefix("::ffff:") ? String($0.dropFirst(7)) : $0 } ?? ""
        let bounds = range.split(separator: "-").map(String.init)
        guard let value = Self.ipv4(client), let low = bounds.first.flatMap(Self.ipv4),
              let high = (bounds.count > 1 ? Self.ipv4(bounds[1]) : low), value >= low, value <= high else {
            return .sourceIPMismatch(client.isEmpty ? "unknown" : client)
        }
        return nil
    }

    static func ipv4(_ text: String) -> UInt32? {
        let parts = text.split(separator: ".")
        guard parts.count == 4 else { return nil }
        var value: UInt32 = 0
        for part in parts {
            guard let octet = UInt8(part) else { return nil }
            value = value << 8 | UInt32(octet)
        }
        return value
    }
}
