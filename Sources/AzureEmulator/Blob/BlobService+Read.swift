import AzureCore
import Foundation

extension BlobService {
    /// Get Blob (with `Range`/`x-ms-range` → 206) and Get Blob Properties (HEAD: same headers, no body).
    func readBlob(_ request: EmulatorRequest, account: String, container: String, name: String, headOnly: Bool) async throws -> EmulatorResponse {
        let (record, readable) = try await store.openBlob(account: account, container: container, name: name)
        do {
            try ConditionalHeaders(request).check(record, isRead: true)
        } catch let error as BlobServiceError where error.status == 304 {
            return EmulatorResponse(status: 304, headers: [("ETag", BlobHTTPHeaders.quoted(record.properties.etag)),
                                                           ("Last-Modified", HTTPDate.format(record.properties.lastModified))])
        }
        let length = record.properties.contentLength
        var headers = BlobHTTPHeaders.properties(of: record, includeTier: headOnly)
        var status = 200
        var sendRange: ClosedRange<Int64>? = length > 0 ? 0...(length - 1) : nil
        if !headOnly, let requested = ByteRangeHeader.from(request) {
            guard let resolved = requested.resolved(length: length) else { throw BlobServiceError.invalidRange(length: length) }
            sendRange = resolved
            status = 206
            headers.append(("Content-Range", "bytes \(resolved.lowerBound)-\(resolved.upperBound)/\(length)"))
            if let md5 = record.properties.contentMD5 { headers.append(("x-ms-blob-content-md5", md5)) }
            if request.header("x-ms-range-get-content-md5")?.lowercased() == "true" {
                guard resolved.count <= 4 * 1024 * 1024 else {
                    throw BlobServiceError.invalidHeader("x-ms-range", value: requested.description)
                }
                headers.append(("Content-MD5", ContentHash.md5Base64(try Self.bytes(of: readable, range: resolved))))
            }
        } else if let md5 = record.properties.contentMD5 {
            headers.append(("Content-MD5", md5))
        }
        var response = EmulatorResponse(status: status, headers: headers)
        guard !headOnly, let range = sendRange else {
            response.declaredContentLength = headOnly ? length : 0
            return response
        }
        let count = range.upperBound - range.lowerBound + 1
        switch readable {
        case .memory(let bytes):
            response.body = status == 200 ? bytes : Array(bytes[Int(range.lowerBound)...Int(range.upperBound)])
        case .file(let file):
            response.fileBody = BlobFileSlice(file: file, offset: range.lowerBound, length: count)
        }
        return response
    }

    static func bytes(of readable: BlobReadable, range: ClosedRange<Int64>) throws -> [UInt8] {
        switch readable {
        case .memory(let bytes): return Array(bytes[Int(range.lowerBound)...Int(range.upperBound)])
        case .file(let file): return try file.read(offset: range.lowerBound, count: Int(range.upperBound - range.lowerBound + 1))
        }
    }
}
