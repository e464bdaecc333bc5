import AzureCore
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Reads inputs once, untimed, before they are measured, so that whichever candidate runs first does not pay for
/// the disk: the benchmarks compare decoders and clients, and the page cache may have dropped a file (or a whole
/// container mirror) since it was generated.
enum PageCacheWarmer {
    /// Reads `file` to its end.
    static func readThrough(file: String) throws {
        guard let handle = FileHandle(forReadingAtPath: file) else { throw CocoaError(.fileReadNoSuchFile) }
        defer { try? handle.close() }
        while let chunk = try handle.read(upToCount: 1 << 22), !chunk.isEmpty {}
    }

    /// Reads every regular file under `directory`; returns how many there were. POSIX calls, not FileManager: a
    /// mirror holds up to a million blobs.
    @discardableResult
    static func readThrough(directory: String) -> Int {
        guard let stream = opendir(directory) else { return 0 }
        defer { closedir(stream) }
        var files = 0
        var buffer = [UInt8](repeating: 0, count: 64 * 1024)
        while let entry = readdir(stream) {
            let name = DirectoryEntryName.withBytes(of: entry) { String(decoding: $0, as: UTF8.self) }
            if name == "." || name == ".." { continue }
            let path = directory + "/" + name
            switch Int32(entry.pointee.d_type) {
            case Int32(DT_DIR):
                files += readThrough(directory: path)
            case Int32(DT_REG):
                let descriptor = open(path, O_RDONLY | O_CLOEXEC)
                guard descriptor >= 0 else { continue }
                while buffer.withUnsafeMutableBytes({ read(descriptor, $0.baseAddress, $0.count) }) > 0 {}
                close(descriptor)
                files += 1
            default:
                continue
            }
        }
        return files
    }
}
