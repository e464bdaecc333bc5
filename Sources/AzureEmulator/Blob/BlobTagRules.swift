import AzureCore

/// Azure's limits on blob index tags: at most 10, keys 1–128 and values 0–256 characters of letters, digits,
/// space and `+ - . / : = _`.
enum BlobTagRules {
    static let maximumCount = 10

    static func validate(_ tags: [BlobKeyValue]) throws {
        guard tags.count <= maximumCount else { throw BlobServiceError.invalidTag("It contains more than \(maximumCount) tags.") }
        var seen = Set<String>()
        for tag in tags {
            guard (1...128).contains(tag.name.count) else { throw BlobServiceError.invalidTag("The key '\(tag.name)' is not 1 to 128 characters long.") }
            guard tag.value.count <= 256 else { throw BlobServiceError.invalidTag("The value of '\(tag.name)' is longer than 256 characters.") }
            guard isAllowed(tag.name), isAllowed(tag.value) else {
                throw BlobServiceError.invalidTag("'\(tag.name)' has characters outside letters, digits, space and + - . / : = _.")
            }
            guard seen.insert(tag.name).inserted else { throw BlobServiceError.invalidTag("The key '\(tag.name)' appears twice.") }
        }
    }

    private static func isAllowed(_ text: String) -> Bool {
        text.unicodeScalars.allSatisfy { s in
            (s >= "a" && s <= "z") || (s >= "A" && s <= "Z") || (s >= "0" && s <= "9") || " +-./:=_".unicodeScalars.contains(s)
        }
    }

    /// `x-ms-tags: k1=v1&k2=v2` (URL-encoded) on Put Blob and Copy Blob.
    static func parseHeader(_ value: String) -> [BlobKeyValue] {
        PercentEncoding.decodeQuery(value).map { BlobKeyValue(name: $0.name, value: $0.value) }
    }
}
