import Foundation

/// What the emulator remembers about a blob beside its bytes: `<dir>/.emulator-meta/<account>/<container>/<xx>/<hash>.json`.
/// Written once per write operation and read only at start-up, so Foundation's JSON coders are fine here.
struct BlobSidecar: Codable, Sendable {
    var name: String
    var contentType: String
    var contentEncoding: String
    var contentLanguage: String
    var contentDisposition: String
    var cacheControl: String
    var contentMD5: String?
    var creationTime: Date
    var lastModified: Date
    var etag: String
    var metadata: [BlobKeyValue]
    var tags: [BlobKeyValue]
    var copy: BlobCopyInfo?
    /// Set when the bytes are not at the mirror path (the name cannot be a file path there), relative to the
    /// container's metadata directory.
    var contentFile: String?
    /// Size and modification time of the content file when this sidecar was written: if they differ at start-up,
    /// someone replaced the file and the emulator re-derives length, dates and ETag from it.
    var fileSize: Int64
    var fileModifiedNanos: Int64

    init(record: BlobRecord, contentFile: String?, fileStatus: BlobFileIO.FileStatus) {
        name = record.name
        contentType = record.properties.contentType
        contentEncoding = record.properties.contentEncoding
        contentLanguage = record.properties.contentLanguage
        contentDisposition = record.properties.contentDisposition
        cacheControl = record.properties.cacheControl
        contentMD5 = record.properties.contentMD5
        creationTime = record.properties.creationTime
        lastModified = record.properties.lastModified
        etag = record.properties.etag
        metadata = record.metadata
        tags = record.tags
        copy = record.properties.copy
        self.contentFile = contentFile
        fileSize = fileStatus.size
        fileModifiedNanos = fileStatus.modifiedNanos
    }

    /// The record this sidecar describes, given the content file's current state.
    func record(content: BlobContent, fileStatus: BlobFileIO.FileStatus) -> BlobRecord {
        var properties = BlobProperties(contentLength: fileStatus.size, contentType: contentType, contentEncoding: contentEncoding,
                                        contentLanguage: contentLanguage, contentDisposition: contentDisposition,
                                        cacheControl: cacheControl, contentMD5: contentMD5, creationTime: creationTime,
                                        lastModified: lastModified, etag: etag, copy: copy)
        if fileStatus.size != fileSize || fileStatus.modifiedNanos != fileModifiedNanos {
            // Replaced behind the emulator's back: the old MD5 and ETag no longer describe these bytes.
            let ticks = AzureTimestamp.ticks(unixNanos: fileStatus.modifiedNanos)
            properties.contentMD5 = nil
            properties.lastModified = AzureTimestamp.date(ticks: ticks)
            properties.etag = AzureTimestamp.etag(ticks: ticks)
        }
        return BlobRecord(name: name, properties: properties, metadata: metadata, tags: tags, content: content)
    }

    func encoded() throws -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        encoder.dateEncodingStrategy = .secondsSince1970
        return Array(try encoder.encode(self))
    }

    static func decode(_ bytes: [UInt8]) throws -> BlobSidecar {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .secondsSince1970
        return try decoder.decode(BlobSidecar.self, from: Data(bytes))
    }
}
