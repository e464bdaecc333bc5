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
        var problems = BlobProblems()
        var gzip: GzipReader?
        var first = true
        do {
            var file = try FileChunks(path: path)
            while let chunk = try file.next() {
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
                try await Self.handOn(batch, to: consume, tally: &tally)
            }
            try gzip?.finish()
            var batch: [DeadLetter] = []
            try decoder.finish { item in
                if let deadLetter = classifier.take(item, into: &tally, problems: &problems) { batch.append(deadLetter) }
            }
            try await Self.handOn(batch, to: consume, tally: &tally)
            tally.blobsRead = 1
        } catch is ScanStopped {
            tally.blobsRead = 1
        } catch let error as DeadLetterDecodingError {
            problems.record(error.description)
        } catch let error as GzipError {
            problems.record(error.description)
        }
        let failed = problems.isEmpty ? [] : [RunSummary.FailedBlob(name: name, reason: problems.reason())]
        return RunSummary(blobsListed: tally.blobsListed, blobsRead: tally.blobsRead, eventsRead: tally.eventsRead,
                          matched: tally.matched, skipped: tally.skipped, failedBlobs: failed)
    }

    /// Hands a chunk's dead letters on; when the consumer stops, the rest of the chunk is withheld from `matched`.
    private static func handOn(_ batch: [DeadLetter], to consume: (DeadLetter) async throws -> ScanControl,
                               tally: inout ScanTally) async throws {
        for (position, deadLetter) in batch.enumerated() where try await consume(deadLetter) == .stop {
            tally.withhold(batch.count - position - 1)
            throw ScanStopped()
        }
    }
}
