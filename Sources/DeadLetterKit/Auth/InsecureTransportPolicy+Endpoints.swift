/// The places a run will send requests to, checked once they are resolved and before anything is sent: the
/// container, the replay target, and the managed identity endpoint behind either.
extension InsecureTransportPolicy {
    /// The container's origin (from its URL, a connection string or the account variables) and, for managed
    /// identity, the token endpoint.
    public func check(_ credential: ResolvedStorageCredential) throws(InsecureTransportError) {
        try check(credential.location.origin, for: .storage)
        if let bearer = credential.authorizer as? BearerTokenAuthorizer { try checkTokenEndpoint(of: bearer.provider) }
    }

    /// Where the target's batches go (whether `--to` or a connection string's `Endpoint` named it) and, for managed
    /// identity, the token endpoint.
    public func check(_ target: any ReplayTarget) throws(InsecureTransportError) {
        try check(target.requestURL, for: .replayTarget(target.kind))
        if case .bearer(let provider) = target.credential { try checkTokenEndpoint(of: provider) }
    }

    /// Token commands and environment variables send nothing; only managed identity has an endpoint.
    func checkTokenEndpoint(of provider: any AccessTokenProvider) throws(InsecureTransportError) {
        guard let identity = provider as? ManagedIdentityTokenProvider else { return }
        switch identity.endpoint {
        case .instanceMetadata(let url), .identityEndpoint(let url, _): try check(url, for: .managedIdentity)
        }
    }
}
