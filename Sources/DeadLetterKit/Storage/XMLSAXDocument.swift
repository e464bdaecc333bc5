import CLibXML2
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A document type read with `XMLPushParser`: a value that receives SAX events with names and text as raw bytes, so it
/// can match element names without creating Strings and turn only the values it keeps into Strings.
/// The pointers are valid only for the duration of the call.
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
    /// Called once, before the first event, with the dictionary in which this parse interns element names, so the
    /// document can look its known names up once and afterwards recognise elements by pointer.
    mutating func parserCreated(dictionary: xmlDictPtr)
}

extension XMLSAXDocument {
    mutating func parserCreated(dictionary: xmlDictPtr) {}
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
