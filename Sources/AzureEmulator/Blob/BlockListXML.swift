import Foundation

/// The Put Block List body: `<BlockList><Latest>id</Latest><Uncommitted>id</Uncommitted><Committed>id</Committed>…</BlockList>`,
/// in the order the blob's blocks are to be joined.
enum BlockListXML {
    enum Source: String, Sendable {
        case latest = "Latest", uncommitted = "Uncommitted", committed = "Committed"
    }

    struct Entry: Equatable, Sendable {
        var source: Source
        var id: String
    }

    /// Same tiny-scanner approach as `BlobTagsXML.parse`: one fixed shape, anything else is 400 InvalidXmlDocument.
    static func parse(_ body: [UInt8]) throws -> [Entry] {
        var text = String(decoding: body, as: UTF8.self)
        if text.hasPrefix("\u{FEFF}") { text.removeFirst() }
        guard let listStart = text.range(of: "<BlockList") else { throw BlobServiceError.invalidXML() }
        let afterList = text[listStart.upperBound...]
        if afterList.hasPrefix("/>") || afterList.hasPrefix(" />") { return [] }
        guard let open = afterList.firstIndex(of: ">"), let listEnd = afterList.range(of: "</BlockList>") else {
            throw BlobServiceError.invalidXML()
        }
        var rest = afterList[afterList.index(after: open)..<listEnd.lowerBound]
        var entries: [Entry] = []
        while let start = rest.firstIndex(of: "<") {
            guard rest[rest.startIndex..<start].allSatisfy(\.isWhitespace),
                  let nameEnd = rest[start...].firstIndex(of: ">") else { throw BlobServiceError.invalidXML() }
            let name = String(rest[rest.index(after: start)..<nameEnd])
            guard let source = Source(rawValue: name),
                  let close = rest.range(of: "</\(name)>", range: nameEnd..<rest.endIndex) else { throw BlobServiceError.invalidXML() }
            let id = try XMLEntities.decode(rest[rest.index(after: nameEnd)..<close.lowerBound])
            entries.append(Entry(source: source, id: id))
            rest = rest[close.upperBound...]
        }
        guard rest.allSatisfy(\.isWhitespace) else { throw BlobServiceError.invalidXML() }
        return entries
    }
}
