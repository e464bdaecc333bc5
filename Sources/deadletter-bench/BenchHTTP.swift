import AzureCore
import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

enum BenchHTTPError: Error, CustomStringConvertible {
    case transport(url: String, reason: String)
    case status(url: String, status: Int, body: String)

    var description: String {
        switch self {
        case .transport(let url, let reason): return "GET \(url) failed: \(reason)"
        case .status(let url, let status, let body): return "GET \(url) answered \(status): \(body.prefix(300))"
        }
    }
}

/// The few plain HTTP calls the bench makes outside the code under test: fetching one raw List Blobs page (Shared
/// Key signed) and reading the emulator's admin counters.
enum BenchHTTP {
    static let apiVersion = "2021-12-02"

    /// A GET signed with the development account's Shared Key; `path` is `/<account>/<container>`.
    static func signedGet(baseURL: String, path: String, query: [(name: String, value: String)]) async throws -> [UInt8] {
        let credential = try SharedKeyCredential(accountName: StorageConnectionString.developmentAccountName,
                                                 accountKey: StorageConnectionString.developmentAccountKey)
        let headers = [("x-ms-date", HTTPDate.format(Date())), ("x-ms-version", apiVersion)]
        let authorization = credential.authorization(method: "GET", path: path, query: query,
                                                     headers: headers.map { (name: $0.0, value: $0.1) })
        let queryText = query.map { "\(PercentEncoding.encode($0.name))=\(PercentEncoding.encode($0.value))" }.joined(separator: "&")
        return try await get(baseURL + path + "?" + queryText, headers: headers + [("Authorization", authorization)])
    }

    static func get(_ url: String, headers: [(String, String)] = [], method: String = "GET") async throws -> [UInt8] {
        guard let target = URL(string: url) else { throw BenchHTTPError.transport(url: url, reason: "not a URL") }
        var request = URLRequest(url: target)
        request.httpMethod = method
        for (name, value) in headers { request.setValue(value, forHTTPHeaderField: name) }
        let (data, response): (Data, URLResponse)
        do {
            (data, response) = try await URLSession.shared.data(for: request)
        } catch {
            throw BenchHTTPError.transport(url: url, reason: "\(error)")
        }
        let status = (response as? HTTPURLResponse)?.statusCode ?? 0
        guard (200..<300).contains(status) else {
            throw BenchHTTPError.status(url: url, status: status, body: String(decoding: data, as: UTF8.self))
        }
        return Array(data)
    }
}
