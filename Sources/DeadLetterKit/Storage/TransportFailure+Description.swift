import AzureCore

/// Transport errors in words a user can act on. SwiftNIO's TLS errors print as
/// `handshakeFailed(NIOSSL.BoringSSLError.sslError([… CERTIFICATE_VERIFY_FAILED at …/handshake.cc:320]))`; a
/// refused certificate deserves a sentence that says what it means and that deadletter will not skip the check.
extension TransportFailure {
    /// The BoringSSL and NIOSSL words of a server certificate that was checked and refused.
    static let certificateRefusals = ["CERTIFICATE_VERIFY_FAILED", "failedToValidateHostname", "unableToValidateCertificate",
                                      "serverHostnameImpossibleToMatch"]

    /// `error` as text for a message, redacted; a refused server certificate is explained.
    static func describe(_ error: any Error) -> String {
        let text = "\(error)"
        let isTLS = String(reflecting: type(of: error)).contains("NIOSSL")
        guard isTLS, let refusal = certificateRefusals.first(where: { text.contains($0) }) else { return Redactor.redact(text) }
        return "the server's TLS certificate could not be verified (\(refusal)): it is self-signed, expired, issued for another "
            + "host name, or signed by an authority this machine does not trust. deadletter always verifies certificates; "
            + "behind a proxy that re-signs TLS, add its CA certificate to the system's trust store"
    }
}
