import CFuzzerDriver
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// libFuzzer's `LLVMFuzzerTestOneInput` shape.
public typealias FuzzTestOneInput = @convention(c) (UnsafePointer<UInt8>?, Int) -> CInt

/// Runs libFuzzer on `testOneInput` with the process's command line (corpus directories, `-max_total_time=…`, or
/// input files to replay) and exits with libFuzzer's status. Called from each fuzzer's `main.swift`.
public func runFuzzer(_ testOneInput: FuzzTestOneInput) -> Never {
    exit(deadletter_fuzzer_run(CommandLine.argc, CommandLine.unsafeArgv, testOneInput))
}
