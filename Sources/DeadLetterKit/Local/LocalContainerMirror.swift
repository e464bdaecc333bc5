/// A directory that mirrors a container — what `azcopy copy` or `az storage blob download-batch` leave behind: the
/// container folder with each blob path as a file. It answers List Blobs like Azure does (names in UTF-8 byte
/// order, BlobPrefix entries for a delimiter, marker = last name returned, at most 5000 per page) and reads blobs in
/// 64 KiB chunks, so the walker and the rest of the pipeline run on it unchanged.
///
/// Nothing is skipped: hidden files such as `.DS_Store` are blobs like any other (the walker reports them as
/// unrecognized). Empty directories are not shown as prefixes, as Azure has no empty folders.
public struct LocalContainerMirror: Sendable {
    /// The container folder, without a trailing slash.
    public let rootPath: String
    let directories: LocalDirectoryCache

    /// Azure's default and maximum `maxresults`.
    public static let maxPageSize = 5000
    static let chunkSize = 64 * 1024

    /// - Parameters:
    ///   - directory: the container folder.
    ///   - maxCachedDirectories: how many directories' sorted contents are kept between listings.
    public init(directory: String, maxCachedDirectories: Int = 4096) throws(LocalMirrorError) {
        var path = directory
        while path.count > 1, path.hasSuffix("/") { path.removeLast() }
        guard let status = LocalFileStatus.of(path: path) else { throw .rootNotFound(path: path) }
        guard status.isDirectory else { throw .rootNotADirectory(path: path) }
        rootPath = path
        directories = LocalDirectoryCache(rootPath: path, capacity: maxCachedDirectories)
    }

    func filePath(ofBlob name: String) -> String {
        rootPath == "/" ? "/" + name : rootPath + "/" + name
    }
}
