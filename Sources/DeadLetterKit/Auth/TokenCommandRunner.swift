import Foundation

/// Runs a token command (`/bin/sh -c <command>`) with a time limit and returns its exit status and output.
enum TokenCommandRunner {
    struct Output: Sendable {
        var status: Int32
        var stdout: Data
        var stderr: Data
    }

    static func run(_ command: String, timeout: Duration, program: String) async throws -> Output {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", command]
        let stdout = Pipe(), stderr = Pipe()
        process.standardOutput = stdout
        process.standardError = stderr
        process.standardInput = FileHandle.nullDevice
        return try await withCheckedThrowingContinuation { continuation in
            let completion = CommandCompletion(continuation)
            process.terminationHandler = { finished in completion.exited(status: finished.terminationStatus) }
            do {
                try process.run()
            } catch {
                completion.fail(CredentialError.tokenCommandNotStarted(program: program, reason: "\(error)"))
                return
            }
            // Both pipes are drained while the command runs, so a chatty command cannot block on a full pipe.
            DispatchQueue.global().async { completion.read(stdout: stdout.fileHandleForReading.readDataToEndOfFile()) }
            DispatchQueue.global().async { completion.read(stderr: stderr.fileHandleForReading.readDataToEndOfFile()) }
            let seconds = Int(timeout.components.seconds)
            DispatchQueue.global().asyncAfter(deadline: .now() + .milliseconds(Int(timeout.retrySeconds * 1000))) {
                // On timeout the caller is answered at once; output still held open by grandchildren is abandoned.
                if completion.fail(CredentialError.tokenCommandTimedOut(program: program, seconds: seconds)) {
                    process.terminate()
                }
            }
        }
    }
}

/// Collects the three things a finished command delivers (exit, stdout, stderr) from different threads and
/// resumes the waiting task exactly once. The lock guards every stored property, hence `@unchecked Sendable`.
private final class CommandCompletion: @unchecked Sendable {
    private let lock = NSLock()
    private var continuation: CheckedContinuation<TokenCommandRunner.Output, any Error>?
    private var output = TokenCommandRunner.Output(status: 0, stdout: Data(), stderr: Data())
    private var partsMissing = 3

    init(_ continuation: CheckedContinuation<TokenCommandRunner.Output, any Error>) {
        self.continuation = continuation
    }

    func exited(status: Int32) { complete { $0.status = status } }
    func read(stdout: Data) { complete { $0.stdout = stdout } }
    func read(stderr: Data) { complete { $0.stderr = stderr } }

    /// Fails the wait if nobody has answered it yet; returns whether this call did.
    @discardableResult
    func fail(_ error: any Error) -> Bool {
        lock.lock()
        let waiting = continuation
        continuation = nil
        lock.unlock()
        waiting?.resume(throwing: error)
        return waiting != nil
    }

    private func complete(_ update: (inout TokenCommandRunner.Output) -> Void) {
        lock.lock()
        update(&output)
        partsMissing -= 1
        let ready = partsMissing == 0 ? continuation : nil
        if ready != nil { continuation = nil }
        let result = output
        lock.unlock()
        ready?.resume(returning: result)
    }
}
