import CLibXML2

/// Why libxml2 rejected a document: its own message and position.
struct XMLStreamFailure: Error, Equatable {
    var message: String
    var line: Int
    var column: Int
}

/// libxml2's SAX2 push parser, fed with chunks as they arrive from the network, so a List Blobs page is parsed while
/// it streams and no DOM or whole-body copy is ever built. Events go to an `XMLStreamReceiver`.
///
/// Not thread-safe; one instance parses one document in one task.
final class XMLPushParser {
    private let sink: XMLCallbackSink
    private var context: xmlParserCtxtPtr?
    /// libxml2 detects the encoding (and skips a UTF-8 BOM) from the first four bytes, so the context is created
    /// only once that many have arrived.
    private var head: [UInt8] = []
    private var finished = false
    private var receivedAnyBytes = false

    init(receiver: any XMLStreamReceiver) {
        XMLPushParser.initializeLibraryOnce
        sink = XMLCallbackSink(receiver: receiver)
    }

    deinit {
        if let context {
            if let document = context.pointee.myDoc { xmlFreeDoc(document) }
            xmlFreeParserCtxt(context)
        }
    }

    /// Parses the next chunk of the document.
    func feed(_ bytes: UnsafeRawBufferPointer) throws(XMLStreamFailure) {
        guard !bytes.isEmpty else { return }
        receivedAnyBytes = true
        if context == nil {
            head.append(contentsOf: bytes)
            if head.count >= 4 { try createContext() }
            return
        }
        // xmlParseChunk takes an Int32 size; network chunks are far smaller, but stay safe for whole bodies.
        var offset = 0
        while offset < bytes.count {
            let size = min(bytes.count - offset, 1 << 24)
            try parse(bytes.baseAddress! + offset, size: size, terminate: false)
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

    /// Ends the document; reports truncation ("Premature end of data") and an empty body ("Document is empty").
    func finish() throws(XMLStreamFailure) {
        guard !finished else { return }
        // libxml2 words an empty document oddly ("Extra content at the end"); say it plainly.
        guard receivedAnyBytes else { throw XMLStreamFailure(message: "the body is empty", line: 0, column: 0) }
        if context == nil { try createContext() }
        try parse(nil, size: 0, terminate: true)
        finished = true
    }

    private func createContext() throws(XMLStreamFailure) {
        var handler = xmlSAXHandler()
        handler.initialized = UInt32(0xDEED_BEAF)  // XML_SAX2_MAGIC: use the SAX2 (namespace-aware) callbacks
        handler.startElementNs = xmlStreamStartElement
        handler.endElementNs = xmlStreamEndElement
        handler.characters = xmlStreamCharacters
        handler.ignorableWhitespace = xmlStreamCharacters
        handler.cdataBlock = xmlStreamCharacters
        // A structured error handler also keeps libxml2 from printing to stderr.
        handler.serror = xmlStreamError
        let userData = Unmanaged.passUnretained(sink).toOpaque()
        let created: xmlParserCtxtPtr? = head.withUnsafeBytes { raw in
            xmlCreatePushParserCtxt(&handler, userData, raw.baseAddress?.assumingMemoryBound(to: CChar.self),
                                    Int32(raw.count), nil)
        }
        head = []
        guard let created else { throw XMLStreamFailure(message: "libxml2 could not create a parser", line: 0, column: 0) }
        // No network access for external entities; entities are never substituted (no expansion attacks).
        xmlCtxtUseOptions(created, Int32(XML_PARSE_NONET.rawValue))
        context = created
        sink.context = created
        try check(result: 0)
    }

    private func parse(_ pointer: UnsafeRawPointer?, size: Int, terminate: Bool) throws(XMLStreamFailure) {
        guard let context else { return }
        let result = xmlParseChunk(context, pointer?.assumingMemoryBound(to: CChar.self), Int32(size), terminate ? 1 : 0)
        try check(result: result)
    }

    private func check(result: Int32) throws(XMLStreamFailure) {
        if let violation = sink.receiver.violation {
            throw XMLStreamFailure(message: violation, line: sink.line, column: sink.column)
        }
        if let failure = sink.firstError { throw failure }
        if result != 0 {
            throw XMLStreamFailure(message: "libxml2 error \(result)", line: sink.line, column: sink.column)
        }
    }

    private static let initializeLibraryOnce: Void = { xmlInitParser() }()
}

/// What the C callbacks reach through libxml2's user-data pointer.
final class XMLCallbackSink {
    let receiver: any XMLStreamReceiver
    var context: xmlParserCtxtPtr?
    var firstError: XMLStreamFailure?

    init(receiver: any XMLStreamReceiver) { self.receiver = receiver }

    var line: Int { context.map { Int(xmlSAX2GetLineNumber(UnsafeMutableRawPointer($0))) } ?? 0 }
    var column: Int { context.map { Int(xmlSAX2GetColumnNumber(UnsafeMutableRawPointer($0))) } ?? 0 }

    /// Stops libxml2 as soon as the receiver has found the document to be the wrong one.
    func stopIfViolated() {
        if receiver.violation != nil, let context { xmlStopParser(context) }
    }

    @inline(__always)
    static func from(_ pointer: UnsafeMutableRawPointer?) -> XMLCallbackSink {
        Unmanaged<XMLCallbackSink>.fromOpaque(pointer!).takeUnretainedValue()
    }
}

private func xmlStreamStartElement(_ userData: UnsafeMutableRawPointer?, _ localName: UnsafePointer<xmlChar>?,
                                   _ prefix: UnsafePointer<xmlChar>?, _ uri: UnsafePointer<xmlChar>?,
                                   _ namespaceCount: Int32, _ namespaces: UnsafeMutablePointer<UnsafePointer<xmlChar>?>?,
                                   _ attributeCount: Int32, _ defaultedCount: Int32,
                                   _ attributes: UnsafeMutablePointer<UnsafePointer<xmlChar>?>?) {
    guard let localName else { return }
    let sink = XMLCallbackSink.from(userData)
    sink.receiver.startElement(localName: localName, attributes: XMLStreamAttributes(base: attributes, count: Int(attributeCount)))
    sink.stopIfViolated()
}

private func xmlStreamEndElement(_ userData: UnsafeMutableRawPointer?, _ localName: UnsafePointer<xmlChar>?,
                                 _ prefix: UnsafePointer<xmlChar>?, _ uri: UnsafePointer<xmlChar>?) {
    XMLCallbackSink.from(userData).receiver.endElement()
}

private func xmlStreamCharacters(_ userData: UnsafeMutableRawPointer?, _ bytes: UnsafePointer<xmlChar>?, _ count: Int32) {
    guard let bytes, count > 0 else { return }
    XMLCallbackSink.from(userData).receiver.characters(UnsafeBufferPointer(start: bytes, count: Int(count)))
}

private func xmlStreamError(_ userData: UnsafeMutableRawPointer?, _ error: UnsafeMutablePointer<xmlError>?) {
    guard let error, let userData, error.pointee.level.rawValue >= XML_ERR_ERROR.rawValue else { return }
    let sink = XMLCallbackSink.from(userData)
    guard sink.firstError == nil else { return }
    var message = error.pointee.message.map { String(cString: $0) } ?? "error \(error.pointee.code)"
    while message.last == "\n" { message.removeLast() }
    sink.firstError = XMLStreamFailure(message: message, line: Int(error.pointee.line), column: Int(error.pointee.int2))
}
