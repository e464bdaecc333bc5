#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Blob names compare by their UTF-8 bytes, as Azure orders listings. Swift's `String` comparison is Unicode-aware
/// (it treats canonically equivalent names as equal and orders by normalized scalars), which would merge `é` and
/// `e\u{301}` and misorder listings, so every index comparison goes through here.
enum ByteOrder {
    /// memcmp-style three-way comparison of a name with a byte key.
    static func compare(_ name: String, _ key: [UInt8]) -> Int {
        if let result = name.utf8.withContiguousStorageIfAvailable({ nameBytes in
            key.withUnsafeBufferPointer { keyBytes in compareBuffers(nameBytes, keyBytes) }
        }) {
            return result
        }
        let bytes = Array(name.utf8)
        return bytes.withUnsafeBufferPointer { nameBytes in key.withUnsafeBufferPointer { compareBuffers(nameBytes, $0) } }
    }

    static func compare(_ a: String, _ b: String) -> Int {
        compare(a, Array(b.utf8))
    }

    static func equal(_ a: String, _ b: String) -> Bool {
        a.utf8.count == b.utf8.count && a.utf8.elementsEqual(b.utf8)
    }

    static func hasPrefix(_ name: String, _ prefix: [UInt8]) -> Bool {
        name.utf8.count >= prefix.count && name.utf8.starts(with: prefix)
    }

    private static func compareBuffers(_ a: UnsafeBufferPointer<UInt8>, _ b: UnsafeBufferPointer<UInt8>) -> Int {
        let common = min(a.count, b.count)
        if common > 0, let pa = a.baseAddress, let pb = b.baseAddress {
            let result = memcmp(pa, pb, common)
            if result != 0 { return Int(result) }
        }
        return a.count - b.count
    }

    /// The smallest byte string greater than every string that starts with `prefix`. UTF-8 never contains 0xFF, so
    /// raising the last byte is always possible for a name prefix.
    static func successor(ofPrefix prefix: [UInt8]) -> [UInt8]? {
        var bytes = prefix
        while let last = bytes.last {
            if last < 0xFF {
                bytes[bytes.count - 1] = last + 1
                return bytes
            }
            bytes.removeLast()
        }
        return nil
    }
}
