#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// The name of a `readdir(3)` entry, read in place up to its terminating NUL.
///
/// `dirent.d_name` is declared as a fixed array of 256 bytes, but the kernel packs records by the length of each
/// name. Copying the member (what `withUnsafeBytes(of: entry.pointee.d_name)` does) reads 256 bytes, past the end of
/// a short record; past the end of the directory buffer when the record is its last. That crashed the emulator
/// loading a 10k-blob mirror (a read of the page after the buffer). The walkers of the emulator, of local mirrors and
/// of the benchmarks read names through this instead.
public enum DirectoryEntryName {
    /// Calls `body` with the name's bytes (no NUL), valid only during the call.
    public static func withBytes<Result>(of entry: UnsafeMutablePointer<dirent>,
                                         _ body: (UnsafeRawBufferPointer) throws -> Result) rethrows -> Result {
        let offset = MemoryLayout<dirent>.offset(of: \dirent.d_name)!
        let name = UnsafeRawPointer(entry) + offset
        // memchr stops at the NUL (its wide reads are aligned, so they never reach into another page).
        let capacity = MemoryLayout<dirent>.size - offset
        let end = memchr(name, 0, capacity).map { UnsafeRawPointer($0) } ?? name + capacity
        return try body(UnsafeRawBufferPointer(start: name, count: end - name))
    }
}
