/// The authentication and authorization errors, worded as Azure words them (Fixtures/listings/errors/).
extension BlobServiceError {
    static let bearerChallenge = ("WWW-Authenticate",
                                  "Bearer authorization_uri=https://login.microsoftonline.com/common/oauth2/authorize resource_id=https://storage.azure.com")

    static func authenticationFailed(_ detail: String) -> Self {
        Self(status: 403, code: "AuthenticationFailed",
             message: "Server failed to authenticate the request. Make sure the value of Authorization header is formed correctly including the signature.",
             details: [("AuthenticationErrorDetail", detail)])
    }

    static func noAuthenticationInformation() -> Self {
        Self(status: 401, code: "NoAuthenticationInformation",
             message: "Server failed to authenticate the request. Please refer to the information in the www-authenticate header.",
             headers: [bearerChallenge])
    }

    static func invalidAuthenticationInfo(_ detail: String) -> Self {
        Self(status: 401, code: "InvalidAuthenticationInfo",
             message: "Server failed to authenticate the request. Please refer to the information in the www-authenticate header.",
             details: [("AuthenticationErrorDetail", detail)], headers: [bearerChallenge])
    }

    static func malformedAuthorization() -> Self {
        Self(status: 400, code: "InvalidAuthenticationInfo",
             message: "Authentication information is not given in the correct format. Check the value of Authorization header.")
    }

    static func permissionMismatch() -> Self {
        Self(status: 403, code: "AuthorizationPermissionMismatch",
             message: "This request is not authorized to perform this operation using this permission.")
    }

    static func resourceTypeMismatch() -> Self {
        Self(status: 403, code: "AuthorizationResourceTypeMismatch",
             message: "This request is not authorized to perform this operation using this resource type.")
    }

    static func serviceMismatch() -> Self {
        Self(status: 403, code: "AuthorizationServiceMismatch",
             message: "This request is not authorized to perform this operation using this service.")
    }

    static func protocolMismatch() -> Self {
        Self(status: 403, code: "AuthorizationProtocolMismatch",
             message: "This request is not authorized to perform this operation using this protocol.")
    }

    static func sourceIPMismatch(_ address: String) -> Self {
        Self(status: 403, code: "AuthorizationSourceIPMismatch",
             message: "This request is not authorized to perform this operation using this source IP \(address).")
    }
}
