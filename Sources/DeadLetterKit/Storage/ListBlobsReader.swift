/// Reads a List Blobs response body (`<EnumerationResults>`) with libxml2's push parser and its SAX1 element
/// callbacks (List Blobs has no namespaces), chunk by chunk as it arrives: blobs with their properties, metadata and
/// tags, `BlobPrefix` names, `NextMarker` and the request echoes. No DOM is built and no Foundation XML is involved;
/// the element state machine runs in C (`ListBlobsSAXReceiver`).
///
/// One reader parses one body, in one task: `consume` each chunk, then `finish`.
public final class ListBlobsReader {
    private let request: BlobRequestSummary
    private let parser: XMLPushParser<ListBlobsSAXReceiver>

    public convenience init(request: BlobRequestSummary) {
        self.init(request: request, callbacks: .preferred)
    }

    /// With libxml2's SAX2 callbacks instead (`.sax2`), for the tests of the fallback.
    init(request: BlobRequestSummary, callbacks: ListBlobsSAXReceiver.Callbacks) {
        self.request = request
        parser = XMLPushParser(receiver: ListBlobsSAXReceiver(callbacks: callbacks))
    }

    public func consume(_ bytes: UnsafeRawBufferPointer) throws(StorageXMLError) {
        do { try parser.feed(bytes) } catch { throw mapped(error) }
    }

    public func consume(_ bytes: [UInt8]) throws(StorageXMLError) {
        do { try parser.feed(bytes) } catch { throw mapped(error) }
    }

    /// Ends the body. A body cut short is reported here, as libxml2 sees it.
    public func finish() throws(StorageXMLError) -> ListBlobsResult {
        do { try parser.finish() } catch { throw mapped(error) }
        let document = parser.receiver.document
        guard document.sawDocumentEnd else {
            throw .unexpectedDocument(document: Self.document, request: request.description,
                                      reason: "the body ended before </EnumerationResults>")
        }
        return document.result
    }

    /// Parses a complete body.
    public static func parse(_ bytes: [UInt8], request: BlobRequestSummary) throws(StorageXMLError) -> ListBlobsResult {
        let reader = ListBlobsReader(request: request)
        try reader.consume(bytes)
        return try reader.finish()
    }

    static let document = "List Blobs response"

    private func mapped(_ failure: XMLStreamFailure) -> StorageXMLError {
        StorageXMLError(failure, document: Self.document, request: request)
    }
}
