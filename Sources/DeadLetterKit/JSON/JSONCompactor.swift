/// Removes whitespace outside strings and changes nothing else: member order, number text and string escapes
/// stay byte-for-byte, so a compacted event is still the event Azure wrote. Export writes one event per line with it.
public enum JSONCompactor {
    /// The compact form of one JSON value (expected to be valid; invalid input is compacted as far as it goes).
    public static func compact(_ bytes: [UInt8]) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        bytes.withUnsafeBufferPointer { append(compacting: $0, to: &out) }
        return out
    }

    public static func compact(_ bytes: ArraySlice<UInt8>) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        bytes.withUnsafeBufferPointer { append(compacting: $0, to: &out) }
        return out
    }

    /// Appends the compact form of `input` to `out` (no intermediate buffer).
    public static func append(compacting input: UnsafeBufferPointer<UInt8>, to out: inout [UInt8]) {
        guard let base = input.baseAddress else { return }
        let end = input.count
        var i = 0
        var runStart = 0
        while i < end {
            let byte = base[i]
            if byte == JSONBytes.quote {
                guard let after = JSONSkipping.stringEnd(base, contentStart: i + 1, end: end)?.end else { break }
                i = after
            } else if byte <= JSONBytes.space && JSONBytes.isWhitespace(byte) {
                out.append(contentsOf: UnsafeBufferPointer(start: base + runStart, count: i - runStart))
                i = JSONBytes.skipWhitespace(base, from: i + 1, to: end)
                runStart = i
            } else {
                i += 1
            }
        }
        out.append(contentsOf: UnsafeBufferPointer(start: base + runStart, count: end - runStart))
    }

    /// Whether `input` has no whitespace outside strings (compacting it would change nothing).
    public static func isCompact(_ input: [UInt8]) -> Bool {
        input.withUnsafeBufferPointer { buffer in
            guard let base = buffer.baseAddress else { return true }
            var i = 0
            while i < buffer.count {
                let byte = base[i]
                if byte == JSONBytes.quote {
                    guard let after = JSONSkipping.stringEnd(base, contentStart: i + 1, end: buffer.count)?.end else { return true }
                    i = after
                } else if JSONBytes.isWhitespace(byte) {
                    return false
                } else {
                    i += 1
                }
            }
            return true
        }
    }
}
