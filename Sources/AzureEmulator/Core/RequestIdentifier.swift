import Foundation

/// `x-ms-request-id` values: random version-4 UUIDs in lower case, as Azure sends them.
enum RequestIdentifier {
    /// Foundation's `UUID()` opens, reads and closes /dev/urandom for every id on Linux (2.4% of the emulator's CPU
    /// in the export benchmark); the system generator is one `getrandom` call.
    static func make() -> String {
        var generator = SystemRandomNumberGenerator()
        var uuid: uuid_t = (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
        withUnsafeMutableBytes(of: &uuid) { bytes in
            bytes.storeBytes(of: generator.next() as UInt64, toByteOffset: 0, as: UInt64.self)
            bytes.storeBytes(of: generator.next() as UInt64, toByteOffset: 8, as: UInt64.self)
            bytes[6] = (bytes[6] & 0x0F) | 0x40  // version 4
            bytes[8] = (bytes[8] & 0x3F) | 0x80  // RFC 4122 variant
        }
        return UUID(uuid: uuid).uuidString.lowercased()
    }
}
