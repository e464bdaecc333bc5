import AzureCore

/// `/<account>[/<container>[/<blob>]]`, path-style as Azurite and the emulator address accounts.
struct BlobRequestTarget: Sendable, Equatable {
    var account: String
    var container: String?
    /// Decoded blob name (`%2F` and `/` are both a slash; `+` is a plus).
    var blob: String?

    /// nil when the path names no account.
    init?(path: String) {
        guard path.hasPrefix("/") else { return nil }
        let trimmed = path.dropFirst()
        let parts = trimmed.split(separator: "/", maxSplits: 2, omittingEmptySubsequences: false)
        guard let first = parts.first, !first.isEmpty else { return nil }
        account = PercentEncoding.decode(String(first))
        container = parts.count > 1 && !parts[1].isEmpty ? PercentEncoding.decode(String(parts[1])) : nil
        if parts.count > 2, !parts[2].isEmpty, container != nil {
            blob = PercentEncoding.decode(String(parts[2]))
        } else {
            blob = nil
        }
    }

    init(account: String, container: String?, blob: String?) {
        self.account = account
        self.container = container
        self.blob = blob
    }
}
