@testable import DeadLetterKit

extension ListBlobsReader {
    /// Parses `bytes` fed in chunks of `chunkSize`, as a network delivers a body; the outcome either way.
    static func parse(_ bytes: [UInt8], chunkSize: Int, request: BlobRequestSummary) -> Result<ListBlobsResult, StorageXMLError> {
        let reader = ListBlobsReader(request: request)
        do throws(StorageXMLError) {
            for start in stride(from: 0, to: bytes.count, by: max(chunkSize, 1)) {
                try reader.consume(Array(bytes[start..<min(bytes.count, start + chunkSize)]))
            }
            return .success(try reader.finish())
        } catch {
            return .failure(error)
        }
    }
}
