import Foundation

/// A file (or standard input, `-`) read in fixed-size chunks, as an async sequence the decoders consume.
struct FileChunks: AsyncSequence, Sendable {
    typealias Element = [UInt8]
    let path: String
    var chunkSize = 256 * 1024

    struct ReadError: Error, CustomStringConvertible {
        let path: String
        let reason: String
        var description: String { "cannot read \(path): \(reason)" }
    }

    struct AsyncIterator: AsyncIteratorProtocol {
        let path: String
        let chunkSize: Int
        var descriptor: Int32 = -1
        var done = false

        mutating func next() async throws -> [UInt8]? {
            if done { return nil }
            if descriptor < 0 {
                descriptor = path == "-" ? STDIN_FILENO : open(path, O_RDONLY)
                guard descriptor >= 0 else { throw ReadError(path: path, reason: String(cString: strerror(errno))) }
            }
            // Read straight into the chunk's storage: no zero-filling, no trimming copy.
            var failure: Int32 = 0
            let buffer = [UInt8](unsafeUninitializedCapacity: chunkSize) { storage, initialized in
                var count = read(descriptor, storage.baseAddress, chunkSize)
                while count < 0 && errno == EINTR { count = read(descriptor, storage.baseAddress, chunkSize) }
                if count < 0 { failure = errno }
                initialized = Swift.max(0, count)
            }
            if failure != 0 { throw ReadError(path: path, reason: String(cString: strerror(failure))) }
            if buffer.isEmpty {
                done = true
                if path != "-" { close(descriptor) }
                return nil
            }
            return buffer
        }
    }

    func makeAsyncIterator() -> AsyncIterator { AsyncIterator(path: path, chunkSize: chunkSize) }
}
