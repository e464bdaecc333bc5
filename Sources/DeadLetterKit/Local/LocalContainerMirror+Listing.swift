#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

extension LocalContainerMirror: BlobLister {
    public func listPage(prefix: String, delimiter: String?, marker: String?, maxResults: Int?) async throws -> ListBlobsPage {
        let limit = try Self.pageLimit(maxResults)
        guard let scope = LocalListingScope(prefix: prefix) else { return ListBlobsPage() }
        let marker = marker?.isEmpty == true ? nil : marker
        let (entries, hasMore) = delimiter == "/"
            ? try await listOneDirectory(scope, marker: marker, limit: limit)
            : try await listSubtree(scope, delimiter: delimiter?.isEmpty == true ? nil : delimiter, marker: marker, limit: limit)
        var page = ListBlobsPage()
        for entry in entries {
            switch entry {
            case .blob(let name): page.blobs.append(try blobItem(named: name))
            case .prefix(let name): page.blobPrefixes.append(name)
            }
        }
        if hasMore, let last = entries.last { page.nextMarker = last.name }
        return page
    }

    /// nil → 5000; more than 5000 → 5000 (as Azure does); 0 or less → error (Azure answers 400).
    static func pageLimit(_ maxResults: Int?) throws(LocalMirrorError) -> Int {
        guard let maxResults else { return maxPageSize }
        guard maxResults >= 1 else { throw .invalidMaxResults(maxResults) }
        return min(maxResults, maxPageSize)
    }

    private func blobItem(named name: String) throws(LocalMirrorError) -> BlobItem {
        let path = filePath(ofBlob: name)
        guard let status = LocalFileStatus.of(path: path) else { throw .blobUnreadable(name: name, path: path, errno: errno) }
        return BlobItem(name: name, properties: LocalBlobProperties.properties(for: status, name: name))
    }

    /// Delimiter `/`: one directory read (cached), files as blobs and sub-directories as prefixes, starting after the
    /// marker by binary search. This is what makes a level-by-level walk cheap on a large tree.
    private func listOneDirectory(_ scope: LocalListingScope, marker: String?,
                                  limit: Int) async throws -> ([LocalListedEntry], Bool) {
        let entries = try await directories.entries(of: scope.directory)
        var index = 0
        if let marker {
            var high = entries.count
            while index < high {
                let middle = (index + high) / 2
                if BlobNameOrdering.precedesOrEquals(scope.base + entries[middle].key, marker) { index = middle + 1 } else { high = middle }
            }
        }
        var listed: [LocalListedEntry] = []
        while index < entries.count {
            let entry = entries[index]
            index += 1
            guard entry.key.utf8.starts(with: scope.partial.utf8) else { continue }
            if entry.isDirectory {
                let directory = LocalDirectoryCache.join(scope.directory, entry.name)
                guard try await directories.holdsFiles(directory) else { continue }
            }
            if listed.count == limit { return (listed, true) }
            listed.append(entry.isDirectory ? .prefix(scope.base + entry.key) : .blob(scope.base + entry.key))
        }
        return (listed, false)
    }

    /// No delimiter (or one other than `/`): a depth-first walk over sorted directories, which yields names in byte
    /// order, skipping whole sub-trees that sort before the marker. With a delimiter, names are folded into prefixes.
    private func listSubtree(_ scope: LocalListingScope, delimiter: String?, marker: String?,
                             limit: Int) async throws -> ([LocalListedEntry], Bool) {
        var listed: [LocalListedEntry] = []
        var stack = [LocalSubtreeFrame(directory: scope.directory, base: scope.base,
                                       entries: try await directories.entries(of: scope.directory), index: 0,
                                       partial: scope.partial)]
        while var frame = stack.popLast() {
            guard frame.index < frame.entries.count else { continue }
            let entry = frame.entries[frame.index]
            frame.index += 1
            stack.append(frame)
            guard entry.key.utf8.starts(with: frame.partial.utf8) else { continue }
            let name = frame.base + entry.key
            if entry.isDirectory {
                // Every name below starts with `name`; if the marker sorts after `name` without starting with it,
                // it sorts after all of them.
                if let marker, BlobNameOrdering.precedes(name, marker), !marker.utf8.starts(with: name.utf8) { continue }
                let directory = LocalDirectoryCache.join(frame.directory, entry.name)
                stack.append(LocalSubtreeFrame(directory: directory, base: name,
                                               entries: try await directories.entries(of: directory), index: 0, partial: ""))
                continue
            }
            let listedEntry = Self.folded(name, prefix: scope.prefix, delimiter: delimiter)
            if let marker, BlobNameOrdering.precedesOrEquals(listedEntry.name, marker) { continue }
            if listed.last == listedEntry { continue }
            if listed.count == limit { return (listed, true) }
            listed.append(listedEntry)
        }
        return (listed, false)
    }

    /// A name as a delimiter listing shows it: the blob, or the prefix up to and including the first delimiter
    /// after the listing prefix.
    static func folded(_ name: String, prefix: String, delimiter: String?) -> LocalListedEntry {
        guard let delimiter else { return .blob(name) }
        let bytes = Array(name.utf8)
        let needle = Array(delimiter.utf8)
        var start = prefix.utf8.count
        while start + needle.count <= bytes.count {
            if bytes[start..<start + needle.count].elementsEqual(needle) {
                return .prefix(String(decoding: bytes[..<(start + needle.count)], as: UTF8.self))
            }
            start += 1
        }
        return .blob(name)
    }
}
