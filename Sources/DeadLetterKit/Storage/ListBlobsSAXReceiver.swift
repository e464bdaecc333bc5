import CLibXML2
import CListBlobsSAX

/// Runs the List Blobs element state machine of `CListBlobsSAX` (libxml2's callbacks stay in C, where each costs a
/// few pointer comparisons) and builds the `ListBlobsDocument` from its records, one batch at a time: after every
/// parsed chunk, and from inside the parse whenever a batch of entries is ready, so the C buffers stay small.
final class ListBlobsSAXReceiver: XMLSAXReceiver {
    /// Which of libxml2's element callbacks drive the state machine.
    enum Callbacks {
        /// SAX1 (no namespace processing) when libxml2 has them, else SAX2: what the reader uses.
        case preferred
        /// SAX2 always: the fallback for a libxml2 without SAX1, which tests run on every fixture.
        case sax2
    }

    private(set) var document = ListBlobsDocument()
    private let state: OpaquePointer
    private let callbacks: Callbacks

    init(callbacks: Callbacks = .preferred) {
        self.callbacks = callbacks
        guard let created = dl_listing_state_create() else { fatalError("out of memory allocating the List Blobs parser state") }
        state = created
        // The state holds an unretained pointer back to this receiver, which owns (and outlives) it.
        dl_listing_set_batch_ready(state, { context in
            Unmanaged<ListBlobsSAXReceiver>.fromOpaque(context.unsafelyUnwrapped).takeUnretainedValue().readBatch()
        }, Unmanaged.passUnretained(self).toOpaque())
    }

    deinit {
        dl_listing_state_free(state)
    }

    var userData: UnsafeMutableRawPointer { UnsafeMutableRawPointer(state) }

    func makeSAXHandler() -> xmlSAXHandler {
        var handler = xmlSAXHandler()
        switch callbacks {
        case .preferred: dl_listing_fill_sax_handler(&handler)
        case .sax2: dl_listing_fill_sax2_handler(&handler)
        }
        return handler
    }

    /// The handler has no structured-error callback: `XMLPushParser`'s capturing channels receive every error.
    func parserCreated(_ context: xmlParserCtxtPtr, errors: UnsafeMutablePointer<DLXMLErrorRecord>) {
        dl_listing_context_created(state, context)
    }

    func chunkParsed() -> XMLStreamFailure? {
        readBatch()
        let reason = dl_listing_stop_reason(state)
        if reason == .none { return nil }
        var line: Int32 = 0, column: Int32 = 0, byteOffset = 0
        dl_listing_stop_position(state, &line, &column, &byteOffset)
        return XMLStreamFailure(message: Self.message(reason, rootName: String(cString: dl_listing_root_name(state))),
                                line: Int(line), column: Int(column), byteOffset: byteOffset >= 0 ? byteOffset : nil,
                                isUnexpectedDocument: Self.isUnexpectedDocument(reason))
    }

    private func readBatch() {
        var count = 0
        guard let records = dl_listing_records(state, &count), count > 0 else { return }
        document.read(UnsafeBufferPointer(start: records, count: count), arena: dl_listing_arena(state))
        dl_listing_clear_records(state)
    }

    private static func message(_ reason: DLListingStop, rootName: String) -> String {
        switch reason {
        case .none: return ""
        case .wrongRoot: return "expected <EnumerationResults>, found <\(rootName)>"
        case .errorRoot: return "the body is a Storage <Error>, not <EnumerationResults>"
        case .nameOutsideDictionary:
            return "libxml2 reported an element name that is not in its dictionary; names cannot be matched"
        case .noDictionary: return "libxml2 could not allocate its element-name dictionary"
        case .textTooLong: return XMLTextLimit.message
        case .outOfMemory: return "out of memory while buffering the listing's values"
        }
    }

    private static func isUnexpectedDocument(_ reason: DLListingStop) -> Bool {
        switch reason {
        case .wrongRoot, .errorRoot, .nameOutsideDictionary, .noDictionary: return true
        case .none, .textTooLong, .outOfMemory: return false
        }
    }
}
