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

    /// Walks the records of a whole journal file, handing each intact payload to `body` in order.
    static func scan(_ bytes: [UInt8], body: (ArraySlice<UInt8>) throws -> Void) throws -> Scan {
        guard bytes.count >= magic.count, Array(bytes[0..<magic.count]) == magic else {
            // An empty (or torn-before-the-magic) file is a fresh journal; anything else is not ours.
            if magic.starts(with: bytes) { return Scan(validLength: 0, records: 0, discardedBytes: bytes.count) }
            throw ScanFailure.notAJournal
        }
        var offset = magic.count
        var records = 0
        while bytes.count - offset >= headerBytes {
            let length = Int(readUInt32(bytes, at: offset))
            let checksum = readUInt32(bytes, at: offset + 4)
            let start = offset + headerBytes
            guard length <= maxPayloadBytes, bytes.count - start >= length else { break }
            let payload = bytes[start..<(start + length)]
            guard ReplayJournalChecksum.crc32(payload) == checksum else { break }
            try body(payload)
            records += 1
            offset = start + length
        }
        return Scan(validLength: offset, records: records, discardedBytes: bytes.count - offset)
    }

    static func appendUInt32(_ value: UInt32, to out: inout [UInt8]) {
        for shift in stride(from: 0, to: 32, by: 8) { out.append(UInt8(truncatingIfNeeded: value >> UInt32(shift))) }
    }

    static func readUInt32(_ bytes: [UInt8], at offset: Int) -> UInt32 {
        (0..<4).reduce(UInt32(0)) { $0 | UInt32(bytes[offset + $1]) << UInt32(8 * $1) }
    }
}
