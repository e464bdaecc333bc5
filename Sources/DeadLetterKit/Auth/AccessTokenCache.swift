import Foundation

/// Keeps one token until shortly before it expires and makes concurrent callers share a single refresh, so 32
/// parallel downloads do not start 32 `az` processes or IMDS calls.
actor AccessTokenCache {
    /// Refresh this long before the stated expiry, so a request never leaves with a token about to lapse.
    let refreshMargin: TimeInterval
    /// How long to trust a token whose expiry is unknown.
    let unknownExpiryLifetime: TimeInterval
    private let now: @Sendable () -> Date
    private var current: (token: AccessToken, validUntil: Date)?
    private var refreshing: Task<AccessToken, any Error>?
    private(set) var fetchCount = 0

    init(refreshMargin: TimeInterval = 300, unknownExpiryLifetime: TimeInterval = 300, now: @escaping @Sendable () -> Date = Date.init) {
        self.refreshMargin = refreshMargin
        self.unknownExpiryLifetime = unknownExpiryLifetime
        self.now = now
    }

    /// `source` names where tokens come from, for the error when a fresh one has already expired.
    func token(source: String, fetch: @escaping @Sendable () async throws -> AccessToken) async throws -> AccessToken {
        if let current, now() < current.validUntil { return current.token }
        if let refreshing { return try await refreshing.value }
        let task = Task { try await fetch() }
        refreshing = task
        defer { refreshing = nil }
        let token = try await task.value
        fetchCount += 1
        let fetchedAt = now()
        current = nil
        guard let expiry = token.expiresOn else {
            current = (token, fetchedAt.addingTimeInterval(unknownExpiryLifetime))
            return token
        }
        // A source that hands out an expired token would otherwise be asked again for every request, each then
        // refused with 401: say so once, clearly.
        guard expiry > fetchedAt else { throw CredentialError.tokenExpired(source: source, expiredAt: SASTime.format(expiry)) }
        // A token already inside the refresh margin is still used, for half its remaining life, so that a source
        // that only has such tokens (e.g. a cache near its own refresh) is not run for every request.
        let remaining = expiry.timeIntervalSince(fetchedAt)
        current = (token, fetchedAt.addingTimeInterval(remaining > 2 * refreshMargin ? remaining - refreshMargin : remaining / 2))
        return token
    }
}
