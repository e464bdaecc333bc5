import CLibXML2

/// The element names of a List Blobs response as one parser's libxml2 dictionary holds them.
///
/// libxml2 interns every element name in the parser's dictionary and hands SAX2 callbacks the interned pointer, so
/// every `<Etag>` of a page arrives with the very pointer that `xmlDictLookup(dictionary, "Etag")` returns. Looking
/// the known names up once per parse turns recognising an element into a few pointer comparisons: no string
/// comparison, no hashing, and no String for the elements that are skipped (about half of a page's elements).
struct ListBlobsElementNames {
    typealias Name = UnsafePointer<UInt8>

    let enumerationResults: Name
    let blobs, nextMarker, prefix, marker, maxResults, delimiter: Name
    let blob, blobPrefix, name, properties, metadata, tags, tagSet, tag, key, value: Name
    let creationTime, lastModified, etag, contentLength, contentType, contentMD5, blobType, accessTier: Name

    /// nil only when libxml2 cannot allocate the names.
    init?(dictionary: xmlDictPtr) {
        var allocated = true
        self.init { literal in
            if let interned = xmlDictLookup(dictionary, literal.utf8Start, Int32(literal.utf8CodeUnitCount)) { return interned }
            allocated = false
            return Self.nowhere
        }
        if !allocated { return nil }
    }

    /// Names that match no element, for a document whose parser does not exist yet.
    static var unmatchable: ListBlobsElementNames { ListBlobsElementNames { _ in nowhere } }

    /// A pointer into the program's constant data, which no dictionary entry can equal.
    private static var nowhere: Name { ("" as StaticString).utf8Start }

    private init(_ intern: (StaticString) -> Name) {
        enumerationResults = intern("EnumerationResults")
        blobs = intern("Blobs")
        nextMarker = intern("NextMarker")
        prefix = intern("Prefix")
        marker = intern("Marker")
        maxResults = intern("MaxResults")
        delimiter = intern("Delimiter")
        blob = intern("Blob")
        blobPrefix = intern("BlobPrefix")
        name = intern("Name")
        properties = intern("Properties")
        metadata = intern("Metadata")
        tags = intern("Tags")
        tagSet = intern("TagSet")
        tag = intern("Tag")
        key = intern("Key")
        value = intern("Value")
        creationTime = intern("Creation-Time")
        lastModified = intern("Last-Modified")
        etag = intern("Etag")
        contentLength = intern("Content-Length")
        contentType = intern("Content-Type")
        contentMD5 = intern("Content-MD5")
        blobType = intern("BlobType")
        accessTier = intern("AccessTier")
    }

    /// Which known element the interned `name` is inside `parent`; nil for anything to skip. Each parent's children
    /// are tried in the order Azure writes them.
    @inline(__always)
    func child(_ name: Name, of parent: ListBlobsDocument.Slot) -> ListBlobsDocument.Slot? {
        switch parent {
        case .properties:
            if name == creationTime { return .creationTime }
            if name == lastModified { return .lastModified }
            if name == etag { return .etag }
            if name == contentLength { return .contentLength }
            if name == contentType { return .contentType }
            if name == contentMD5 { return .contentMD5 }
            if name == blobType { return .blobType }
            if name == accessTier { return .accessTier }
        case .blob:
            if name == self.name { return .blobName }
            if name == properties { return .properties }
            if name == metadata { return .metadata }
            if name == tags { return .tags }
        case .blobs:
            if name == blob { return .blob }
            if name == blobPrefix { return .blobPrefix }
        case .blobPrefix:
            if name == self.name { return .blobPrefixName }
        case .metadata:
            return .metadataValue  // every child of <Metadata> is an entry named by its element
        case .tags:
            if name == tagSet { return .tagSet }
        case .tagSet:
            if name == tag { return .tag }
        case .tag:
            if name == key { return .tagKey }
            if name == value { return .tagValue }
        case .enumerationResults:
            if name == blobs { return .blobs }
            if name == nextMarker { return .nextMarker }
            if name == prefix { return .prefix }
            if name == marker { return .marker }
            if name == maxResults { return .maxResults }
            if name == delimiter { return .delimiter }
        default:
            break  // the document root is handled apart; leaves have no known children
        }
        return nil
    }
}
