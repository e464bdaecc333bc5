import CZlib

/// Streaming decompression of gzip (RFC 1952) or zlib (RFC 1950) data, fed in chunks of any size.
///
/// Concatenated gzip members (what `cat a.gz b.gz` or a resumed `gzip` append produces) decompress as one stream,
/// as `gzip -d` does. Output is handed to a closure in pieces of at most 64 KiB, so a highly compressed input never
/// materialises in memory. Call `finish()` after the last chunk: it is what notices a truncated input.
public final class GzipReader {
    /// Names the file or blob in error messages.
    public let sourceName: String?
    /// Compressed bytes consumed so far.
    public private(set) var compressedOffset: Int64 = 0
    /// Gzip members (or zlib streams) decompressed completely so far.
    public private(set) var membersCompleted = 0

    private let stream: UnsafeMutablePointer<z_stream>
    private let output: UnsafeMutablePointer<UInt8>
    private static var outputCapacity: Int { 64 * 1024 }
    /// True after a member ended and before the next one's first byte: the only place the input may end.
    private var betweenMembers = false

    public init(sourceName: String? = nil) throws {
        let stream = UnsafeMutablePointer<z_stream>.allocate(capacity: 1)
        stream.initialize(to: z_stream())
        // windowBits 15 + 32: detect a gzip or a zlib header automatically.
        let code = deadletter_inflateInit2(stream, 15 + 32)
        guard code == Z_OK else {
            stream.deallocate()
            throw GzipError.zlibUnavailable(code: code)
        }
        self.stream = stream
        self.output = .allocate(capacity: Self.outputCapacity)
        self.sourceName = sourceName
    }

    deinit {
        inflateEnd(stream)
        stream.deallocate()
        output.deallocate()
    }

    /// True when `prefix` starts with the gzip magic number (1f 8b): how a reader tells `.jsonl.gz` from `.jsonl`
    /// without trusting the file name.
    public static func isGzip<Bytes: Collection<UInt8>>(prefix: Bytes) -> Bool {
        var iterator = prefix.makeIterator()
        return iterator.next() == 0x1f && iterator.next() == 0x8b
    }

    /// Decompresses `chunk`, calling `output` with each piece of decompressed data, in order.
    public func feed(_ chunk: UnsafeRawBufferPointer, output deliver: (UnsafeRawBufferPointer) throws -> Void) throws {
        guard let base = chunk.baseAddress, chunk.count > 0 else { return }
        var offset = 0
        while offset < chunk.count {
            let count = min(chunk.count - offset, Int(UInt32.max))
            stream.pointee.next_in = UnsafeMutablePointer(mutating: (base + offset).assumingMemoryBound(to: Bytef.self))
            stream.pointee.avail_in = uInt(count)
            try inflateAvailableInput(deliver)
            offset += count
        }
    }

    public func feed(_ chunk: [UInt8], output deliver: (UnsafeRawBufferPointer) throws -> Void) throws {
        try chunk.withUnsafeBytes { try feed($0, output: deliver) }
    }

    /// Checks that the input ended at the end of a member, not inside one.
    public func finish() throws {
        guard betweenMembers else {
            throw GzipError.truncated(source: sourceName, offset: compressedOffset)
        }
    }

    private func inflateAvailableInput(_ deliver: (UnsafeRawBufferPointer) throws -> Void) throws {
        while true {
            if betweenMembers {
                guard stream.pointee.avail_in > 0 else { return }
                // Another member follows: start over, detecting its header afresh.
                inflateReset(stream)
                betweenMembers = false
            }
            let availableBefore = stream.pointee.avail_in
            stream.pointee.next_out = output
            stream.pointee.avail_out = uInt(Self.outputCapacity)
            let code = inflate(stream, Z_NO_FLUSH)
            compressedOffset += Int64(availableBefore - stream.pointee.avail_in)
            let produced = Self.outputCapacity - Int(stream.pointee.avail_out)
            if produced > 0 {
                try deliver(UnsafeRawBufferPointer(start: output, count: produced))
            }
            switch code {
            case Z_STREAM_END:
                membersCompleted += 1
                betweenMembers = true
            case Z_OK:
                // Output space left over and no input left: everything so far is delivered; wait for more input.
                if stream.pointee.avail_in == 0 && stream.pointee.avail_out != 0 { return }
            case Z_BUF_ERROR:
                // No progress was possible: normal when the input is used up; with input left it would loop forever.
                if stream.pointee.avail_in == 0 { return }
                if produced == 0 && availableBefore == stream.pointee.avail_in {
                    throw GzipError.corrupt(source: sourceName, offset: compressedOffset, reason: "decompression made no progress")
                }
            case Z_NEED_DICT:
                throw GzipError.corrupt(source: sourceName, offset: compressedOffset,
                                        reason: "zlib stream needs a preset dictionary, which deadletter never uses")
            case Z_MEM_ERROR:
                throw GzipError.zlibUnavailable(code: code)
            default:
                let message = stream.pointee.msg.map { String(cString: $0) } ?? "zlib error \(code)"
                throw GzipError.corrupt(source: sourceName, offset: compressedOffset, reason: message)
            }
        }
    }
}

extension GzipReader {
    /// Decompresses a whole buffer in memory.
    public static func decompress(_ bytes: [UInt8], sourceName: String? = nil) throws -> [UInt8] {
        let reader = try GzipReader(sourceName: sourceName)
        var result: [UInt8] = []
        try reader.feed(bytes) { result.append(contentsOf: $0) }
        try reader.finish()
        return result
    }
}
