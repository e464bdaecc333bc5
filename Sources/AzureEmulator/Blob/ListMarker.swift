import Foundation

/// The opaque `NextMarker`, in the shape Azure's has (Fixtures/listings/paged-1-nextmarker.xml):
/// `2!<length>!<base64 of "<6-digit byte count>!<next name>!000028!9999-12-31T23:59:59.9999999Z!">` with `=` padding
/// written as `-`. It names the first blob of the next page; clients only echo it back.
enum ListMarker {
    private static let versionSuffix = "000028!9999-12-31T23:59:59.9999999Z!"

    static func encode(nextName: String) -> String {
        let count = String(nextName.utf8.count)
        let payload = String(repeating: "0", count: max(0, 6 - count.count)) + count + "!" + nextName + "!" + versionSuffix
        let base64 = Data(payload.utf8).base64EncodedString().replacingOccurrences(of: "=", with: "-")
        return "2!\(base64.utf8.count)!\(base64)"
    }

    /// The name to resume at, or nil when the marker was not made by `encode`.
    static func decode(_ marker: String) -> String? {
        let parts = marker.split(separator: "!", maxSplits: 2, omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0] == "2", let length = Int(parts[1]), parts[2].utf8.count == length,
              let data = Data(base64Encoded: parts[2].replacingOccurrences(of: "-", with: "=")) else { return nil }
        let bytes = Array(data)
        guard bytes.count > 7, bytes[6] == UInt8(ascii: "!"),
              let nameLength = Int(String(decoding: bytes[0..<6], as: UTF8.self)),
              bytes.count >= 7 + nameLength + 1, bytes[7 + nameLength] == UInt8(ascii: "!") else { return nil }
        return String(validating: bytes[7..<(7 + nameLength)], as: UTF8.self)
    }
}
