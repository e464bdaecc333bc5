import CLibXML2
import CListBlobsSAX
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A document type read with `XMLPushParser` through Swift callbacks (small documents such as Storage `<Error>`
/// bodies; listings use the C state machine of `ListBlobsSAXReceiver`): a value that receives SAX events with names
/// and text as raw bytes, so it can match element names without creating Strings and turn only the values it keeps
/// into Strings. The pointers are valid only for the duration of the call.
///
/// Each conforming type supplies `saxHandler`, whose C callbacks are one-line closures forwarding to
/// `XMLSAXDispatch<Self>`: C function pointers cannot be generic, and this way the events reach the value through a
/// plain pointer (no class, no reference counting, no dynamic exclusivity checks on the hot path).
protocol XMLSAXDocument {
    mutating func startElement(localName: UnsafePointer<UInt8>, attributes: XMLStreamAttributes)
    /// `text` is the element's character data if `capturesText` was true after its start tag, else empty. It is
    /// collected by the parser in a buffer it owns and is valid only during the call.
    mutating func endElement(text: UnsafeBufferPointer<UInt8>)
    /// Whether the character data of the element now open is wanted (typically: a known leaf).
    var capturesText: Bool { get }
    /// Set when the document is well-formed XML but not the document expected (e.g. an HTML error page or
    /// another root element); the parser stops at once and reports it.
    var violation: String? { get }
    static var saxHandler: xmlSAXHandler { get }
}

extension XMLPushParser {
    /// A parser delivering events to `document`.
    convenience init<Document>(_ document: Document) where Receiver == XMLSAXDocumentReceiver<Document> {
        self.init(receiver: XMLSAXDocumentReceiver(document))
    }
}

extension XMLPushParser where Receiver: XMLSAXDocumentHolder {
    /// The document as built so far.
    var document: Receiver.Document { receiver.document }
}

protocol XMLSAXDocumentHolder {
    associatedtype Document
    var document: Document { get }
}

/// Receives libxml2's events for an `XMLSAXDocument` value, which it keeps with the element-text buffer in
/// `slot`: libxml2's user data.
final class XMLSAXDocumentReceiver<Document: XMLSAXDocument>: XMLSAXReceiver, XMLSAXDocumentHolder {
    private let slot: UnsafeMutablePointer<XMLSAXSlot<Document>>

    init(_ document: Document) {
        slot = .allocate(capacity: 1)
        slot.initialize(to: XMLSAXSlot(document: document))
    }

    deinit {
        slot.pointee.text.deallocate()
        slot.deinitialize(count: 1)
        slot.deallocate()
    }

    var document: Document { slot.pointee.document }
    var userData: UnsafeMutableRawPointer { UnsafeMutableRawPointer(slot) }
    func makeSAXHandler() -> xmlSAXHandler { Document.saxHandler }

    func parserCreated(_ context: xmlParserCtxtPtr, errors: UnsafeMutablePointer<DLXMLErrorRecord>) {
        slot.pointee.context = context
        slot.pointee.errors = errors
    }

    func chunkParsed() -> XMLStreamFailure? {
        if let violation = slot.pointee.document.violation {
            return XMLStreamFailure(message: violation, at: slot.pointee.context, isUnexpectedDocument: true)
        }
        return slot.pointee.refusal
    }
}

/// What libxml2's user-data pointer points at: the document being built plus the parser's own bookkeeping.
struct XMLSAXSlot<Document: XMLSAXDocument> {
    var document: Document
    var context: xmlParserCtxtPtr?
    /// The parser's error record, which the structured-error callback fills.
    var errors: UnsafeMutablePointer<DLXMLErrorRecord>?
    /// A refusal of the slot itself (text too long).
    var refusal: XMLStreamFailure?
    /// Character data of the open element, in a buffer reused for every element (freed by the receiver).
    var text: UnsafeMutablePointer<UInt8>
    var textCount = 0
    var textCapacity: Int

    /// The most character data kept for one element: the same as the listing state machine's (CListBlobsSAX.h says why).
    static var textLimit: Int { Int(DL_XML_TEXT_LIMIT) }

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

    @inline(never)
    private static func stopForLongText(_ slot: UnsafeMutablePointer<XMLSAXSlot<Document>>) {
        guard let context = slot.pointee.context else { return }
        if slot.pointee.refusal == nil {
            slot.pointee.refusal = XMLStreamFailure(message: XMLTextLimit.message, at: context)
        }
        xmlStopParser(context)
    }

    /// Keeps the first error in the parser's record (the later ones are consequences); warnings are ignored.
    static func error(_ userData: UnsafeMutableRawPointer?, _ error: UnsafeMutablePointer<xmlError>?) {
        guard let error, userData != nil, let errors = slot(userData).pointee.errors else { return }
        dl_xml_record_error(errors, error)
    }

    /// A SAX2 handler whose callbacks are the given C-compatible closures. Errors libxml2 reports without a parser
    /// context (encoding conversion) and the ones it would print reach `XMLPushParser`'s capturing handlers.
    static func handler(start: startElementNsSAX2Func, end: endElementNsSAX2Func, characters: charactersSAXFunc,
                        error: @escaping xmlStructuredErrorFunc) -> xmlSAXHandler {
        var handler = xmlSAXHandler()
        handler.initialized = UInt32(0xDEED_BEAF)  // XML_SAX2_MAGIC: use the SAX2 (namespace-aware) callbacks
        handler.startElementNs = start
        handler.endElementNs = end
        handler.characters = characters
        handler.ignorableWhitespace = characters
        handler.cdataBlock = characters
        handler.serror = error
        return handler
    }
}

/// The refusal of an element text longer than the limit, worded once for both state machines.
enum XMLTextLimit {
    static var message: String {
        "the text of one element is longer than \(Int(DL_XML_TEXT_LIMIT) >> 20) MiB, far beyond any value of a Storage response"
    }
}

/// The attributes of one start tag as libxml2's SAX2 hands them over: `count` groups of five pointers
/// (local name, prefix, URI, value start, value end).
struct XMLStreamAttributes {
    let base: UnsafeMutablePointer<UnsafePointer<xmlChar>?>?
    let count: Int

    /// The raw bytes of the attribute with this local name, if present.
    func value(named name: StaticString) -> UnsafeBufferPointer<UInt8>? {
        guard let base else { return nil }
        for index in 0..<count {
            let group = base + index * 5
            guard let localName = group[0], XMLName.equals(localName, name),
                  let start = group[3], let end = group[4] else { continue }
            return UnsafeBufferPointer(start: start, count: end - start)
        }
        return nil
    }

    /// True when the attribute is present with exactly this value (`Encoded="true"`).
    func has(_ name: StaticString, equalTo expected: StaticString) -> Bool {
        guard let bytes = value(named: name), bytes.count == expected.utf8CodeUnitCount else { return false }
        return memcmp(bytes.baseAddress!, expected.utf8Start, bytes.count) == 0
    }
}

/// Element-name comparison on libxml2's NUL-terminated, dictionary-interned names.
enum XMLName {
    @inline(__always)
    static func equals(_ name: UnsafePointer<UInt8>, _ literal: StaticString) -> Bool {
        strcmp(UnsafeRawPointer(name).assumingMemoryBound(to: CChar.self),
               UnsafeRawPointer(literal.utf8Start).assumingMemoryBound(to: CChar.self)) == 0
    }

    /// For messages and metadata keys.
    static func string(_ name: UnsafePointer<UInt8>) -> String {
        String(cString: name)
    }
}
