import AzureCore
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
    /// The client's IP address (checked against a SAS `sip` range), when known.
    public var remoteAddress: String?

    public init(method: String, path: String, rawQuery: String, query: [(name: String, value: String)],
                headers: [(name: String, value: String)], body: [UInt8], remoteAddress: String? = nil) {
        self.method = method
        self.path = path
        self.rawQuery = rawQuery
        self.query = query
        self.headers = headers
        self.body = body
        self.remoteAddress = remoteAddress
    }

    /// First header with that name, compared case-insensitively.
    public func header(_ name: String) -> String? {
        headers.first { HTTPHeaderName.matches($0.name, name) }?.value
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
    /// Sent as the status line's reason phrase instead of the standard one (Azure puts its error message there).
    public var reasonPhrase: String?
    /// A blob file streamed in pieces instead of `body`, so a large Get Blob is never copied whole into memory.
    var fileBody: BlobFileSlice?
    /// The Content-Length to announce when no body is sent (HEAD answers the blob's length).
    var declaredContentLength: Int64?

    public init(status: Int, headers: [(name: String, value: String)] = [], body: [UInt8] = []) {
        self.status = status
        self.headers = headers
        self.body = body
    }
}

/// A byte range of an open blob file, to be sent as a response body.
struct BlobFileSlice: Sendable {
    var file: OpenedBlobFile
    var offset: Int64
    var length: Int64
}
