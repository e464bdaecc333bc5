import AzureCore
import Foundation

/// Which optional parts a listing carries (`include=`). Other documented values are accepted and have nothing to add
/// in the emulator (no snapshots, versions, soft delete or uncommitted blocks).
struct ListBlobsInclude: OptionSet, Sendable {
    let rawValue: Int
    static let metadata = ListBlobsInclude(rawValue: 1)
    static let tags = ListBlobsInclude(rawValue: 2)
    static let copy = ListBlobsInclude(rawValue: 4)

    static let ignoredValues: Set<String> = ["snapshots", "uncommittedblobs", "deleted", "versions", "deletedwithversions",
                                             "immutabilitypolicy", "legalhold", "permissions"]

    /// nil when a value is unknown (Azure answers 400 InvalidQueryParameterValue).
    static func parse(_ text: String?) -> ListBlobsInclude? {
        var result: ListBlobsInclude = []
        for raw in (text ?? "").split(separator: ",") {
            let value = raw.trimmingCharacters(in: .whitespaces).lowercased()
            switch value {
            case "metadata": result.insert(.metadata)
            case "tags": result.insert(.tags)
            case "copy": result.insert(.copy)
            case "": continue
            default: if !ignoredValues.contains(value) { return nil }
            }
        }
        return result
    }
}

/// The List Blobs answer exactly as Azure writes it (element order, `<X />` empties, BOM, no whitespace), compared
/// against the recorded answers in Fixtures/listings/.
struct ListBlobsXML {
    var serviceEndpoint: String
    var container: String
    /// Echoed only when the request had them, as Azure does.
    var prefix: String?
    var marker: String?
    var maxResults: String?
    var delimiter: String?
    var include: ListBlobsInclude

    func document(page: BlobListingPage, nextMarker: String?) -> [UInt8] {
        var xml = XMLDocumentText.declaration
        xml.reserveCapacity(256 + page.items.count * 900)
        xml += "<EnumerationResults ServiceEndpoint=\"\(ListingXMLEscaping.attribute(serviceEndpoint))\" ContainerName=\"\(ListingXMLEscaping.attribute(container))\">"
        if let prefix, !prefix.isEmpty { xml += "<Prefix>\(ListingXMLEscaping.text(prefix))</Prefix>" }
        if let marker, !marker.isEmpty { xml += "<Marker>\(ListingXMLEscaping.text(marker))</Marker>" }
        if let maxResults, !maxResults.isEmpty { xml += "<MaxResults>\(ListingXMLEscaping.text(maxResults))</MaxResults>" }
        if let delimiter, !delimiter.isEmpty { xml += "<Delimiter>\(ListingXMLEscaping.text(delimiter))</Delimiter>" }
        if page.items.isEmpty {
            xml += "<Blobs />"
        } else {
            xml += "<Blobs>"
            for item in page.items {
                switch item {
                case .blob(let record): appendBlob(record, to: &xml)
                case .prefix(let name): xml += "<BlobPrefix>\(Self.nameElement(name))</BlobPrefix>"
                }
            }
            xml += "</Blobs>"
        }
        xml += nextMarker.map { "<NextMarker>\(ListingXMLEscaping.text($0))</NextMarker>" } ?? "<NextMarker />"
        xml += "</EnumerationResults>"
        return XMLDocumentText.bytesWithBOM(xml)
    }

    /// `<Name>` with XML escaping, or `<Name Encoded="true">` percent-encoded when the name holds characters XML
    /// cannot carry (Fixtures/listings/encoded-name-flat.xml).
    static func nameElement(_ name: String) -> String {
        if XMLText.isXMLSafe(name) { return "<Name>\(ListingXMLEscaping.text(name))</Name>" }
        return "<Name Encoded=\"true\">\(PercentEncoding.encode(name))</Name>"
    }

    private func appendBlob(_ record: BlobRecord, to xml: inout String) {
        let p = record.properties
        xml += "<Blob>" + Self.nameElement(record.name) + "<Properties>"
        xml += "<Creation-Time>\(HTTPDate.format(p.creationTime))</Creation-Time>"
        xml += "<Last-Modified>\(HTTPDate.format(p.lastModified))</Last-Modified>"
        xml += "<Etag>\(p.etag)</Etag>"
        xml += "<Content-Length>\(p.contentLength)</Content-Length>"
        xml += Self.optional("Content-Type", p.contentType)
        xml += Self.optional("Content-Encoding", p.contentEncoding)
        xml += Self.optional("Content-Language", p.contentLanguage)
        xml += "<Content-CRC64 />"
        xml += Self.optional("Content-MD5", p.contentMD5 ?? "")
        xml += Self.optional("Cache-Control", p.cacheControl)
        xml += Self.optional("Content-Disposition", p.contentDisposition)
        xml += "<BlobType>BlockBlob</BlobType><AccessTier>Hot</AccessTier><AccessTierInferred>true</AccessTierInferred>"
        xml += "<LeaseStatus>unlocked</LeaseStatus><LeaseState>available</LeaseState>"
        if include.contains(.copy), let copy = p.copy {
            xml += "<CopyId>\(copy.id)</CopyId><CopyStatus>success</CopyStatus><CopySource>\(ListingXMLEscaping.text(copy.source))</CopySource>"
            xml += "<CopyProgress>\(copy.length)/\(copy.length)</CopyProgress><CopyCompletionTime>\(HTTPDate.format(copy.completionTime))</CopyCompletionTime>"
        }
        xml += "<ServerEncrypted>true</ServerEncrypted>"
        if !record.tags.isEmpty { xml += "<TagCount>\(record.tags.count)</TagCount>" }
        xml += "</Properties>"
        if include.contains(.metadata) {
            if record.metadata.isEmpty {
                xml += "<Metadata />"
            } else {
                xml += "<Metadata>" + record.metadata.map { "<\($0.name)>\(ListingXMLEscaping.text($0.value))</\($0.name)>" }.joined() + "</Metadata>"
            }
        }
        if include.contains(.tags), !record.tags.isEmpty {
            xml += "<Tags><TagSet>" + BlobTagsXML.elements(record.tags) + "</TagSet></Tags>"
        }
        xml += "<OrMetadata /></Blob>"
    }

    private static func optional(_ element: String, _ value: String) -> String {
        value.isEmpty ? "<\(element) />" : "<\(element)>\(ListingXMLEscaping.text(value))</\(element)>"
    }
}
