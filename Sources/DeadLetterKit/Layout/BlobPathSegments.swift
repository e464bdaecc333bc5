/// `/`-splitting of blob names on UTF-8 bytes. Splitting on `Character`s would miss a `/` followed by a combining
/// mark (Swift merges the two into one grapheme), and blob names may hold any Unicode.
enum BlobPathSegments {
    static let slash = UInt8(ascii: "/")

    static func split(_ name: String) -> [String] {
        name.utf8.split(separator: slash, omittingEmptySubsequences: false).map { String(decoding: $0, as: UTF8.self) }
    }

    static func lastSegment(_ name: String) -> String {
        guard let slashIndex = name.utf8.lastIndex(of: slash) else { return name }
        return String(decoding: name.utf8[name.utf8.index(after: slashIndex)...], as: UTF8.self)
    }

    /// The child folder name in a BlobPrefix entry: `ep1/2024/` under `ep1/` is `2024`. Nil when the entry is not
    /// below `parent` or is not a folder (a lister that breaks the contract).
    static func childFolderName(_ blobPrefix: String, under parent: String) -> String? {
        let bytes = blobPrefix.utf8
        guard bytes.count > parent.utf8.count + 1, bytes.starts(with: parent.utf8), bytes.last == slash else { return nil }
        return String(decoding: bytes.dropFirst(parent.utf8.count).dropLast(), as: UTF8.self)
    }
}
