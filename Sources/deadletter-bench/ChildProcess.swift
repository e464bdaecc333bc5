import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// What one finished child process cost.
///
/// Peak RSS comes from GNU time (`/usr/bin/time -f %M`) when it is installed: Linux carries the RSS high-water mark
/// of the process that called exec into the new program (`exec_mmap` keeps `signal->maxrss`), so a child spawned
/// straight from this bench would report at least the bench's own RSS. GNU time forks from its own tiny image first.
/// Without it, `wait4`'s `ru_maxrss` is used and marked as an upper bound.
struct ChildProcessResult: Sendable {
    var command: String
    var exitStatus: Int32
    var wallSeconds: Double
    var userSeconds: Double
    var systemSeconds: Double
    var peakRSSBytes: Int
    var stdoutPath: String
    var stderrPath: String
    /// False when the numbers come from `wait4` of a child spawned by the bench (RSS is then an upper bound).
    var measuredByGNUTime: Bool

    var succeeded: Bool { exitStatus == 0 }

    /// The first lines of the child's stderr, for error messages.
    func stderrExcerpt(maxLines: Int = 12) -> String {
        guard let text = try? String(contentsOfFile: stderrPath, encoding: .utf8) else { return "" }
        return text.split(separator: "\n", omittingEmptySubsequences: false).suffix(maxLines).joined(separator: "\n")
    }
}

enum ChildProcessError: Error, CustomStringConvertible {
    case spawnFailed(command: String, errno: Int32)
    case failed(ChildProcessResult)

    var description: String {
        switch self {
        case .spawnFailed(let command, let code):
            return "could not start '\(command)': \(String(cString: strerror(code)))"
        case .failed(let result):
            return "'\(result.command)' exited with status \(result.exitStatus); stderr (\(result.stderrPath)) ends with:\n\(result.stderrExcerpt())"
        }
    }
}

/// A child process started with `posix_spawnp`, stdout and stderr going to files. Foundation's `Process` reaps
/// children on its own thread and loses their `rusage`, hence this.
struct ChildProcess: Sendable {
    let executable: String
    let arguments: [String]
    /// Added to (or replacing entries of) the bench's own environment.
    var environment: [String: String] = [:]
    var stdoutPath = "/dev/null"
    var stderrPath = "/dev/null"
    /// Measure through GNU time. Off for long-running servers stopped with a signal (GNU time would die of it and
    /// leave the server running).
    var measured = true

    static let gnuTime = "/usr/bin/time"
    static var hasGNUTime: Bool { FileManager.default.isExecutableFile(atPath: gnuTime) }

    var commandLine: String { ([executable] + arguments).joined(separator: " ") }

    func start() throws -> RunningChild {
        let timeReport = measured && Self.hasGNUTime ? stderrPath + ".rusage" : nil
        var program = [executable] + arguments
        if let timeReport {
            try? FileManager.default.removeItem(atPath: timeReport)
            program = [Self.gnuTime, "-f", "%M %U %S", "-o", timeReport] + program
        }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, stdoutPath, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        posix_spawn_file_actions_addopen(&actions, 2, stderrPath, O_WRONLY | O_CREAT | O_TRUNC, 0o644)

        var merged = ProcessInfo.processInfo.environment
        for (name, value) in environment { merged[name] = value }
        let argv = program.map { strdup($0) } + [nil]
        let envp = merged.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer {
            argv.forEach { free($0) }
            envp.forEach { free($0) }
        }
        var pid: pid_t = 0
        let started = ContinuousClock.now
        let status = posix_spawnp(&pid, program[0], &actions, nil, argv, envp)
        guard status == 0 else { throw ChildProcessError.spawnFailed(command: commandLine, errno: status) }
        return RunningChild(pid: pid, started: started, command: commandLine, stdoutPath: stdoutPath, stderrPath: stderrPath,
                            timeReport: timeReport)
    }

    /// Starts, waits, and throws if the exit status is not 0.
    @discardableResult
    func run() throws -> ChildProcessResult {
        let result = try start().wait()
        guard result.succeeded else { throw ChildProcessError.failed(result) }
        return result
    }

    /// Runs `count` times and keeps the fastest run (its RSS and CPU too).
    func runBest(of count: Int) throws -> ChildProcessResult {
        var best = try run()
        for _ in 1..<max(1, count) {
            let next = try run()
            if next.wallSeconds < best.wallSeconds { best = next }
        }
        return best
    }
}

/// A started child; `wait` reaps it exactly once.
struct RunningChild: Sendable {
    let pid: pid_t
    let started: ContinuousClock.Instant
    let command: String
    let stdoutPath: String
    let stderrPath: String
    /// GNU time's `-o` file (`maxrss-KiB user-s system-s` on the last line), when measured through it.
    let timeReport: String?

    /// Blocks until the child ends and returns its cost.
    func wait() -> ChildProcessResult {
        var status: Int32 = 0
        var usage = rusage()
        while wait4(pid, &status, 0, &usage) < 0 && errno == EINTR {}
        let wall = ContinuousClock.now - started
        var result = ChildProcessResult(command: command, exitStatus: Self.exitCode(status), wallSeconds: wall.seconds,
                                        userSeconds: usage.ru_utime.seconds, systemSeconds: usage.ru_stime.seconds,
                                        peakRSSBytes: Int(usage.ru_maxrss) * 1024, stdoutPath: stdoutPath, stderrPath: stderrPath,
                                        measuredByGNUTime: false)
        if let timeReport, let text = try? String(contentsOfFile: timeReport, encoding: .utf8),
           let last = text.split(separator: "\n").last {
            let fields = last.split(separator: " ").compactMap { Double($0) }
            if fields.count == 3 {
                result.peakRSSBytes = Int(fields[0]) * 1024
                result.userSeconds = fields[1]
                result.systemSeconds = fields[2]
                result.measuredByGNUTime = true
            }
        }
        return result
    }

    /// Whether the child is still running, without reaping it: a zombie (state `Z` in /proc) has exited.
    var isRunning: Bool {
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
              let close = stat.lastIndex(of: ")") else { return false }
        let state = stat[stat.index(after: close)...].trimmingCharacters(in: .whitespaces).first
        return state != "Z" && state != "X"
    }

    /// CPU time (user + system) the running child has used so far, from /proc/<pid>/stat; nil once it is gone.
    var cpuSecondsSoFar: Double? {
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
              let close = stat.lastIndex(of: ")") else { return nil }
        // After "pid (comm)": state is field 3, utime field 14, stime field 15.
        let fields = stat[stat.index(after: close)...].split(separator: " ")
        guard fields.count > 12, let user = Double(fields[11]), let system = Double(fields[12]) else { return nil }
        return (user + system) / Double(sysconf(Int32(_SC_CLK_TCK)))
    }

    func signal(_ signal: Int32) {
        kill(pid, signal)
    }

    /// `WEXITSTATUS`, or 128 + the signal number as shells report it.
    private static func exitCode(_ status: Int32) -> Int32 {
        let signal = status & 0x7f
        return signal == 0 ? (status >> 8) & 0xff : 128 + signal
    }
}

extension Duration {
    var seconds: Double {
        let parts = components
        return Double(parts.seconds) + Double(parts.attoseconds) / 1e18
    }
}

extension timeval {
    var seconds: Double { Double(tv_sec) + Double(tv_usec) / 1e6 }
}
