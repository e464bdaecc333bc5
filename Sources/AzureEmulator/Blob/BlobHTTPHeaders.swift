import AzureCore
import Foundation

/// Translating between blob properties and HTTP headers.
enum BlobHTTPHeaders {
    static func quoted(_ etag: String) -> String { "\"\(etag)\"" }

    /// What Get Blob and Get Blob Properties return about a blob (besides length and range).
    static func properties(of record: BlobRecord, includeTier: Bool) -> [(name: String, value: String)] {
        let p = record.properties
        var headers: [(name: String, value: String)] = [
            ("Last-Modified", HTTPDate.format(p.lastModified)),
            ("ETag", quoted(p.etag)),
            ("Content-Type", p.contentType),
            ("x-ms-creation-time", HTTPDate.format(p.creationTime)),
            ("x-ms-blob-type", "BlockBlob"),
            ("x-ms-lease-status", "unlocked"),
            ("x-ms-lease-state", "available"),
            ("x-ms-server-encrypted", "true"),
            ("Accept-Ranges", "bytes"),
        ]
        if !p.contentEncoding.isEmpty { headers.append(("Content-Encoding", p.contentEncoding)) }
        if !p.contentLanguage.isEmpty { headers.append(("Content-Language", p.contentLanguage)) }
        if !p.contentDisposition.isEmpty { headers.append(("Content-Disposition", p.contentDisposition)) }
        if !p.cacheControl.isEmpty { headers.append(("Cache-Control", p.cacheControl)) }
        if includeTier {
            headers.append(("x-ms-access-tier", "Hot"))
            headers.append(("x-ms-access-tier-inferred", "true"))
        }
        if !record.tags.isEmpty { headers.append(("x-ms-tag-count", String(record.tags.count))) }
        if let copy = p.copy {
            headers += [("x-ms-copy-id", copy.id), ("x-ms-copy-source", copy.source), ("x-ms-copy-status", "success"),
                        ("x-ms-copy-progress", "\(copy.length)/\(copy.length)"),
                        ("x-ms-copy-completion-time", HTTPDate.format(copy.completionTime))]
        }
        headers += metadata(record.metadata)
        return headers
    }

    static func metadata(_ entries: [BlobKeyValue]) -> [(name: String, value: String)] {
        entries.map { ("x-ms-meta-\($0.name)", $0.value) }
    }

    /// Headers every successful write returns.
    static func written(_ record: BlobRecord) -> [(name: String, value: String)] {
        [("ETag", quoted(record.properties.etag)), ("Last-Modified", HTTPDate.format(record.properties.lastModified)),
         ("x-ms-request-server-encrypted", "true")]
    }

    /// `x-ms-meta-<name>` headers, names kept as sent. Names must be C# identifiers; the total is capped at 8 KB.
    static func metadata(from request: EmulatorRequest) throws -> [BlobKeyValue] {
        var entries: [BlobKeyValue] = []
        var total = 0
        for (name, value) in request.headers where name.lowercased().hasPrefix("x-ms-meta-") {
            let key = String(name.dropFirst("x-ms-meta-".count))
            guard isIdentifier(key) else { throw BlobServiceError.invalidMetadata() }
            if let existing = entries.firstIndex(where: { $0.name.lowercased() == key.lowercased() }) {
                entries[existing].value += "," + value  // repeated headers combine, as HTTP defines
            } else {
                entries.append(BlobKeyValue(name: key, value: value))
            }
            total += key.utf8.count + value.utf8.count
        }
        guard total <= 8 * 1024 else { throw BlobServiceError.metadataTooLarge() }
        return entries
    }

    private static func isIdentifier(_ name: String) -> Bool {
        guard let first = name.unicodeScalars.first, first == "_" || first.properties.isAlphabetic else { return false }
        return name.unicodeScalars.allSatisfy { $0 == "_" || $0.properties.isAlphabetic || $0.properties.numericType != nil }
    }
}
