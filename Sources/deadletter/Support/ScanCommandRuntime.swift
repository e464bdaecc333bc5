import ArgumentParser
import AsyncHTTPClient
import DeadLetterKit
import Foundation

/// What every scanning command does around its own output: resolve the source, run the shared pipeline with
/// progress on a terminal, print the summary, and turn the outcome into an exit code (2 when some blobs could
/// not be read).
enum ScanCommandRuntime {
    static func run(source: SourceOptions, download: DownloadOptions, filters: FilterOptions, quiet: Bool,
                    consume: (DeadLetter) async throws -> ScanControl) async throws -> RunSummary {
        let filter = try filters.filter()
        let options = try source.scanOptions(filter: filter, concurrency: download.concurrency)
        let configuration = download.clientConfiguration
        let httpClient = BlobClient.makeHTTPClient(configuration)
        do {
            let scanSource = try ScanSource.resolve(source.source, credentials: source.credentialOptions,
                                                    environment: ProcessInfo.processInfo.environment,
                                                    httpClient: httpClient, configuration: configuration)
            let progress = ProgressReporter(quiet: quiet)
            let summary = try await DeadLetterScanner(source: scanSource, options: options).run(progress: progress, consume: consume)
            try await httpClient.shutdown()
            return summary
        } catch {
            try? await httpClient.shutdown()
            throw error
        }
    }

    /// Prints the summary on stderr (unless it went into JSON output) and ends the run with the right code.
    static func finish(_ summary: RunSummary, printSummary: Bool) throws {
        if printSummary { Stderr.write(RunSummaryRenderer.text(summary)) }
        if !summary.allBlobsRead { throw ExitCode(2) }
    }
}

/// Writes to standard error, unbuffered, so messages interleave correctly with progress.
enum Stderr {
    static func write(_ text: String) {
        var bytes = Array(text.utf8)
        bytes.withUnsafeMutableBytes { buffer in
            var offset = 0
            while offset < buffer.count {
                let written = Foundation.write(STDERR_FILENO, buffer.baseAddress! + offset, buffer.count - offset)
                if written <= 0 { return }
                offset += written
            }
        }
    }
}
