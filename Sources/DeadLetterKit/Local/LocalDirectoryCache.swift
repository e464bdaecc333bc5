import AzureCore
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// One entry of a mirrored directory, keyed the way a delimiter listing shows it: `name` for a file, `name/` for a
/// folder. Sorting by the key's bytes puts a folder's whole subtree exactly where its names sort among its siblings.
struct LocalDirectoryEntry: Sendable, Hashable {
    var name: String
    var isDirectory: Bool
    var key: String { isDirectory ? name + "/" : name }
}

/// Sorted directory contents, read once per directory and shared by concurrent listings, so a walk reads each
/// directory of the tree once instead of scanning the tree on every request. Bounded: the oldest directories are
/// dropped beyond `capacity`.
actor LocalDirectoryCache {
    private struct CachedDirectory {
        var entries: [LocalDirectoryEntry]
        /// Whether some file lies below (Azure shows a folder prefix only when a blob is under it); nil until asked.
        var holdsFiles: Bool?
    }

    private let rootPath: String
    private let capacity: Int
    private var directories: [String: CachedDirectory] = [:]
    private var insertionOrder: [String] = []
    private var evictionCursor = 0

    init(rootPath: String, capacity: Int) {
        self.rootPath = rootPath
        self.capacity = max(1, capacity)
    }

    /// Entries of a directory relative to the mirror root (`""`, `ep1/2024`), sorted by key bytes; empty when the
    /// directory does not exist (Azure answers an unknown prefix with an empty list).
    func entries(of relativeDirectory: String) throws(LocalMirrorError) -> [LocalDirectoryEntry] {
        if let cached = directories[relativeDirectory] { return cached.entries }
        let entries = try Self.read(absolutePath(relativeDirectory))
        store(relativeDirectory, CachedDirectory(entries: entries, holdsFiles: nil))
        return entries
    }

    /// Whether any file lies below the directory, at any depth.
    func holdsFiles(_ relativeDirectory: String) throws(LocalMirrorError) -> Bool {
        if let known = directories[relativeDirectory]?.holdsFiles { return known }
        var answer = false
        for entry in try entries(of: relativeDirectory) {
            if !entry.isDirectory {
                answer = true
                break
            }
            if try holdsFiles(Self.join(relativeDirectory, entry.name)) {
                answer = true
                break
            }
        }
        directories[relativeDirectory]?.holdsFiles = answer
        return answer
    }

    static func join(_ directory: String, _ name: String) -> String {
        directory.isEmpty ? name : directory + "/" + name
    }

    private func absolutePath(_ relativeDirectory: String) -> String {
        relativeDirectory.isEmpty ? rootPath : rootPath + "/" + relativeDirectory
    }

    private func store(_ key: String, _ directory: CachedDirectory) {
        directories[key] = directory
        insertionOrder.append(key)
        while directories.count > capacity, evictionCursor < insertionOrder.count {
            directories[insertionOrder[evictionCursor]] = nil
            evictionCursor += 1
        }
        if evictionCursor > capacity {
            insertionOrder.removeFirst(evictionCursor)
            evictionCursor = 0
        }
    }

    /// Reads one directory with readdir (its d_type spares a stat per file); symlinks and unknown types are stat'ed.
    private static func read(_ path: String) throws(LocalMirrorError) -> [LocalDirectoryEntry] {
        guard let stream = opendir(path) else {
            let code = errno
            if code == ENOENT || code == ENOTDIR { return [] }
            throw .directoryUnreadable(path: path, errno: code)
        }
        defer { closedir(stream) }
        var entries: [LocalDirectoryEntry] = []
        while true {
            errno = 0
            guard let record = readdir(stream) else {
                if errno != 0 { throw .directoryUnreadable(path: path, errno: errno) }
                break
            }
            let name: String? = DirectoryEntryName.withBytes(of: record) { bytes in
                let decoded = String(decoding: bytes, as: UTF8.self)
                // Decoding replaces invalid sequences with U+FFFD; a changed byte sequence means the name was not UTF-8.
                return decoded.utf8.elementsEqual(bytes) ? decoded : nil
            }
            guard let name else { throw .fileNameNotUTF8(directory: path) }
            if name == "." || name == ".." { continue }
            let isDirectory: Bool
            switch Int32(record.pointee.d_type) {
            case Int32(DT_DIR): isDirectory = true
            case Int32(DT_REG): isDirectory = false
            default: isDirectory = LocalFileStatus.of(path: path + "/" + name)?.isDirectory ?? false
            }
            entries.append(LocalDirectoryEntry(name: name, isDirectory: isDirectory))
        }
        return entries.sorted { BlobNameOrdering.precedes($0.key, $1.key) }
    }
}
