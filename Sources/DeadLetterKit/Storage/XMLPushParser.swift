import CLibXML2
import CListBlobsSAX

/// Why libxml2 (or the receiver) rejected a document: the message and where in the body it happened.
struct XMLStreamFailure: Error, Equatable {
    var message: String
    var line: Int
    var column: Int
    /// Bytes of the body consumed when the problem was found; nil when unknown (before parsing started).
    var byteOffset: Int?
    /// Well-formed XML so far, but not the document expected (another root element, an HTML page).
    var isUnexpectedDocument = false

    init(message: String, line: Int, column: Int, byteOffset: Int? = nil, isUnexpectedDocument: Bool = false) {
        self.message = message
        self.line = line
        self.column = column
        self.byteOffset = byteOffset
        self.isUnexpectedDocument = isUnexpectedDocument
    }

    /// At the position the parser has reached.
    init(message: String, at context: xmlParserCtxtPtr?, isUnexpectedDocument: Bool = false) {
        self.init(message: message,
                  line: context.map { Int(xmlSAX2GetLineNumber(UnsafeMutableRawPointer($0))) } ?? 0,
                  column: context.map { Int(xmlSAX2GetColumnNumber(UnsafeMutableRawPointer($0))) } ?? 0,
                  byteOffset: context.map { Int(xmlByteConsumed($0)) }.flatMap { $0 >= 0 ? $0 : nil },
                  isUnexpectedDocument: isUnexpectedDocument)
    }

    /// The message with the byte offset, for error texts (line and column are reported apart).
    var messageWithOffset: String {
        guard let byteOffset else { return message }
        return "\(message) (at byte \(byteOffset) of the body)"
    }
}

/// The receiving end of an `XMLPushParser`: the SAX callbacks libxml2 calls with the receiver's user data.
protocol XMLSAXReceiver: AnyObject {
    /// libxml2 copies the handler when it creates the parser.
    func makeSAXHandler() -> xmlSAXHandler
    var userData: UnsafeMutableRawPointer { get }
    /// Once, before the first event. `errors` is where the parser keeps the first error; a receiver whose handler
    /// has its own structured-error callback records there (`dl_xml_record_error`), so the first error wins.
    func parserCreated(_ context: xmlParserCtxtPtr, errors: UnsafeMutablePointer<DLXMLErrorRecord>)
    /// After each call into libxml2, with the events of that chunk delivered: what the receiver itself refused
    /// (wrong document, a value too long), if anything.
    func chunkParsed() -> XMLStreamFailure?
}

/// libxml2's SAX2 push parser, fed with chunks as they arrive from the network, so a document is parsed while it
/// streams and no DOM or whole-body copy is ever built. Events go to the `Receiver`.
///
/// libxml2 prints some errors (encoding conversion) to stderr by itself; every call goes through the
/// `dl_xml_quiet_*` wrappers, which capture them into `errors` instead, with their position.
///
/// Not thread-safe; one instance parses one document in one task.
final class XMLPushParser<Receiver: XMLSAXReceiver> {
    let receiver: Receiver
    private var context: xmlParserCtxtPtr?
    private let errors: UnsafeMutablePointer<DLXMLErrorRecord>
    /// libxml2 detects the encoding (and skips a UTF-8 BOM) from the first four bytes, so the context is created
    /// only once that many have arrived; a first chunk shorter than that waits here.
    private var head: [UInt8] = []
    private var finished = false
    private var receivedAnyBytes = false

    init(receiver: Receiver) {
        XMLLibrary.initializeOnce()
        self.receiver = receiver
        errors = .allocate(capacity: 1)
        errors.initialize(to: DLXMLErrorRecord())
    }

    deinit {
        if let context {
            if let tree = context.pointee.myDoc { xmlFreeDoc(tree) }
            xmlFreeParserCtxt(context)
        }
        errors.deinitialize(count: 1)
        errors.deallocate()
    }

    /// libxml2 takes chunk sizes as Int32; network chunks are far smaller, but whole bodies are split.
    private static var largestChunk: Int { 1 << 24 }

    /// Parses the next chunk of the document.
    func feed(_ bytes: UnsafeRawBufferPointer) throws(XMLStreamFailure) {
        guard !bytes.isEmpty else { return }
        receivedAnyBytes = true
        var rest = bytes
        if context == nil {
            if head.isEmpty, bytes.count >= 4 {
                // The usual case: libxml2 copies the first chunk into its own buffer, so it is handed over as it is
                // (copying a whole 3.5 MB page into `head` first cost a copy and fresh pages on every parse).
                let first = min(bytes.count, Self.largestChunk)
                try createContext(firstChunk: UnsafeRawBufferPointer(rebasing: bytes[..<first]))
                rest = UnsafeRawBufferPointer(rebasing: bytes[first...])
            } else {
                let taken = min(4 - head.count, bytes.count)
                head.append(contentsOf: UnsafeRawBufferPointer(rebasing: bytes[..<taken]))
                rest = UnsafeRawBufferPointer(rebasing: bytes[taken...])
                guard head.count >= 4 else { return }
                try createContextFromHead()
            }
        }
        var offset = 0
        while offset < rest.count {
            let size = min(rest.count - offset, Self.largestChunk)
            try parse(rest.baseAddress! + offset, size: size, terminate: false)
            offset += size
        }
    }

    func feed(_ bytes: [UInt8]) throws(XMLStreamFailure) {
        var failure: XMLStreamFailure?
        bytes.withUnsafeBytes { raw in
            do throws(XMLStreamFailure) { try feed(raw) } catch { failure = error }
        }
        if let failure { throw failure }
    }

    /// Ends the document; reports truncation ("Premature end of data") and an empty body.
    func finish() throws(XMLStreamFailure) {
        guard !finished else { return }
        // libxml2 words an empty document oddly ("Extra content at the end"); say it plainly.
        guard receivedAnyBytes else { throw XMLStreamFailure(message: "the body is empty", line: 0, column: 0) }
        if context == nil { try createContextFromHead() }
        try parse(nil, size: 0, terminate: true)
        finished = true
    }

    private func createContextFromHead() throws(XMLStreamFailure) {
        let signature = head
        head = []
        var failure: XMLStreamFailure?
        signature.withUnsafeBytes { raw in
            do throws(XMLStreamFailure) { try createContext(firstChunk: raw) } catch { failure = error }
        }
        if let failure { throw failure }
    }

    /// libxml2 only stores `firstChunk` here (it detects the encoding from it); parsing starts with the next call.
    private func createContext(firstChunk: UnsafeRawBufferPointer) throws(XMLStreamFailure) {
        var handler = receiver.makeSAXHandler()
        let created = dl_xml_quiet_create_push_context(&handler, receiver.userData,
                                                       firstChunk.baseAddress?.assumingMemoryBound(to: CChar.self),
                                                       Int32(firstChunk.count), errors)
        guard let created else {
            try check(result: 0)
            throw XMLStreamFailure(message: "libxml2 could not create a parser", line: 0, column: 0)
        }
        let parserContext = created.assumingMemoryBound(to: xmlParserCtxt.self)
        // No network access for external entities; entities are never substituted (no expansion attacks).
        xmlCtxtUseOptions(parserContext, Int32(XML_PARSE_NONET.rawValue))
        context = parserContext
        receiver.parserCreated(parserContext, errors: errors)
        try check(result: 0)
    }

    private func parse(_ pointer: UnsafeRawPointer?, size: Int, terminate: Bool) throws(XMLStreamFailure) {
        guard let context else { return }
        let result = dl_xml_quiet_parse_chunk(context, pointer?.assumingMemoryBound(to: CChar.self), Int32(size),
                                              terminate ? 1 : 0, errors)
        try check(result: result)
    }

    private func check(result: Int32) throws(XMLStreamFailure) {
        if let refusal = receiver.chunkParsed() { throw refusal }
        if errors.pointee.captured != 0 { throw capturedFailure }
        if result != 0 { throw unexplainedFailure(code: result) }
    }

    private var capturedFailure: XMLStreamFailure {
        let record = errors.pointee
        return XMLStreamFailure(message: Self.withoutUnknownLine(String(cString: dl_xml_error_message(errors))),
                                line: Int(record.line), column: Int(record.column),
                                byteOffset: record.byteOffset >= 0 ? record.byteOffset : nil)
    }

    /// With the SAX1 callbacks libxml2 does not keep the line an element opened on, so its tag-mismatch message
    /// says "Opening and ending tag mismatch: Name line 0 and Blob". The line is unknown, not 0: leave it out (the
    /// failure's own position says where the mismatch was found).
    static func withoutUnknownLine(_ message: String) -> String {
        guard message.hasPrefix("Opening and ending tag mismatch: "), let range = message.range(of: " line 0 and ") else { return message }
        return message.replacingCharacters(in: range, with: " and ")
    }

    /// libxml2 failed without reporting through either channel: its context's last error, else the code.
    private func unexplainedFailure(code: Int32) -> XMLStreamFailure {
        var message = "libxml2 stopped with error code \(code) (see xmlParserErrors) without a message"
        if let context, let last = xmlCtxtGetLastError(UnsafeMutableRawPointer(context)), let text = last.pointee.message {
            message = String(cString: text)
            while message.last == "\n" { message.removeLast() }
            message = Self.withoutUnknownLine(message)
        }
        return XMLStreamFailure(message: message, at: context)
    }
}

enum XMLLibrary {
    private static let initialized: Void = { xmlInitParser() }()
    static func initializeOnce() { _ = initialized }
}
