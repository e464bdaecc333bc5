import Foundation

/// One HTTP request as the emulator's services see it: fully read, with the path still percent-encoded exactly
/// as sent (Shared Key signs the path as sent) and the query both raw and decoded.
public struct EmulatorRequest: Sendable {
    public var method: String
    /// Percent-encoded path as sent, e.g. `/devstoreaccount1/dl/ep1/2024/1/5/13/a%20b.json`.
    public var path: String
    /// The query string without `?`, as sent.
    public var rawQuery: String
    /// Decoded query parameters, in order.
    public var query: [(name: String, value: String)]
    public var headers: [(name: String, value: String)]
    public var body: [UInt8]

    public init(method: String, path: String, rawQuery: String, query: [(name: String, value: String)],
                headers: [(name: String, value: String)], body: [UInt8]) {
        self.method = method
        self.path = path
        self.rawQuery = rawQuery
        self.query = query
        self.headers = headers
        self.body = body
    }

    /// First header with that name, compared case-insensitively.
    public func header(_ name: String) -> String? {
        headers.first { $0.name.caseInsensitiveCompare(name) == .orderedSame }?.value
    }

    /// First query parameter with that name (decoded).
    public func queryValue(_ name: String) -> String? {
        query.first { $0.name == name }?.value
    }
}

/// A complete answer. The server adds `Content-Length`, `Date`, `x-ms-request-id` and `Connection` handling.
public struct EmulatorResponse: Sendable {
    public var status: Int
    public var headers: [(name: String, value: String)]
    public var body: [UInt8]

    public init(status: Int, headers: [(name: String, value: String)] = [], body: [UInt8] = []) {
        self.status = status
        self.headers = headers
        self.body = body
    }
}
