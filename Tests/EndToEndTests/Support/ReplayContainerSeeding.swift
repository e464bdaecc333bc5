import AzureCore
import AzureEmulator
import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// Fresh containers for tests that change them (`--after delete|tag`), written through the emulator's store, and
/// the Blob API calls that check what became of them.
enum ReplayContainerSeeding {
    /// Creates a container named `<prefix>-<random>` holding `blobs` (name → bytes) and returns its name.
    static func seed(_ context: EndToEndEmulator.Context, prefix: String, blobs: [(name: String, bytes: String)]) async throws -> String {
        let name = "\(prefix)-\(UUID().uuidString.prefix(8).lowercased())"
        try await context.server.createContainer(name)
        for blob in blobs {
            try await context.server.putBlob(container: name, name: blob.name, bytes: Array(blob.bytes.utf8))
        }
        return name
    }

    /// A service SAS for `container` signed with the emulator's account key.
    static func sas(_ container: String, permissions: String, expiry: String = "2099-01-01T00:00:00Z",
                    accountKey: String = EndToEndEmulator.Context.accountKey) -> String {
        let values = StorageSASSigner.ServiceValues(permissions: permissions, expiry: expiry, resource: "c", container: container)
        return StorageSASSigner.serviceToken(values, accountName: EndToEndContainers.account,
                                             accountKey: Array(Data(base64Encoded: accountKey) ?? Data()))
    }

    /// Get Blob Tags (`GET <blob>?comp=tags`) through the Blob API: tag name → value.
    static func tags(_ context: EndToEndEmulator.Context, container: String, blob: String) async throws -> [String: String] {
        let path = blob.split(separator: "/").map { PercentEncoding.encode(String($0)) }.joined(separator: "/")
        let url = URL(string: "\(context.url(container))/\(path)?comp=tags&\(sas(container, permissions: "rt"))")!
        let (data, response) = try await URLSession.shared.data(from: url)
        let status = (response as? HTTPURLResponse)?.statusCode ?? 0
        guard status == 200 else { throw ReplayBlobAPIError.status(status, operation: "Get Blob Tags \(blob)", body: String(decoding: data, as: UTF8.self)) }
        return tagSet(String(decoding: data, as: UTF8.self))
    }

    /// `<Tag><Key>k</Key><Value>v</Value></Tag>` pairs of a Tags document (values here need no XML unescaping).
    static func tagSet(_ xml: String) -> [String: String] {
        var tags: [String: String] = [:]
        for element in xml.components(separatedBy: "<Tag>").dropFirst() {
            guard let key = between(element, "<Key>", "</Key>") else { continue }
            tags[key] = between(element, "<Value>", "</Value>") ?? ""
        }
        return tags
    }

    private static func between(_ text: String, _ open: String, _ close: String) -> String? {
        guard let start = text.range(of: open), let end = text.range(of: close, range: start.upperBound..<text.endIndex) else { return nil }
        return String(text[start.upperBound..<end.lowerBound])
    }
}

enum ReplayBlobAPIError: Error, CustomStringConvertible {
    case status(Int, operation: String, body: String)

    var description: String {
        switch self {
        case .status(let status, let operation, let body): return "\(operation) answered HTTP \(status): \(body.prefix(300))"
        }
    }
}
