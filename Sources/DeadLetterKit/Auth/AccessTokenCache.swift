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

    func token(fetch: @escaping @Sendable () async throws -> AccessToken) async throws -> AccessToken {
        if let current, now() < current.validUntil { return current.token }
        if let refreshing { return try await refreshing.value }
        let task = Task { try await fetch() }
        refreshing = task
        defer { refreshing = nil }
        let token = try await task.value
        fetchCount += 1
        let fetchedAt = now()
        let validUntil = token.expiresOn.map { $0.addingTimeInterval(-refreshMargin) } ?? fetchedAt.addingTimeInterval(unknownExpiryLifetime)
        current = (token, validUntil)
        return token
    }
}
