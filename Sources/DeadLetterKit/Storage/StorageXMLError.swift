import AzureCore

/// A Storage response body that could not be read as the XML it should be. Names the request (secrets redacted)
/// and libxml2's own diagnosis with its position, so a truncated or proxied body can be told apart from a bug.
public enum StorageXMLError: Error, CustomStringConvertible, Equatable, Sendable {
    /// Not well-formed: libxml2's message (with the byte offset in the body when known), line and column.
    case malformed(document: String, request: String, reason: String, line: Int, column: Int)
    /// Well-formed, but not the expected document (e.g. an HTML page from a proxy, or `<Error>` where a listing was due).
    case unexpectedDocument(document: String, request: String, reason: String)

    public var description: String {
        switch self {
        case .malformed(let document, let request, let reason, let line, let column):
            return Redactor.redact("malformed \(document) to \(request): \(reason) (line \(line), column \(column))")
        case .unexpectedDocument(let document, let request, let reason):
            return Redactor.redact("unexpected \(document) to \(request): \(reason)")
        }
    }

    /// The error for a failure of `XMLPushParser` while reading `document` (e.g. "List Blobs response").
    init(_ failure: XMLStreamFailure, document: String, request: BlobRequestSummary) {
        if failure.isUnexpectedDocument {
            self = .unexpectedDocument(document: document, request: request.description, reason: failure.message)
        } else {
            self = .malformed(document: document, request: request.description, reason: failure.messageWithOffset,
                              line: failure.line, column: failure.column)
        }
    }
}
