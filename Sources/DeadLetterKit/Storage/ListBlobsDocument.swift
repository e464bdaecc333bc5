import CLibXML2
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import AzureCore

/// Builds a `ListBlobsResult` from SAX events. `current` says where in `<EnumerationResults>` we are (each known element
/// has exactly one possible parent, so no stack is needed); elements are recognised by libxml2's interned name pointers
/// (`ListBlobsElementNames`) and only the values kept become Strings. Anything unknown, at any depth, is skipped
/// together with everything below it (`skippedDepth`), so new service versions adding fields change nothing.
struct ListBlobsDocument: XMLSAXDocument {
    enum Slot: UInt8 {
        case document
        case enumerationResults, blobs, blob, properties, metadata, tags, tagSet, tag, blobPrefix
        // Leaves whose text is kept: every case from `prefix` on.
        case prefix, marker, maxResults, delimiter, nextMarker, blobName, metadataValue, tagKey, tagValue
        case lastModified, creationTime, etag, contentLength, contentType, contentMD5, blobType, accessTier
        case blobPrefixName

        var capturesText: Bool { rawValue >= Slot.prefix.rawValue }

        /// The element each known element sits in.
        var parent: Slot {
            switch self {
            case .document, .enumerationResults: return .document
            case .blobs, .prefix, .marker, .maxResults, .delimiter, .nextMarker: return .enumerationResults
            case .blob, .blobPrefix: return .blobs
            case .blobName, .properties, .metadata, .tags: return .blob
            case .lastModified, .creationTime, .etag, .contentLength, .contentType, .contentMD5, .blobType, .accessTier: return .properties
            case .metadataValue: return .metadata
            case .tagSet: return .tags
            case .tag: return .tagSet
            case .tagKey, .tagValue: return .tag
            case .blobPrefixName: return .blobPrefix
            }
        }
    }

    private(set) var result = ListBlobsResult()
    private(set) var violation: String?
    private(set) var sawDocumentEnd = false

    private var current = Slot.document
    /// How deep we are inside an element being skipped (0: not skipping).
    private var skippedDepth = 0
    private var nameIsEncoded = false
    /// The blob being read, moved (not copied) into `result.page.blobs` at its `</Blob>`. Writing its fields here
    /// instead of into the array's last element spares a bounds and a uniqueness check on every field.
    private var blob = BlobItem(name: "")
    private var metadataKey = ""
    private var tagKey = ""
    private var tagValue = ""
    private var prefixName = ""
    /// Looked up in the parser's dictionary before the first event; they match nothing until then, and
    /// `namesInterned` stays false only if libxml2 could not allocate them.
    private var names = ListBlobsElementNames.unmatchable
    private var namesInterned = false
    /// Content types repeat from blob to blob and are too long for Swift's inline small strings; reusing the last
    /// String saves an allocation each time. Blob types and tiers fit inline, but comparing a few bytes is still
    /// cheaper than validating and building a String. (ETags and MD5s never repeat.)
    private var contentTypes = RepeatedValueCache()
    private var blobTypes = RepeatedValueCache()
    private var accessTiers = RepeatedValueCache()
    /// A dead letter is written once, so its Last-Modified equals its Creation-Time: one String serves both.
    private var dates = RepeatedValueCache()

    init() {
        result.page.blobs.reserveCapacity(64)
    }

    var capturesText: Bool { skippedDepth == 0 && current.capturesText }

    mutating func parserCreated(dictionary: xmlDictPtr) {
        guard let interned = ListBlobsElementNames(dictionary: dictionary) else { return }
        names = interned
        namesInterned = true
    }

    static var saxHandler: xmlSAXHandler {
        XMLSAXDispatch<ListBlobsDocument>.handler(
            start: { userData, localName, _, _, _, _, attributeCount, _, attributes in
                XMLSAXDispatch<ListBlobsDocument>.start(userData, localName, attributeCount, attributes)
            },
            end: { userData, _, _, _ in XMLSAXDispatch<ListBlobsDocument>.end(userData) },
            characters: { userData, bytes, count in XMLSAXDispatch<ListBlobsDocument>.characters(userData, bytes, count) },
            error: { userData, error in XMLSAXDispatch<ListBlobsDocument>.error(userData, error) })
    }

    mutating func startElement(localName name: UnsafePointer<UInt8>, attributes: XMLStreamAttributes) {
        if skippedDepth > 0 {
            skippedDepth += 1
            return
        }
        if current == .document {
            startDocument(name, attributes: attributes)
            return
        }
        guard let slot = names.child(name, of: current) else {
            skippedDepth = 1
            return
        }
        switch slot {
        case .blobName, .blobPrefixName:
            nameIsEncoded = attributes.has("Encoded", equalTo: "true")
        case .blobPrefix:
            prefixName = ""
        case .metadataValue:
            metadataKey = XMLName.string(name)
        case .tag:
            tagKey = ""
            tagValue = ""
        default:
            break
        }
        current = slot
    }

    /// The root must be `<EnumerationResults>`. It is also where the pointer identity that `ListBlobsElementNames`
    /// relies on is checked, once per parse: were a libxml2 ever to hand over names outside its dictionary, every
    /// element would look unknown and the page would silently come out empty, so that is refused instead.
    private mutating func startDocument(_ name: UnsafePointer<UInt8>, attributes: XMLStreamAttributes) {
        guard namesInterned else {
            violation = "libxml2 could not allocate its element-name dictionary"
            skippedDepth = 1
            return
        }
        guard name == names.enumerationResults else {
            if XMLName.equals(name, "EnumerationResults") {
                violation = "libxml2 reported an element name that is not in its dictionary; names cannot be matched"
            } else if XMLName.equals(name, "Error") {
                violation = "the body is a Storage <Error>, not <EnumerationResults>"
            } else {
                violation = "expected <EnumerationResults>, found <\(XMLName.string(name))>"
            }
            skippedDepth = 1
            return
        }
        result.serviceEndpoint = attributes.value(named: "ServiceEndpoint").map(Self.string)
        result.containerName = attributes.value(named: "ContainerName").map(Self.string)
        current = .enumerationResults
    }

    mutating func endElement(text: UnsafeBufferPointer<UInt8>) {
        if skippedDepth > 0 {
            skippedDepth -= 1
            return
        }
        let slot = current
        current = slot.parent
        switch slot {
        case .blobName: blob.name = decodedName(text)
        case .blobPrefixName: prefixName = decodedName(text)
        case .lastModified: blob.properties.lastModified = dates.string(for: text)
        case .creationTime: blob.properties.creationTime = dates.string(for: text)
        case .etag: blob.properties.etag = Self.optionalString(text)
        case .contentLength: blob.properties.contentLength = Self.integer(text)
        case .contentType: blob.properties.contentType = contentTypes.string(for: text)
        case .contentMD5: blob.properties.contentMD5 = Self.optionalString(text)
        case .blobType: blob.properties.blobType = blobTypes.string(for: text)
        case .accessTier: blob.properties.accessTier = accessTiers.string(for: text)
        case .metadataValue: blob.metadata[metadataKey] = String(decoding: text, as: UTF8.self)
        case .tagKey: tagKey = String(decoding: text, as: UTF8.self)
        case .tagValue: tagValue = String(decoding: text, as: UTF8.self)
        case .tag: blob.tags[tagKey] = tagValue
        case .blob:
            // A move: `swap` or copy-and-reset would retain and release every String of the blob.
            let finished = withUnsafeMutablePointer(to: &blob) { pointer in
                let item = pointer.move()
                pointer.initialize(to: BlobItem(name: ""))
                return item
            }
            result.page.blobs.append(finished)
        case .blobPrefix: result.page.blobPrefixes.append(prefixName)
        case .prefix: result.prefix = String(decoding: text, as: UTF8.self)
        case .marker: result.marker = Self.optionalString(text)
        case .maxResults:
            result.maxResults = Self.integer(text).map { Int($0) }
            // <MaxResults> precedes <Blobs>: size the array once instead of growing it page-long.
            if let expected = result.maxResults { result.page.blobs.reserveCapacity(min(max(expected, 0), 5000)) }
        case .delimiter: result.delimiter = String(decoding: text, as: UTF8.self)
        case .nextMarker: result.page.nextMarker = Self.optionalString(text)  // an empty <NextMarker/> ends the listing
        case .enumerationResults: sawDocumentEnd = true
        default: break
        }
    }

    // MARK: - Values

    /// `<Name Encoded="true">` carries the UTF-8 name percent-encoded (it holds characters XML cannot).
    private func decodedName(_ text: UnsafeBufferPointer<UInt8>) -> String {
        let raw = String(decoding: text, as: UTF8.self)
        return nameIsEncoded ? PercentEncoding.decode(raw) : raw
    }

    private static func optionalString(_ text: UnsafeBufferPointer<UInt8>) -> String? {
        text.isEmpty ? nil : String(decoding: text, as: UTF8.self)
    }

    private static func string(_ bytes: UnsafeBufferPointer<UInt8>) -> String {
        String(decoding: bytes, as: UTF8.self)
    }

    /// Decimal digits only (surrounding blanks allowed); nil for anything else or on overflow.
    static func integer(_ bytes: UnsafeBufferPointer<UInt8>) -> Int64? {
        var value: Int64 = 0
        var digits = 0
        for byte in bytes {
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"):
                let (times10, overflow1) = value.multipliedReportingOverflow(by: 10)
                let (sum, overflow2) = times10.addingReportingOverflow(Int64(byte - UInt8(ascii: "0")))
                if overflow1 || overflow2 { return nil }
                value = sum
                digits += 1
            case UInt8(ascii: " "), UInt8(ascii: "\n"), UInt8(ascii: "\r"), UInt8(ascii: "\t"):
                continue
            default:
                return nil
            }
        }
        return digits > 0 ? value : nil
    }
}

/// Remembers the last value's bytes and String; a listing's content types, blob types and tiers repeat.
struct RepeatedValueCache {
    private var bytes: [UInt8] = []
    private var value: String?

    /// nil for empty text (`<Content-Type />`).
    mutating func string(for text: UnsafeBufferPointer<UInt8>) -> String? {
        if text.isEmpty { return nil }
        if let value, text.count == bytes.count,
           bytes.withUnsafeBufferPointer({ memcmp($0.baseAddress!, text.baseAddress!, text.count) == 0 }) {
            return value
        }
        bytes.removeAll(keepingCapacity: true)
        bytes.append(contentsOf: text)
        let made = String(decoding: text, as: UTF8.self)
        value = made
        return made
    }
}
