#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// The `stat` facts a mirror needs about one path (symlinks followed).
struct LocalFileStatus: Sendable, Hashable {
    var size: Int64
    var modifiedSeconds: Int
    var modifiedNanoseconds: Int
    var isDirectory: Bool

    /// Follows symlinks; a broken symlink reports the link itself. Nil when neither works (errno is set).
    static func of(path: String) -> LocalFileStatus? {
        var info = stat()
        if stat(path, &info) != 0, lstat(path, &info) != 0 { return nil }
        #if canImport(Darwin)
        let modified = info.st_mtimespec
        #else
        let modified = info.st_mtim
        #endif
        return LocalFileStatus(size: Int64(info.st_size), modifiedSeconds: Int(modified.tv_sec),
                               modifiedNanoseconds: Int(modified.tv_nsec),
                               isDirectory: (info.st_mode & S_IFMT) == S_IFDIR)
    }
}
