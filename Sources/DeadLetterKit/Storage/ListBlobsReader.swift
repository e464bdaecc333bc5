/// Reads a List Blobs response body (`<EnumerationResults>`) with libxml2's SAX2 push parser, chunk by chunk as it
/// arrives: blobs with their properties, metadata and tags, `BlobPrefix` names, `NextMarker` and the request echoes.
/// No DOM is built and no Foundation XML is involved; the element state machine runs in C (`ListBlobsSAXReceiver`).
///
/// One reader parses one body, in one task: `consume` each chunk, then `finish`.
public final class ListBlobsReader {
    private let request: BlobRequestSummary
    private let parser = XMLPushParser(receiver: ListBlobsSAXReceiver())

    public init(request: BlobRequestSummary) {
        self.request = request
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
