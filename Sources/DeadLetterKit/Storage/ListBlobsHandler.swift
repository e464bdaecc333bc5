import AzureCore

/// Builds a `ListBlobsResult` from SAX events. A stack of `Slot`s says where in `<EnumerationResults>` we are; element
/// names are compared as bytes and only the values kept become Strings. Anything unknown, at any depth, becomes
/// `.ignored` together with everything below it, so new service versions adding fields change nothing.
final class ListBlobsHandler: XMLStreamReceiver {
    enum Slot: UInt8 {
        case document, ignored
        case enumerationResults, prefix, marker, maxResults, delimiter, nextMarker, blobs
        case blob, blobName, properties, metadata, metadataValue, tags, tagSet, tag, tagKey, tagValue
        case lastModified, creationTime, etag, contentLength, contentType, contentMD5, blobType, accessTier
        case blobPrefix, blobPrefixName

        /// Leaf elements whose text is kept.
        var capturesText: Bool {
            switch self {
            case .prefix, .marker, .maxResults, .delimiter, .nextMarker, .blobName, .metadataValue, .tagKey, .tagValue,
                 .lastModified, .creationTime, .etag, .contentLength, .contentType, .contentMD5, .blobType, .accessTier,
                 .blobPrefixName:
                return true
            default:
                return false
            }
        }
    }

    private(set) var result = ListBlobsResult()
    private(set) var violation: String?
    private(set) var sawDocumentEnd = false

    private var stack: [Slot] = [.document]
    private var capturing = false
    private var text: [UInt8] = []
    private var nameIsEncoded = false
    private var blob = BlobItem(name: "")
    private var metadataKey = ""
    private var tagKey = ""
    private var tagValue = ""
    private var prefixName = ""
    // Listings repeat these values from blob to blob; reusing the last String saves an allocation each time.
    private var contentTypes = RepeatedValueCache()
    private var blobTypes = RepeatedValueCache()
    private var accessTiers = RepeatedValueCache()
    private var lastModifieds = RepeatedValueCache()
    private var creationTimes = RepeatedValueCache()

    init() {
        stack.reserveCapacity(16)
        text.reserveCapacity(256)
        result.page.blobs.reserveCapacity(64)
    }

    func startElement(localName name: UnsafePointer<UInt8>, attributes: XMLStreamAttributes) {
        let slot: Slot
        switch stack[stack.count - 1] {
        case .document:
            if XMLName.equals(name, "EnumerationResults") {
                slot = .enumerationResults
                result.serviceEndpoint = attributes.value(named: "ServiceEndpoint").map(Self.string)
                result.containerName = attributes.value(named: "ContainerName").map(Self.string)
            } else {
                violation = XMLName.equals(name, "Error")
                    ? "the body is a Storage <Error>, not <EnumerationResults>"
                    : "expected <EnumerationResults>, found <\(XMLName.string(name))>"
                slot = .ignored
            }
        case .enumerationResults: slot = Self.rootChild(name)
        case .blobs:
            if XMLName.equals(name, "Blob") {
                slot = .blob
                blob = BlobItem(name: "")
            } else if XMLName.equals(name, "BlobPrefix") {
                slot = .blobPrefix
                prefixName = ""
            } else {
                slot = .ignored
            }
        case .blob:
            if XMLName.equals(name, "Name") {
                slot = .blobName
                nameIsEncoded = attributes.has("Encoded", equalTo: "true")
            } else if XMLName.equals(name, "Properties") {
                slot = .properties
            } else if XMLName.equals(name, "Metadata") {
                slot = .metadata
            } else if XMLName.equals(name, "Tags") {
                slot = .tags
            } else {
                slot = .ignored
            }
        case .blobPrefix:
            if XMLName.equals(name, "Name") {
                slot = .blobPrefixName
                nameIsEncoded = attributes.has("Encoded", equalTo: "true")
            } else {
                slot = .ignored
            }
        case .properties: slot = Self.property(name)
        case .metadata:
            // Every child of <Metadata> is one entry; its element name is the key.
            metadataKey = XMLName.string(name)
            slot = .metadataValue
        case .tags: slot = XMLName.equals(name, "TagSet") ? .tagSet : .ignored
        case .tagSet:
            if XMLName.equals(name, "Tag") {
                slot = .tag
                tagKey = ""
                tagValue = ""
            } else {
                slot = .ignored
            }
        case .tag:
            slot = XMLName.equals(name, "Key") ? .tagKey : XMLName.equals(name, "Value") ? .tagValue : .ignored
        default:
            slot = .ignored
        }
        stack.append(slot)
        capturing = slot.capturesText
        if capturing { text.removeAll(keepingCapacity: true) }
    }

    func characters(_ bytes: UnsafeBufferPointer<UInt8>) {
        if capturing { text.append(contentsOf: bytes) }
    }

    func endElement() {
        let slot = stack.removeLast()
        switch slot {
        case .blobName: blob.name = decodedName()
        case .blobPrefixName: prefixName = decodedName()
        case .lastModified: blob.properties.lastModified = lastModifieds.string(for: text)
        case .creationTime: blob.properties.creationTime = creationTimes.string(for: text)
        case .etag: blob.properties.etag = optionalString()
        case .contentLength: blob.properties.contentLength = Self.integer(text)
        case .contentType: blob.properties.contentType = contentTypes.string(for: text)
        case .contentMD5: blob.properties.contentMD5 = optionalString()
        case .blobType: blob.properties.blobType = blobTypes.string(for: text)
        case .accessTier: blob.properties.accessTier = accessTiers.string(for: text)
        case .metadataValue: blob.metadata[metadataKey] = String(decoding: text, as: UTF8.self)
        case .tagKey: tagKey = String(decoding: text, as: UTF8.self)
        case .tagValue: tagValue = String(decoding: text, as: UTF8.self)
        case .tag: blob.tags[tagKey] = tagValue
        case .blob: result.page.blobs.append(blob)
        case .blobPrefix: result.page.blobPrefixes.append(prefixName)
        case .prefix: result.prefix = String(decoding: text, as: UTF8.self)
        case .marker: result.marker = optionalString()
        case .maxResults: result.maxResults = Self.integer(text).map { Int($0) }
        case .delimiter: result.delimiter = String(decoding: text, as: UTF8.self)
        case .nextMarker: result.page.nextMarker = optionalString()  // an empty <NextMarker/> ends the listing
        case .enumerationResults: sawDocumentEnd = true
        default: break
        }
        capturing = stack[stack.count - 1].capturesText
    }

    // MARK: - Name tables

    private static func rootChild(_ name: UnsafePointer<UInt8>) -> Slot {
        if XMLName.equals(name, "Blobs") { return .blobs }
        if XMLName.equals(name, "NextMarker") { return .nextMarker }
        if XMLName.equals(name, "Prefix") { return .prefix }
        if XMLName.equals(name, "Marker") { return .marker }
        if XMLName.equals(name, "MaxResults") { return .maxResults }
        if XMLName.equals(name, "Delimiter") { return .delimiter }
        return .ignored
    }

    /// Dispatches on the first byte first: `<Properties>` has about twenty children and we keep eight.
    private static func property(_ name: UnsafePointer<UInt8>) -> Slot {
        switch name[0] {
        case UInt8(ascii: "C"):
            if XMLName.equals(name, "Content-Length") { return .contentLength }
            if XMLName.equals(name, "Content-Type") { return .contentType }
            if XMLName.equals(name, "Content-MD5") { return .contentMD5 }
            if XMLName.equals(name, "Creation-Time") { return .creationTime }
        case UInt8(ascii: "L"):
            if XMLName.equals(name, "Last-Modified") { return .lastModified }
        case UInt8(ascii: "E"):
            if XMLName.equals(name, "Etag") { return .etag }
        case UInt8(ascii: "B"):
            if XMLName.equals(name, "BlobType") { return .blobType }
        case UInt8(ascii: "A"):
            if XMLName.equals(name, "AccessTier") { return .accessTier }
        default:
            break
        }
        return .ignored
    }

    // MARK: - Values

    /// `<Name Encoded="true">` carries the UTF-8 name percent-encoded (it holds characters XML cannot).
    private func decodedName() -> String {
        let raw = String(decoding: text, as: UTF8.self)
        return nameIsEncoded ? PercentEncoding.decode(raw) : raw
    }

    private func optionalString() -> String? {
        text.isEmpty ? nil : String(decoding: text, as: UTF8.self)
    }

    private static func string(_ bytes: UnsafeBufferPointer<UInt8>) -> String {
        String(decoding: bytes, as: UTF8.self)
    }

    /// Decimal digits only (surrounding blanks allowed); nil for anything else or on overflow.
    static func integer(_ bytes: [UInt8]) -> Int64? {
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
    mutating func string(for text: [UInt8]) -> String? {
        if text.isEmpty { return nil }
        if let value, text == bytes { return value }
        bytes = text
        let made = String(decoding: text, as: UTF8.self)
        value = made
        return made
    }
}
