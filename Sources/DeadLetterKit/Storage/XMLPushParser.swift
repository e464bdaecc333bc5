import CLibXML2

/// Why libxml2 rejected a document: its own message and position.
struct XMLStreamFailure: Error, Equatable {
    var message: String
    var line: Int
    var column: Int
}

/// What libxml2's user-data pointer points at: the document being built plus the parser's own bookkeeping.
struct XMLSAXSlot<Document: XMLSAXDocument> {
    var document: Document
    var context: xmlParserCtxtPtr?
    var firstError: XMLStreamFailure?
    /// Character data of the open element, in a buffer reused for every element (freed by `XMLPushParser`).
    var text: UnsafeMutablePointer<UInt8>
    var textCount = 0
    var textCapacity: Int

    /// The most character data kept for one element. The longest values of a Storage response (a blob name of 1,024
    /// characters, percent-encoded; 8 KiB of metadata) are far below it; a body with more is broken or hostile, and
    /// buffering its text whole would let it claim any amount of memory (libxml2's own text limit does not apply to
    /// SAX character data).
    static var textLimit: Int { 1 << 20 }

    init(document: Document) {
        self.document = document
        textCapacity = 256
        text = .allocate(capacity: textCapacity)
    }

    /// False, appending nothing, when the element's text would exceed `textLimit`.
    mutating func appendText(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        guard textCount + bytes.count <= Self.textLimit else { return false }
        if textCount + bytes.count > textCapacity {
            let capacity = max(textCapacity * 2, textCount + bytes.count)
            let grown = UnsafeMutablePointer<UInt8>.allocate(capacity: capacity)
            grown.update(from: text, count: textCount)
            text.deallocate()
            text = grown
            textCapacity = capacity
        }
        (text + textCount).update(from: bytes.baseAddress!, count: bytes.count)
        textCount += bytes.count
        return true
    }
}

/// libxml2's SAX2 push parser, fed with chunks as they arrive from the network, so a List Blobs page is parsed while
/// it streams and no DOM or whole-body copy is ever built. Events go to the `Document` value.
///
/// Not thread-safe; one instance parses one document in one task.
final class XMLPushParser<Document: XMLSAXDocument> {
    private let slot: UnsafeMutablePointer<XMLSAXSlot<Document>>
    private var context: xmlParserCtxtPtr?
    /// libxml2 detects the encoding (and skips a UTF-8 BOM) from the first four bytes, so the context is created
    /// only once that many have arrived; a first chunk shorter than that waits here.
    private var head: [UInt8] = []
    private var finished = false
    private var receivedAnyBytes = false

    init(_ document: Document) {
        XMLLibrary.initializeOnce()
        slot = .allocate(capacity: 1)
        slot.initialize(to: XMLSAXSlot(document: document))
    }

    deinit {
        if let context {
            if let tree = context.pointee.myDoc { xmlFreeDoc(tree) }
            xmlFreeParserCtxt(context)
        }
        slot.pointee.text.deallocate()
        slot.deinitialize(count: 1)
        slot.deallocate()
    }

    /// The document as built so far.
    var document: Document { slot.pointee.document }

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
        var handler = Document.saxHandler
        let created = xmlCreatePushParserCtxt(&handler, UnsafeMutableRawPointer(slot),
                                              firstChunk.baseAddress?.assumingMemoryBound(to: CChar.self), Int32(firstChunk.count), nil)
        guard let created else { throw XMLStreamFailure(message: "libxml2 could not create a parser", line: 0, column: 0) }
        // No network access for external entities; entities are never substituted (no expansion attacks).
        xmlCtxtUseOptions(created, Int32(XML_PARSE_NONET.rawValue))
        context = created
        slot.pointee.context = created
        if let dictionary = created.pointee.dict { slot.pointee.document.parserCreated(dictionary: dictionary) }
        try check(result: 0)
    }

    private func parse(_ pointer: UnsafeRawPointer?, size: Int, terminate: Bool) throws(XMLStreamFailure) {
        guard let context else { return }
        let result = xmlParseChunk(context, pointer?.assumingMemoryBound(to: CChar.self), Int32(size), terminate ? 1 : 0)
        try check(result: result)
    }

    private func check(result: Int32) throws(XMLStreamFailure) {
        if let violation = slot.pointee.document.violation {
            throw XMLStreamFailure(message: violation, line: line, column: column)
        }
        if let failure = slot.pointee.firstError { throw failure }
        if result != 0 { throw XMLStreamFailure(message: "libxml2 error \(result)", line: line, column: column) }
    }

    private var line: Int { context.map { Int(xmlSAX2GetLineNumber(UnsafeMutableRawPointer($0))) } ?? 0 }
    private var column: Int { context.map { Int(xmlSAX2GetColumnNumber(UnsafeMutableRawPointer($0))) } ?? 0 }
}

/// The bodies of the C callbacks, generic over the document; each document's `saxHandler` wraps them in
/// non-generic closures that C can call.
enum XMLSAXDispatch<Document: XMLSAXDocument> {
    @inline(__always)
    private static func slot(_ userData: UnsafeMutableRawPointer?) -> UnsafeMutablePointer<XMLSAXSlot<Document>> {
        userData.unsafelyUnwrapped.assumingMemoryBound(to: XMLSAXSlot<Document>.self)
    }

    @inline(__always)
    static func start(_ userData: UnsafeMutableRawPointer?, _ localName: UnsafePointer<xmlChar>?, _ attributeCount: Int32,
                      _ attributes: UnsafeMutablePointer<UnsafePointer<xmlChar>?>?) {
        guard let localName else { return }
        let slot = slot(userData)
        slot.pointee.document.startElement(localName: localName, attributes: XMLStreamAttributes(base: attributes, count: Int(attributeCount)))
        slot.pointee.textCount = 0
        if slot.pointee.document.violation != nil, let context = slot.pointee.context { xmlStopParser(context) }
    }

    @inline(__always)
    static func end(_ userData: UnsafeMutableRawPointer?) {
        let slot = slot(userData)
        slot.pointee.document.endElement(text: UnsafeBufferPointer(start: slot.pointee.text, count: slot.pointee.textCount))
        slot.pointee.textCount = 0
    }

    @inline(__always)
    static func characters(_ userData: UnsafeMutableRawPointer?, _ bytes: UnsafePointer<xmlChar>?, _ count: Int32) {
        guard let bytes, count > 0 else { return }
        let slot = slot(userData)
        if slot.pointee.document.capturesText, !slot.pointee.appendText(UnsafeBufferPointer(start: bytes, count: Int(count))) {
            stopForLongText(slot)
        }
    }

    /// Kept out of `characters` so that the callback itself stays small enough to be inlined into libxml2's.
    @inline(never)
    private static func stopForLongText(_ slot: UnsafeMutablePointer<XMLSAXSlot<Document>>) {
        guard let context = slot.pointee.context else { return }
        if slot.pointee.firstError == nil {
            slot.pointee.firstError = XMLStreamFailure(
                message: "the text of one element is longer than \(XMLSAXSlot<Document>.textLimit >> 20) MiB, "
                    + "far beyond any value of a Storage response",
                line: Int(xmlSAX2GetLineNumber(UnsafeMutableRawPointer(context))),
                column: Int(xmlSAX2GetColumnNumber(UnsafeMutableRawPointer(context))))
        }
        xmlStopParser(context)
    }

    /// Keeps the first error (the later ones are consequences); warnings are ignored.
    static func error(_ userData: UnsafeMutableRawPointer?, _ error: UnsafeMutablePointer<xmlError>?) {
        guard let error, userData != nil, error.pointee.level.rawValue >= XML_ERR_ERROR.rawValue else { return }
        let slot = slot(userData)
        guard slot.pointee.firstError == nil else { return }
        var message = error.pointee.message.map { String(cString: $0) } ?? "error \(error.pointee.code)"
        while message.last == "\n" { message.removeLast() }
        slot.pointee.firstError = XMLStreamFailure(message: message, line: Int(error.pointee.line), column: Int(error.pointee.int2))
    }

    /// A SAX2 handler whose callbacks are the given C-compatible closures.
    static func handler(start: startElementNsSAX2Func, end: endElementNsSAX2Func, characters: charactersSAXFunc,
                        error: @escaping xmlStructuredErrorFunc) -> xmlSAXHandler {
        var handler = xmlSAXHandler()
        handler.initialized = UInt32(0xDEED_BEAF)  // XML_SAX2_MAGIC: use the SAX2 (namespace-aware) callbacks
        handler.startElementNs = start
        handler.endElementNs = end
        handler.characters = characters
        handler.ignorableWhitespace = characters
        handler.cdataBlock = characters
        // A structured error handler also keeps libxml2 from printing to stderr.
        handler.serror = error
        return handler
    }
}

enum XMLLibrary {
    private static let initialized: Void = { xmlInitParser() }()
    static func initializeOnce() { _ = initialized }
}
