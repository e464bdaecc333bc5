import Foundation

extension DeadLetterScanner {
    /// Reads a JSONL export (records or bare events, gzip detected from the first bytes) as a source.
    func scanExport(path: String, progress: ProgressReporter?,
                    consume: (DeadLetter) async throws -> ScanControl) async throws -> RunSummary {
        let classifier = EventClassifier(filter: options.filter)
        let name = path == "-" ? "standard input" : path
        var decoder = DeadLetterDecoder(origin: DeadLetterOrigin(source: name, blobName: name), input: .exportLines,
                                        options: options.decoding)
        var tally = ScanTally(blobsListed: 1)
        var problems: [String] = []
        var gzip: GzipReader?
        var first = true
        do {
            for try await chunk in FileChunks(path: path) {
                if first {
                    first = false
                    if GzipReader.isGzip(prefix: chunk) { gzip = try GzipReader(sourceName: name) }
                }
                var batch: [DeadLetter] = []
                let collect: (DeadLetterDecoder.Item) -> Void = { item in
                    if let deadLetter = classifier.take(item, into: &tally, problems: &problems) { batch.append(deadLetter) }
                }
                if let gzip {
                    try gzip.feed(chunk) { plain in try decoder.feed(plain, collect) }
                } else {
                    try decoder.feed(chunk, collect)
                }
                await progress?.blobRead(events: batch.count, matched: batch.count)
                for deadLetter in batch where try await consume(deadLetter) == .stop { throw ScanStopped() }
            }
            try gzip?.finish()
            var batch: [DeadLetter] = []
            try decoder.finish { item in
                if let deadLetter = classifier.take(item, into: &tally, problems: &problems) { batch.append(deadLetter) }
            }
            for deadLetter in batch where try await consume(deadLetter) == .stop { throw ScanStopped() }
            tally.blobsRead = 1
        } catch is ScanStopped {
            tally.blobsRead = 1
        } catch let error as DeadLetterDecodingError {
            problems.append(error.description)
        } catch let error as GzipError {
            problems.append(error.description)
        }
        let failed = problems.isEmpty ? [] : [RunSummary.FailedBlob(name: name, reason: problems.prefix(20).joined(separator: "; ")
            + (problems.count > 20 ? "; … and \(problems.count - 20) more" : ""))]
        return RunSummary(blobsListed: tally.blobsListed, blobsRead: tally.blobsRead, eventsRead: tally.eventsRead,
                          matched: tally.matched, skipped: tally.skipped, failedBlobs: failed)
    }
}
