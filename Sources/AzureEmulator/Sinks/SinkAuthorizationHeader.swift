import Foundation

/// Splits `Authorization: <scheme> <credential>` headers the same way for every sink.
enum SinkAuthorizationHeader {
    /// The credential after `Scheme ` (scheme compared case-insensitively), or nil when the header uses another scheme.
    static func credential(afterScheme scheme: String, in header: String) -> String? {
        let trimmed = header.trimmingCharacters(in: .whitespaces)
        guard trimmed.count > scheme.count + 1, trimmed.prefix(scheme.count).lowercased() == scheme.lowercased(),
              trimmed.dropFirst(scheme.count).first == " " else { return nil }
        return trimmed.dropFirst(scheme.count + 1).trimmingCharacters(in: .whitespaces)
    }
}
