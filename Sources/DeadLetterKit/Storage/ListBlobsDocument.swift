import AzureCore
import CListBlobsSAX
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Builds a `ListBlobsResult` from the records of the C state machine (`CListBlobsSAX`), which has already
/// recognised the elements, skipped the unknown ones and collected the text of the known leaves; here only the values
/// kept become Strings. Records come in document order: a blob's fields, then its `.blob` record.
struct ListBlobsDocument {
    private(set) var result = ListBlobsResult()
    private(set) var sawDocumentEnd = false

    /// The blob being read, moved (not copied) into `result.page.blobs` at its `.blob` record. Writing its fields here
    /// instead of into the array's last element spares a bounds and a uniqueness check on every field.
    private var blob = BlobItem(name: "")
    private var metadataKey = ""
    private var tagKey = ""
    private var tagValue = ""
    private var prefixName = ""
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

    /// Applies one batch of records; `arena` holds the text they point to, valid only during the call.
    mutating func read(_ records: UnsafeBufferPointer<DLListingRecord>, arena: UnsafePointer<UInt8>) {
        for record in records {
            let text = UnsafeBufferPointer(start: arena + Int(record.offset), count: Int(record.length))
            switch record.element {
            case .blobName: blob.name = Self.name(text, encoded: record.encoded != 0)
            case .creationTime: blob.properties.creationTime = dates.string(for: text)
            case .lastModified: blob.properties.lastModified = dates.string(for: text)
            case .etag: blob.properties.etag = Self.optionalString(text)
            case .contentLength: blob.properties.contentLength = Self.integer(text)
            case .contentType: blob.properties.contentType = contentTypes.string(for: text)
            case .contentMD5: blob.properties.contentMD5 = Self.optionalString(text)
            case .blobType: blob.properties.blobType = blobTypes.string(for: text)
            case .accessTier: blob.properties.accessTier = accessTiers.string(for: text)
            case .metadataKey: metadataKey = Self.string(text)
            case .metadataValue: blob.metadata[metadataKey] = Self.string(text)
            case .tagKey: tagKey = Self.string(text)
            case .tagValue: tagValue = Self.string(text)
            case .tag:
                blob.tags[tagKey] = tagValue
                tagKey = ""
                tagValue = ""
            case .blob: finishBlob()
            case .blobPrefixName: prefixName = Self.name(text, encoded: record.encoded != 0)
            case .blobPrefix:
                result.page.blobPrefixes.append(prefixName)
                prefixName = ""
            case .serviceEndpoint: result.serviceEndpoint = Self.string(text)
            case .containerName: result.containerName = Self.string(text)
            case .prefix: result.prefix = Self.string(text)
            case .marker: result.marker = Self.optionalString(text)
            case .maxResults:
                result.maxResults = Self.integer(text).map { Int($0) }
                // <MaxResults> precedes <Blobs>: size the array once instead of growing it page-long.
                if let expected = result.maxResults { result.page.blobs.reserveCapacity(min(max(expected, 0), 5000)) }
            case .delimiter: result.delimiter = Self.string(text)
            case .nextMarker: result.page.nextMarker = Self.optionalString(text)  // an empty <NextMarker/> ends the listing
            case .enumerationResults: sawDocumentEnd = true
            }
        }
    }

    private mutating func finishBlob() {
        // A move: `swap` or copy-and-reset would retain and release every String of the blob.
        let finished = withUnsafeMutablePointer(to: &blob) { pointer in
            let item = pointer.move()
            pointer.initialize(to: BlobItem(name: ""))
            return item
        }
        result.page.blobs.append(finished)
    }

    // MARK: - Values

    /// `<Name Encoded="true">` carries the UTF-8 name percent-encoded (it holds characters XML cannot).
    private static func name(_ text: UnsafeBufferPointer<UInt8>, encoded: Bool) -> String {
        let raw = string(text)
        return encoded ? PercentEncoding.decode(raw) : raw
    }

    private static func optionalString(_ text: UnsafeBufferPointer<UInt8>) -> String? {
        text.isEmpty ? nil : string(text)
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
