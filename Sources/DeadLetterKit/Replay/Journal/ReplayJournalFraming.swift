/// The journal's byte layout: an 8-byte file magic, then records, each `length (UInt32 LE) · crc32 (UInt32 LE) ·
/// payload`. Appends are the only writes, so a crash can only damage the end: a record whose length runs past the
/// end of the file, or whose checksum does not match, is where the valid journal stops.
enum ReplayJournalFraming {
    /// `DLREPJ1` and a newline, so `head -c 8` shows what the file is.
    static let magic: [UInt8] = Array("DLREPJ1\n".utf8)
    static let headerBytes = 8
    /// A record this large can only be garbage: a batch lists at most a few thousand keys.
    static let maxPayloadBytes = 64 << 20

    static func frame(_ payload: [UInt8]) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(headerBytes + payload.count)
        appendUInt32(UInt32(payload.count), to: &out)
        appendUInt32(ReplayJournalChecksum.crc32(payload), to: &out)
        out.append(contentsOf: payload)
        return out
    }

    struct Scan: Sendable, Equatable {
        /// Bytes from the start of the file that hold whole, intact records (the magic included).
        var validLength: Int
        var records: Int
        /// Bytes after `validLength`: a torn or damaged tail, ignored and cut off before appending.
        var discardedBytes: Int
    }

    enum ScanFailure: Error, Equatable {
        /// The file does not start with the journal magic: it is some other file.
        case notAJournal
    }

    /// Walks the records of a journal of `size` bytes, read piece by piece through `read(offset, count)` (which
    /// answers at most `count` bytes, fewer only at the end), handing each intact payload and its offset to `body`
    /// in order. Only one record is in memory at a time.
    static func scan(size: Int, read: (_ offset: Int, _ count: Int) throws -> ArraySlice<UInt8>,
                     body: (_ payload: ArraySlice<UInt8>, _ offset: Int) throws -> Void) throws -> Scan {
        let start = try read(0, magic.count)
        guard start.elementsEqual(magic) else {
            // An empty (or torn-before-the-magic) file is a fresh journal; anything else is not ours.
            if size < magic.count, magic.starts(with: start) { return Scan(validLength: 0, records: 0, discardedBytes: size) }
            throw ScanFailure.notAJournal
        }
        var offset = magic.count
        var records = 0
        while size - offset >= headerBytes {
            let header = try read(offset, headerBytes)
            let length = Int(readUInt32(header, at: header.startIndex))
            let checksum = readUInt32(header, at: header.startIndex + 4)
            let payloadOffset = offset + headerBytes
            guard length <= maxPayloadBytes, size - payloadOffset >= length else { break }
            let payload = try read(payloadOffset, length)
            guard payload.count == length, ReplayJournalChecksum.crc32(payload) == checksum else { break }
            try body(payload, payloadOffset)
            records += 1
            offset = payloadOffset + length
        }
        return Scan(validLength: offset, records: records, discardedBytes: size - offset)
    }

    /// `scan` over a journal held in memory (tests, and small files).
    static func scan(_ bytes: [UInt8], body: (ArraySlice<UInt8>) throws -> Void) throws -> Scan {
        try scan(size: bytes.count, read: { offset, count in bytes[offset..<min(bytes.count, offset + count)] },
                 body: { payload, _ in try body(payload) })
    }

    static func appendUInt32(_ value: UInt32, to out: inout [UInt8]) {
        for shift in stride(from: 0, to: 32, by: 8) { out.append(UInt8(truncatingIfNeeded: value >> UInt32(shift))) }
    }

    static func readUInt32(_ bytes: ArraySlice<UInt8>, at offset: Int) -> UInt32 {
        (0..<4).reduce(UInt32(0)) { $0 | UInt32(bytes[offset + $1]) << UInt32(8 * $1) }
    }
}
