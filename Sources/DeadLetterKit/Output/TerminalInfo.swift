#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// What the renderers need to know about the terminal: whether there is one, and how wide it is.
public enum TerminalInfo {
    public static func isTerminal(_ fileDescriptor: Int32) -> Bool {
        isatty(fileDescriptor) == 1
    }

    /// Columns of the terminal on `fileDescriptor`, else `$COLUMNS`, else nil (not a terminal: a pipe or a file).
    public static func columns(of fileDescriptor: Int32) -> Int? {
        var size = winsize()
        if ioctl(fileDescriptor, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 0 {
            return Int(size.ws_col)
        }
        if let text = getenv("COLUMNS"), let value = Int(String(cString: text)), value > 0 {
            return value
        }
        return nil
    }
}
