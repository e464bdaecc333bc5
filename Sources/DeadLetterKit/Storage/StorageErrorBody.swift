import CLibXML2
/// The body Azure Storage sends with an error status:
/// `<Error><Code>…</Code><Message>…</Message>[<AuthenticationErrorDetail>…</AuthenticationErrorDetail>]…</Error>`.
/// Other leaf elements (`HeaderName`, `QueryParameterName`, `Reason`, …) are kept in `details`.
public struct StorageErrorBody: Sendable, Hashable {
    public var code: String?
    /// The full message, which ends with `RequestId:…` and `Time:…` lines.
    public var message: String?
    public var authenticationErrorDetail: String?
    public var details: [String: String]

    public init(code: String? = nil, message: String? = nil, authenticationErrorDetail: String? = nil, details: [String: String] = [:]) {
        self.code = code
        self.message = message
        self.authenticationErrorDetail = authenticationErrorDetail
        self.details = details
    }

    /// The first line of the message, without the request id and time.
    public var summary: String? {
        message.map { String($0.split(separator: "\n", maxSplits: 1, omittingEmptySubsequences: false).first ?? "") }
    }

    /// The `RequestId:` line of the message: what Azure support asks for.
    public var requestID: String? {
        guard let message else { return nil }
        for line in message.split(separator: "\n") where line.hasPrefix("RequestId:") {
            return String(line.dropFirst("RequestId:".count))
        }
        return nil
    }

    /// Parses an error body with the same libxml2 push reader as listings.
    public static func parse(_ bytes: [UInt8], request: BlobRequestSummary) throws(StorageXMLError) -> StorageErrorBody {
        let parser = XMLPushParser(StorageErrorDocument())
        do {
            try parser.feed(bytes)
            try parser.finish()
        } catch {
            // Described like a listing's failure: libxml2's message with the byte offset where it stopped.
            var failure = error
            failure.isUnexpectedDocument = parser.document.violation != nil
            throw StorageXMLError(failure, document: "error response", request: request)
        }
        return parser.document.body
    }
}

/// SAX receiver for `<Error>`: children of the root are leaves whose text is kept.
struct StorageErrorDocument: XMLSAXDocument {
    private(set) var body = StorageErrorBody()
    private(set) var violation: String?
    private var depth = 0
    private var field: String?

    static var saxHandler: xmlSAXHandler {
        XMLSAXDispatch<StorageErrorDocument>.handler(
            start: { userData, localName, _, _, _, _, attributeCount, _, attributes in
                XMLSAXDispatch<StorageErrorDocument>.start(userData, localName, attributeCount, attributes)
            },
            end: { userData, _, _, _ in XMLSAXDispatch<StorageErrorDocument>.end(userData) },
            characters: { userData, bytes, count in XMLSAXDispatch<StorageErrorDocument>.characters(userData, bytes, count) },
            error: { userData, error in XMLSAXDispatch<StorageErrorDocument>.error(userData, error) })
    }

    mutating func startElement(localName name: UnsafePointer<UInt8>, attributes: XMLStreamAttributes) {
        depth += 1
        switch depth {
        case 1:
            if !XMLName.equals(name, "Error") { violation = "expected <Error>, found <\(XMLName.string(name))>" }
        case 2:
            field = XMLName.string(name)
        default:
            field = nil  // nested content is not part of the Storage error schema
        }
    }

    var capturesText: Bool { depth == 2 && field != nil }

    mutating func endElement(text: UnsafeBufferPointer<UInt8>) {
        if depth == 2, let field {
            let value = String(decoding: text, as: UTF8.self)
            switch field {
            case "Code": body.code = value
            case "Message": body.message = value
            case "AuthenticationErrorDetail": body.authenticationErrorDetail = value
            default: body.details[field] = value
            }
        }
        depth -= 1
        if depth < 2 { field = nil }
    }
}
