#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Writes to an already open file descriptor (standard output, a pipe), retrying short and interrupted writes.
/// It neither opens nor closes the descriptor.
public struct FileDescriptorOutput: ByteSink, Sendable {
    public let fileDescriptor: Int32
    /// Used in error messages: "standard output", a path.
    public let name: String

    public init(fileDescriptor: Int32, name: String) {
        self.fileDescriptor = fileDescriptor
        self.name = name
    }

    public static var standardOutput: FileDescriptorOutput {
        FileDescriptorOutput(fileDescriptor: STDOUT_FILENO, name: "standard output")
    }

    public static var standardError: FileDescriptorOutput {
        FileDescriptorOutput(fileDescriptor: STDERR_FILENO, name: "standard error")
    }

    public func write(_ bytes: UnsafeRawBufferPointer) throws {
        try Self.writeAll(bytes, to: fileDescriptor, name: name)
    }

    static func writeAll(_ bytes: UnsafeRawBufferPointer, to fd: Int32, name: String) throws {
        guard var next = bytes.baseAddress else { return }
        var remaining = bytes.count
        while remaining > 0 {
            let written = systemWrite(fd, next, remaining)
            if written < 0 {
                let code = errno
                if code == EINTR { continue }
                if code == EAGAIN || code == EWOULDBLOCK {
                    // A non-blocking descriptor (some terminals, a pipe set up by the caller): wait until writable.
                    var request = pollfd(fd: fd, events: Int16(POLLOUT), revents: 0)
                    _ = poll(&request, 1, -1)
                    continue
                }
                if code == EPIPE { throw OutputFileError.brokenPipe(name: name) }
                throw OutputFileError.writeFailed(path: name, errno: code)
            }
            next += written
            remaining -= written
        }
    }
}

/// The C `write`, reachable from types that have a `write` method of their own.
private func systemWrite(_ fd: Int32, _ buffer: UnsafeRawPointer, _ count: Int) -> Int {
    write(fd, buffer, count)
}
