#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Stops the fuzzer on a broken invariant. libFuzzer treats the abort like any crash: it saves the input as
/// `crash-<sha1>` and `tools/fuzz` copies it to `Fixtures/bad/fuzz/<target>/`. The message says which invariant
/// broke, so the saved input plus this line is a complete bug report.
public func fuzzCheck(_ condition: @autoclosure () -> Bool, _ message: @autoclosure () -> String,
                      file: StaticString = #fileID, line: UInt = #line) {
    guard !condition() else { return }
    fuzzFail(message(), file: file, line: line)
}

/// The same, for a point that must not be reached (an error of a type the API promises never to throw).
public func fuzzFail(_ message: @autoclosure () -> String, file: StaticString = #fileID, line: UInt = #line) -> Never {
    var text = "INVARIANT VIOLATED (\(file):\(line)): \(message())\n"
    // Straight to file descriptor 2: the C `stderr` global is not concurrency-safe in Swift 6 mode.
    text.withUTF8 { bytes in _ = write(2, bytes.baseAddress, bytes.count) }
    abort()
}
