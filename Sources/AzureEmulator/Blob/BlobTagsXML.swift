import Foundation

/// The Set/Get Blob Tags body: `<Tags><TagSet><Tag><Key>k</Key><Value>v</Value></Tag>…</TagSet></Tags>`.
enum BlobTagsXML {
    static func document(_ tags: [BlobKeyValue]) -> [UInt8] {
        var xml = XMLDocumentText.declaration + "<Tags>"
        xml += tags.isEmpty ? "<TagSet />" : "<TagSet>" + elements(tags) + "</TagSet>"
        xml += "</Tags>"
        return XMLDocumentText.bytesWithBOM(xml)
    }

    /// The `<Tag>` elements, also used inside listings.
    static func elements(_ tags: [BlobKeyValue]) -> String {
        tags.map { "<Tag><Key>\(ListingXMLEscaping.text($0.name))</Key><Value>\(ListingXMLEscaping.text($0.value))</Value></Tag>" }.joined()
    }

    /// Reads the tags of a Set Blob Tags body. A tiny scanner rather than an XML parser: the document has one fixed
    /// shape, and anything else is refused as Azure refuses it (400 InvalidXmlDocument).
    static func parse(_ body: [UInt8]) throws -> [BlobKeyValue] {
        var text = String(decoding: body, as: UTF8.self)
        if text.hasPrefix("\u{FEFF}") { text.removeFirst() }
        guard let tagSetStart = text.range(of: "<TagSet"), text.range(of: "<Tags") != nil else { throw BlobServiceError.invalidXML() }
        let afterTagSet = text[tagSetStart.upperBound...]
        if afterTagSet.hasPrefix("/>") || afterTagSet.hasPrefix(" />") { return [] }
        guard let tagSetEnd = afterTagSet.range(of: "</TagSet>") else { throw BlobServiceError.invalidXML() }
        var rest = afterTagSet[..<tagSetEnd.lowerBound]
        var tags: [BlobKeyValue] = []
        while let open = rest.range(of: "<Tag>") {
            guard let close = rest.range(of: "</Tag>", range: open.upperBound..<rest.endIndex) else { throw BlobServiceError.invalidXML() }
            let inner = rest[open.upperBound..<close.lowerBound]
            guard let key = element("Key", in: inner) else { throw BlobServiceError.invalidXML() }
            tags.append(BlobKeyValue(name: try XMLEntities.decode(key), value: try XMLEntities.decode(element("Value", in: inner) ?? "")))
            rest = rest[close.upperBound...]
        }
        return tags
    }

    private static func element(_ name: String, in text: Substring) -> Substring? {
        if text.contains("<\(name)/>") || text.contains("<\(name) />") { return "" }
        guard let open = text.range(of: "<\(name)>"), let close = text.range(of: "</\(name)>", range: open.upperBound..<text.endIndex) else { return nil }
        return text[open.upperBound..<close.lowerBound]
    }
}

/// Decodes the five predefined entities and numeric character references.
enum XMLEntities {
    static func decode(_ text: Substring) throws -> String {
        guard text.contains("&") else { return String(text) }
        var out = ""
        var index = text.startIndex
        while index < text.endIndex {
            let character = text[index]
            guard character == "&" else { out.append(character); index = text.index(after: index); continue }
            guard let semicolon = text[index...].firstIndex(of: ";") else { throw BlobServiceError.invalidXML() }
            let entity = text[text.index(after: index)..<semicolon]
            switch entity {
            case "amp": out += "&"
            case "lt": out += "<"
            case "gt": out += ">"
            case "quot": out += "\""
            case "apos": out += "'"
            default:
                let isHex = entity.hasPrefix("#x") || entity.hasPrefix("#X")
                guard entity.hasPrefix("#"), let value = UInt32(entity.dropFirst(isHex ? 2 : 1), radix: isHex ? 16 : 10),
                      let scalar = Unicode.Scalar(value) else { throw BlobServiceError.invalidXML() }
                out.unicodeScalars.append(scalar)
            }
            index = text.index(after: semicolon)
        }
        return out
    }
}
