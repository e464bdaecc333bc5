import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Whether a request may go out over plain `http://`. Every request deadletter sends carries a credential (a SAS,
/// a Shared Key signature, a bearer token, a topic key, a SAS token signed with a policy key) and dead letters that
/// may hold customer data, so plain HTTP is refused for any host that is not this machine unless the user says
/// `--allow-insecure-http`.
///
/// Always allowed without the flag:
/// - loopback hosts (127.0.0.0/8, `::1`, `localhost`): the local emulators (ours, Azurite, Microsoft's Event Hubs
///   and Service Bus emulators) only speak plain HTTP, and the traffic never leaves the machine;
/// - the instance metadata service at `169.254.169.254`, for managed identity tokens only: IMDS has no HTTPS
///   endpoint, a link-local address is never forwarded by a router (the host's own hypervisor answers), and the
///   request carries no secret (only `Metadata: true`). App Service's `IDENTITY_ENDPOINT` gets no such exemption:
///   its request carries the `IDENTITY_HEADER` secret, and Azure always points it at a loopback address anyway.
public struct InsecureTransportPolicy: Sendable, Equatable {
    /// `--allow-insecure-http`: plain HTTP to any host.
    public var allowsInsecureHTTP: Bool

    /// The link-local address of the Azure Instance Metadata Service.
    public static let instanceMetadataHost = "169.254.169.254"

    public init(allowInsecureHTTP: Bool = false) {
        allowsInsecureHTTP = allowInsecureHTTP
    }

    /// Throws when `url` is plain `http://` to a host the rule does not allow for `use`. Only the scheme and host
    /// are looked at (and only the host is quoted), so a URL carrying a SAS can be checked safely.
    public func check(_ url: String, for use: InsecureTransportUse) throws(InsecureTransportError) {
        guard !allowsInsecureHTTP, let components = URLComponents(string: url.trimmingCharacters(in: .whitespacesAndNewlines)),
              components.scheme?.lowercased() == "http" else { return }
        let host = Self.unbracketed(components.host ?? "")
        if Self.isLoopback(host) { return }
        if use == .managedIdentity && host == Self.instanceMetadataHost { return }
        throw .plainHTTP(host: host, use: use)
    }

    /// 127.0.0.0/8, `::1` (also as `::ffff:127.x.y.z`) and `localhost`. Only literal addresses and that one name:
    /// a name that merely resolves to loopback today is not trusted, since what it resolves to can change.
    public static func isLoopback(_ host: String) -> Bool {
        let host = unbracketed(host).lowercased()
        if host == "localhost" || host == "localhost." { return true }
        var ipv4 = in_addr()
        if inet_pton(AF_INET, host, &ipv4) == 1 {
            return UInt32(bigEndian: ipv4.s_addr) >> 24 == 127
        }
        var ipv6 = in6_addr()
        guard inet_pton(AF_INET6, host, &ipv6) == 1 else { return false }
        let bytes = withUnsafeBytes(of: ipv6) { Array($0) }
        if bytes[0..<15].allSatisfy({ $0 == 0 }) && bytes[15] == 1 { return true }
        // IPv4-mapped (`::ffff:127.0.0.1`): the IPv4 rule applies.
        return bytes[0..<10].allSatisfy({ $0 == 0 }) && bytes[10] == 0xFF && bytes[11] == 0xFF && bytes[12] == 127
    }

    /// `[::1]` → `::1`: URL hosts may keep the brackets of an IPv6 literal.
    static func unbracketed(_ host: String) -> String {
        host.hasPrefix("[") && host.hasSuffix("]") ? String(host.dropFirst().dropLast()) : host
    }
}

/// What a checked URL is for; it decides what the refusal tells the user to change.
public enum InsecureTransportUse: Sendable, Hashable, CustomStringConvertible {
    /// The container being read (its URL, a connection string's `BlobEndpoint`, `DevelopmentStorageProxyUri`).
    case storage
    /// A managed identity token endpoint (IMDS or `IDENTITY_ENDPOINT`).
    case managedIdentity
    /// Where `replay` publishes.
    case replayTarget(ReplayTargetKind)

    public var description: String {
        switch self {
        case .storage: return "the storage container"
        case .managedIdentity: return "the managed identity endpoint"
        case .replayTarget(let kind): return "the replay target (\(kind.serviceName))"
        }
    }

    /// How to reach the same place securely.
    var remedy: String {
        switch self {
        case .storage:
            return "use an https:// container URL (in a connection string: an https:// BlobEndpoint or DefaultEndpointsProtocol=https)"
        case .managedIdentity:
            return "point IDENTITY_ENDPOINT at an https:// or loopback address"
        case .replayTarget(.eventGrid):
            return "use --to eventgrid:https://…"
        case .replayTarget(let kind):
            return "use --to \(kind):https://…, or a connection string without UseDevelopmentEmulator=true (which means plain HTTP, meant for an emulator on this machine)"
        }
    }
}

/// A request that would have crossed the network in plain text. Names the host, never the URL (whose query may hold
/// a SAS).
public enum InsecureTransportError: Error, Sendable, Equatable, CustomStringConvertible {
    case plainHTTP(host: String, use: InsecureTransportUse)

    public var description: String {
        switch self {
        case .plainHTTP(let host, let use):
            return "refusing plain http:// to \(host) for \(use): the credential and the dead letters would cross the network unencrypted. "
                + "To fix: \(use.remedy); or, if \(host) is a trusted test host, pass --allow-insecure-http "
                + "(plain HTTP to this machine, 127.0.0.0/8, ::1 or localhost, is always allowed)"
        }
    }
}
