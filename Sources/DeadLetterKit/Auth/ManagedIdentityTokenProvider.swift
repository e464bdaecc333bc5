import AsyncHTTPClient
import AzureCore
import Foundation
import NIOCore

/// Tokens for a managed identity: from IMDS (`169.254.169.254`, header `Metadata: true`, api-version 2018-02-01) or
/// from App Service / Container Apps (`IDENTITY_ENDPOINT` with `X-IDENTITY-HEADER: $IDENTITY_HEADER`, api-version
/// 2019-08-01). The endpoint is only contacted when a token is first needed, and it can be overridden for tests.
public struct ManagedIdentityTokenProvider: AccessTokenProvider {
    public enum Endpoint: Sendable, Equatable {
        case instanceMetadata(url: String)
        /// `header` is the secret from `IDENTITY_HEADER`.
        case identityEndpoint(url: String, header: String)

        public static let defaultInstanceMetadataURL = "http://169.254.169.254/metadata/identity/oauth2/token"

        /// The endpoint the environment gives, as Azure's identity libraries read it: App Service / Container Apps
        /// (`IDENTITY_ENDPOINT` + `IDENTITY_HEADER`), else IMDS at `instanceMetadataURL` if given, else at
        /// `AZURE_POD_IDENTITY_AUTHORITY_HOST` (azure-identity's override of the IMDS host, also how tests point it
        /// at a local server), else at 169.254.169.254.
        public static func fromEnvironment(_ value: (String) -> String?, instanceMetadataURL: String? = nil) -> Endpoint {
            if let url = value("IDENTITY_ENDPOINT"), let header = value("IDENTITY_HEADER") {
                return .identityEndpoint(url: url, header: header)
            }
            if let instanceMetadataURL { return .instanceMetadata(url: instanceMetadataURL) }
            if var host = value("AZURE_POD_IDENTITY_AUTHORITY_HOST") {
                while host.hasSuffix("/") { host.removeLast() }
                return .instanceMetadata(url: host + "/metadata/identity/oauth2/token")
            }
            return .instanceMetadata(url: defaultInstanceMetadataURL)
        }

        var flow: CredentialSource.ManagedIdentityFlow {
            switch self {
            case .instanceMetadata: return .instanceMetadata
            case .identityEndpoint: return .identityEndpoint
            }
        }
    }

    public static let storageResource = "https://storage.azure.com/"

    public let endpoint: Endpoint
    /// A user-assigned identity's client id; nil for the system-assigned identity.
    public let clientID: String?
    public let resource: String
    private let httpClient: HTTPClient
    private let retryPolicy: RetryPolicy
    private let timeout: Duration
    private let cache: AccessTokenCache

    public init(endpoint: Endpoint, clientID: String? = nil, resource: String = Self.storageResource, httpClient: HTTPClient,
                retryPolicy: RetryPolicy = RetryPolicy(maxAttempts: 3, maxTotalTime: .seconds(30)), timeout: Duration = .seconds(10)) {
        self.endpoint = endpoint
        self.clientID = clientID
        self.resource = resource
        self.httpClient = httpClient
        self.retryPolicy = retryPolicy
        self.timeout = timeout
        cache = AccessTokenCache()
    }

    public var source: CredentialSource { .managedIdentity(flow: endpoint.flow, clientID: clientID) }

    public func token() async throws -> AccessToken {
        let provider = self
        return try await cache.token(source: source.description) { try await provider.fetch() }
    }

    var fetchCount: Int { get async { await cache.fetchCount } }

    /// The token request: URL and headers (the identity header is a secret and never logged).
    func makeRequest() -> HTTPClientRequest {
        var query: [(String, String)]
        var request: HTTPClientRequest
        switch endpoint {
        case .instanceMetadata(let url):
            query = [("api-version", "2018-02-01"), ("resource", resource)]
            if let clientID { query.append(("client_id", clientID)) }
            request = HTTPClientRequest(url: url + Self.querySeparator(url) + Self.encode(query))
            request.headers.add(name: "Metadata", value: "true")
        case .identityEndpoint(let url, let header):
            query = [("api-version", "2019-08-01"), ("resource", resource)]
            if let clientID { query.append(("client_id", clientID)) }
            request = HTTPClientRequest(url: url + Self.querySeparator(url) + Self.encode(query))
            request.headers.add(name: "X-IDENTITY-HEADER", value: header)
        }
        request.method = .GET
        request.headers.add(name: "User-Agent", value: "deadletter/\(DeadLetterVersion.current)")
        return request
    }

    private var endpointURL: String {
        switch endpoint {
        case .instanceMetadata(let url), .identityEndpoint(let url, _): return url
        }
    }

    private func fetch() async throws -> AccessToken {
        var retry = RetryState(policy: retryPolicy, isIdempotent: true)
        let started = ContinuousClock.now
        while true {
            let outcome: RetryOutcome
            let failure: CredentialError
            do {
                let response = try await httpClient.execute(makeRequest(), timeout: .nanoseconds(Int64(timeout.retrySeconds * 1e9)))
                let body = try await response.body.collect(upTo: 1 << 20)
                let data = Data(body.readableBytesView)
                if response.status.code == 200 {
                    do {
                        return try TokenResponseJSON.decode(data, receivedAt: Date())
                    } catch {
                        throw CredentialError.tokenResponseUnreadable(source: "the managed identity endpoint \(endpointURL)", reason: "no access_token in the answer")
                    }
                }
                let message = Redactor.redact(String(decoding: data.prefix(400), as: UTF8.self))
                failure = .managedIdentityRejected(endpoint: endpointURL, status: Int(response.status.code), message: message)
                outcome = .status(Int(response.status.code), retryAfter: response.headers.first(name: "Retry-After").flatMap(RetryAfter.parse))
            } catch let error as CredentialError {
                throw error
            } catch {
                guard let connection = TransportFailure.classify(error) else {
                    throw CredentialError.managedIdentityUnreachable(endpoint: endpointURL, reason: TransportFailure.describe(error))
                }
                failure = .managedIdentityUnreachable(endpoint: endpointURL, reason: connection.rawValue)
                outcome = .connection(connection)
            }
            switch retry.decide(after: outcome, elapsed: ContinuousClock.now - started) {
            case .retry(let delay): try await Task.sleep(for: delay)
            case .giveUp: throw failure
            }
        }
    }

    private static func querySeparator(_ url: String) -> String { url.contains("?") ? "&" : "?" }

    private static func encode(_ query: [(String, String)]) -> String {
        query.map { "\($0.0)=\(PercentEncoding.encode($0.1))" }.joined(separator: "&")
    }
}
