import Foundation

/// Where a dead letter was read from: enough to find the blob again, delete it, or name it in an error.
public struct DeadLetterOrigin: Sendable, Hashable {
    /// The container URL without its query (so never a SAS), a local directory, or an export file path.
    public var source: String
    /// The blob's name within the container (or the file's relative path); empty for a bare event line of an export.
    public var blobName: String
    /// The event's position in the blob: the array index, the line's value number, or 0 for a single object.
    public var index: Int
    /// Listing properties, when the blob came from a listing (or an export record kept them).
    public var blobProperties: BlobProperties?
    /// The endpoint (ADT) or subscription (Event Grid) folder the blob's path names.
    public var endpoint: String?
    /// The UTC hour the blob's path says the event was dead-lettered in.
    public var folderHour: Date?

    public init(source: String, blobName: String, index: Int = 0, blobProperties: BlobProperties? = nil,
                endpoint: String? = nil, folderHour: Date? = nil) {
        self.source = DeadLetterOrigin.withoutQuery(source)
        self.blobName = blobName
        self.index = index
        self.blobProperties = blobProperties
        self.endpoint = endpoint
        self.folderHour = folderHour
    }

    /// The same origin for another event of the same blob.
    public func at(index: Int) -> DeadLetterOrigin {
        var copy = self
        copy.index = index
        return copy
    }

    /// "source/blob[index]", for messages.
    public var locationDescription: String {
        let separator = source.hasSuffix("/") || source.isEmpty ? "" : "/"
        return "\(source)\(separator)\(blobName)[\(index)]"
    }

    /// Drops a URL query so a SAS token (`sig=…`) can never travel in a description, error or export.
    static func withoutQuery(_ source: String) -> String {
        guard let mark = source.utf8.firstIndex(of: UInt8(ascii: "?")) else { return source }
        return String(source[..<mark])
    }
}
