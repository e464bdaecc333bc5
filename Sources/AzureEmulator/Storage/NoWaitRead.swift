#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Reads that never wait for the disk: Linux's `preadv2(2)` with `RWF_NOWAIT` returns the bytes when the page cache
/// holds them and fails with `EAGAIN` when it would have to read the disk. The emulator reads small blobs on its
/// event loops (cheaper than two thread switches to the blocking pool), but a blob that is not cached would then hold
/// up every connection of that loop for the length of a disk read: with a cold cache the export bench's first client
/// got 30% of the throughput the second got. With this, only cached bytes are read on the loop.
///
/// Glibc's Swift overlay does not declare `preadv2`, so it is looked up once at run time; where it is missing (not
/// Linux, or an old C library) `isAvailable` is false and every read goes to the blocking pool.
enum NoWaitRead {
    private typealias PReadV2 = @convention(c) (Int32, UnsafePointer<iovec>?, Int32, off_t, Int32) -> Int

    /// `RWF_NOWAIT` from <linux/fs.h>.
    private static let noWaitFlag: Int32 = 0x08

    // A C function pointer found once and never changed: safe to share between threads.
    nonisolated(unsafe) private static let preadv2: PReadV2? = {
        #if os(Linux)
        guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "preadv2") else { return nil }  // RTLD_DEFAULT
        return unsafeBitCast(symbol, to: PReadV2.self)
        #else
        return nil
        #endif
    }()

    static var isAvailable: Bool { preadv2 != nil }

    /// All `count` bytes of `descriptor` at `offset` if the page cache holds them; nil when reading them would wait
    /// for the disk, when fewer are there (end of file), on any error, or when `preadv2` is not available.
    static func read(_ descriptor: Int32, offset: Int64, count: Int) -> [UInt8]? {
        guard let preadv2, count > 0 else { return nil }
        var complete = false
        let bytes = [UInt8](unsafeUninitializedCapacity: count) { buffer, initialized in
            var vector = iovec(iov_base: UnsafeMutableRawPointer(buffer.baseAddress), iov_len: count)
            let read = preadv2(descriptor, &vector, 1, off_t(offset), noWaitFlag)
            complete = read == count
            initialized = complete ? count : 0
        }
        return complete ? bytes : nil
    }
}
