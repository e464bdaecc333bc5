import CLibXML2
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import AzureCore

/// Builds a `ListBlobsResult` from SAX events. `current` says where in `<EnumerationResults>` we are (each known element
/// has exactly one possible parent, so no stack is needed); element names are compared as bytes and only the values
/// kept become Strings. Anything unknown, at any depth, is skipped together with everything below it (`skippedDepth`),
/// so new service versions adding fields change nothing.
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
    /// The blob being read is built in place as the last element of `result.page.blobs`.
    private var blob: Int = -1
    private var metadataKey = ""
    private var tagKey = ""
    private var tagValue = ""
    private var prefixName = ""
    private var names = InternedElementNames()
    /// Content types repeat from blob to blob and are too long for Swift's inline small strings; reusing the last
    /// String saves an allocation each time. (Blob types and tiers fit inline; ETags never repeat.)
    private var contentTypes = RepeatedValueCache()
    /// A dead letter is written once, so its Last-Modified equals its Creation-Time: one String serves both.
    private var dates = RepeatedValueCache()

    init() {
        result.page.blobs.reserveCapacity(64)
    }

    var capturesText: Bool { skippedDepth == 0 && current.capturesText }

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
            guard XMLName.equals(name, "EnumerationResults") else {
                violation = XMLName.equals(name, "Error")
                    ? "the body is a Storage <Error>, not <EnumerationResults>"
                    : "expected <EnumerationResults>, found <\(XMLName.string(name))>"
                skippedDepth = 1
                return
            }
            result.serviceEndpoint = attributes.value(named: "ServiceEndpoint").map(Self.string)
            result.containerName = attributes.value(named: "ContainerName").map(Self.string)
            current = .enumerationResults
            return
        }
        let slot: Slot?
        if let known = names.lookup(name, under: current) {
            slot = known
        } else {
            slot = Self.classify(name, under: current)
            names.remember(name, under: current, as: slot)
        }
        guard let slot else {
            skippedDepth = 1
            return
        }
        switch slot {
        case .blob:
            result.page.blobs.append(BlobItem(name: ""))
            blob = result.page.blobs.count - 1
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

    mutating func endElement(text: UnsafeBufferPointer<UInt8>) {
        if skippedDepth > 0 {
            skippedDepth -= 1
            return
        }
        let slot = current
        current = slot.parent
        switch slot {
        case .blobName: result.page.blobs[blob].name = decodedName(text)
        case .blobPrefixName: prefixName = decodedName(text)
        case .lastModified: result.page.blobs[blob].properties.lastModified = dates.string(for: text)
        case .creationTime: result.page.blobs[blob].properties.creationTime = dates.string(for: text)
        case .etag: result.page.blobs[blob].properties.etag = Self.optionalString(text)
        case .contentLength: result.page.blobs[blob].properties.contentLength = Self.integer(text)
        case .contentType: result.page.blobs[blob].properties.contentType = contentTypes.string(for: text)
        case .contentMD5: result.page.blobs[blob].properties.contentMD5 = Self.optionalString(text)
        case .blobType: result.page.blobs[blob].properties.blobType = Self.optionalString(text)
        case .accessTier: result.page.blobs[blob].properties.accessTier = Self.optionalString(text)
        case .metadataValue: result.page.blobs[blob].metadata[metadataKey] = String(decoding: text, as: UTF8.self)
        case .tagKey: tagKey = String(decoding: text, as: UTF8.self)
        case .tagValue: tagValue = String(decoding: text, as: UTF8.self)
        case .tag: result.page.blobs[blob].tags[tagKey] = tagValue
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

    // MARK: - Name tables

    /// Which known element `name` is inside `parent`; nil for anything to skip.
    private static func classify(_ name: UnsafePointer<UInt8>, under parent: Slot) -> Slot? {
        switch parent {
        case .enumerationResults:
            if XMLName.equals(name, "Blobs") { return .blobs }
            if XMLName.equals(name, "NextMarker") { return .nextMarker }
            if XMLName.equals(name, "Prefix") { return .prefix }
            if XMLName.equals(name, "Marker") { return .marker }
            if XMLName.equals(name, "MaxResults") { return .maxResults }
            if XMLName.equals(name, "Delimiter") { return .delimiter }
        case .blobs:
            if XMLName.equals(name, "Blob") { return .blob }
            if XMLName.equals(name, "BlobPrefix") { return .blobPrefix }
        case .blob:
            if XMLName.equals(name, "Name") { return .blobName }
            if XMLName.equals(name, "Properties") { return .properties }
            if XMLName.equals(name, "Metadata") { return .metadata }
            if XMLName.equals(name, "Tags") { return .tags }
        case .blobPrefix:
            if XMLName.equals(name, "Name") { return .blobPrefixName }
        case .properties:
            if XMLName.equals(name, "Last-Modified") { return .lastModified }
            if XMLName.equals(name, "Creation-Time") { return .creationTime }
            if XMLName.equals(name, "Etag") { return .etag }
            if XMLName.equals(name, "Content-Length") { return .contentLength }
            if XMLName.equals(name, "Content-Type") { return .contentType }
            if XMLName.equals(name, "Content-MD5") { return .contentMD5 }
            if XMLName.equals(name, "BlobType") { return .blobType }
            if XMLName.equals(name, "AccessTier") { return .accessTier }
        case .metadata:
            return .metadataValue  // every child of <Metadata> is an entry named by its element
        case .tags:
            if XMLName.equals(name, "TagSet") { return .tagSet }
        case .tagSet:
            if XMLName.equals(name, "Tag") { return .tag }
        case .tag:
            if XMLName.equals(name, "Key") { return .tagKey }
            if XMLName.equals(name, "Value") { return .tagValue }
        default:
            break  // the document root is handled apart; leaves have no known children
        }
        return nil
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

/// Element names seen so far, by libxml2's interned name pointer and parent, mapped to what they are. libxml2 keeps
/// one copy of each name per document, so after the first `<Etag>` every later one is recognised by a pointer
/// comparison instead of string comparisons.
struct InternedElementNames {
    private static let size = 64
    private static let empty: UInt8 = 0xFF
    private static let skip: UInt8 = 0xFE
    private var pointers = [UInt](repeating: 0, count: size)
    private var parents = [UInt8](repeating: 0, count: size)
    private var values = [UInt8](repeating: empty, count: size)

    private static func start(_ pointer: UInt, _ parent: ListBlobsDocument.Slot) -> Int {
        Int(truncatingIfNeeded: (pointer >> 4) &+ (pointer >> 10) &+ UInt(parent.rawValue) &* 7) & (size - 1)
    }

    /// `.some(nil)` means "known to be skipped"; nil means not seen yet.
    func lookup(_ name: UnsafePointer<UInt8>, under parent: ListBlobsDocument.Slot) -> ListBlobsDocument.Slot?? {
        let pointer = UInt(bitPattern: name)
        var index = Self.start(pointer, parent)
        for _ in 0..<Self.size {
            let value = values[index]
            if value == Self.empty { return nil }
            if pointers[index] == pointer, parents[index] == parent.rawValue {
                return value == Self.skip ? .some(nil) : ListBlobsDocument.Slot(rawValue: value)
            }
            index = (index + 1) & (Self.size - 1)
        }
        return nil
    }

    mutating func remember(_ name: UnsafePointer<UInt8>, under parent: ListBlobsDocument.Slot, as slot: ListBlobsDocument.Slot?) {
        // Metadata keys are open-ended; a table full of them would only slow lookups down.
        guard parent != .metadata else { return }
        let pointer = UInt(bitPattern: name)
        var index = Self.start(pointer, parent)
        for _ in 0..<(Self.size / 2) {  // stay at most half full so lookups end quickly
            if values[index] == Self.empty {
                pointers[index] = pointer
                parents[index] = parent.rawValue
                values[index] = slot?.rawValue ?? Self.skip
                return
            }
            index = (index + 1) & (Self.size - 1)
        }
    }
}
