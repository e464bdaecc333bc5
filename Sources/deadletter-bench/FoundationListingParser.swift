import DeadLetterKit
import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif

/// The baseline for the List Blobs reader: Foundation's `XMLParser` (SAX-style, like ours) extracting the same
/// fields into the same `ListBlobsPage` (names, properties, metadata, tags, prefixes, NextMarker), written the way a
/// Swift developer would write it.
enum FoundationListingParser {
    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    static func parse(_ data: Data) throws -> ListBlobsPage {
        let parser = XMLParser(data: data)
        let delegate = ListingDelegate()
        parser.delegate = delegate
        guard parser.parse() else {
            throw Failure(description: "XMLParser failed: \(parser.parserError.map { "\($0)" } ?? "unknown error")")
        }
        return delegate.page
    }
}

private final class ListingDelegate: NSObject, XMLParserDelegate {
    var page = ListBlobsPage()
    private var text = ""
    private var blob: BlobItem?
    private var inPrefix = false
    private var inProperties = false
    private var inMetadata = false
    private var nameEncoded = false
    private var tagKey = ""
    private var tagValue = ""

    func parser(_ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?, qualifiedName: String?,
                attributes: [String: String] = [:]) {
        text = ""
        switch elementName {
        case "Blob": blob = BlobItem(name: "")
        case "BlobPrefix": inPrefix = true
        case "Properties": inProperties = true
        case "Metadata": inMetadata = true
        case "Name": nameEncoded = attributes["Encoded"] == "true"
        default: break
        }
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) {
        text += string
    }

    func parser(_ parser: XMLParser, didEndElement elementName: String, namespaceURI: String?, qualifiedName: String?) {
        defer { text = "" }
        if inProperties, blob != nil {
            switch elementName {
            case "Creation-Time": blob?.properties.creationTime = nonEmpty(text)
            case "Last-Modified": blob?.properties.lastModified = nonEmpty(text)
            case "Etag": blob?.properties.etag = nonEmpty(text)
            case "Content-Length": blob?.properties.contentLength = Int64(text)
            case "Content-Type": blob?.properties.contentType = nonEmpty(text)
            case "Content-MD5": blob?.properties.contentMD5 = nonEmpty(text)
            case "BlobType": blob?.properties.blobType = nonEmpty(text)
            case "AccessTier": blob?.properties.accessTier = nonEmpty(text)
            case "Properties": inProperties = false
            default: break
            }
            return
        }
        if inMetadata, blob != nil {
            // Every child of <Metadata> is one entry, named by its element.
            if elementName == "Metadata" { inMetadata = false } else { blob?.metadata[elementName] = text }
            return
        }
        switch elementName {
        case "Name":
            let name = nameEncoded ? (text.removingPercentEncoding ?? text) : text
            if inPrefix { page.blobPrefixes.append(name) } else { blob?.name = name }
        case "Blob":
            if let blob { page.blobs.append(blob) }
            blob = nil
        case "BlobPrefix": inPrefix = false
        case "NextMarker": page.nextMarker = nonEmpty(text)
        case "Key": tagKey = text
        case "Value": tagValue = text
        case "Tag":
            blob?.tags[tagKey] = tagValue
            tagKey = ""
            tagValue = ""
        default: break
        }
    }

    private func nonEmpty(_ value: String) -> String? { value.isEmpty ? nil : value }
}
