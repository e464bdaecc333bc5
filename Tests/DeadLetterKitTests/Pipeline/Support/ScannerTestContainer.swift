import Foundation
@testable import DeadLetterKit

/// A container held in memory that both lists (with Azure's prefix/delimiter/marker semantics) and reads, for
/// driving `DeadLetterScanner` directly. Reads can be slowed per blob, made to fail, and cut into chunks produced one
/// at a time on demand, so tests can see when the scanner pulls each chunk.
struct ScannerTestContainer: BlobLister, BlobReader {
    struct SimulatedReadFailure: Error, CustomStringConvertible {
        let name: String
        var description: String { "simulated 500 InternalError reading \(name)" }
    }

    /// Name → bytes, kept sorted by name in UTF-8 order as Azure lists.
    let blobs: [(name: String, bytes: [UInt8])]
    /// Per-blob delay before its first chunk, in microseconds.
    var delays: [String: Int] = [:]
    /// Blobs whose read fails before any byte arrives.
    var failingBlobs: Set<String> = []
    /// Blobs whose stream fails after their first chunk.
    var failingMidStream: Set<String> = []
    var chunkSize = 64
    var pageSize = 5000
    let log = ScannerReadLog()

    init(_ blobs: [(name: String, bytes: [UInt8])]) {
        self.blobs = blobs.sorted { $0.name.utf8.lexicographicallyPrecedes($1.name.utf8) }
    }

    init(texts: [(String, String)]) {
        self.init(texts.map { ($0.0, Array($0.1.utf8)) })
    }

    func listPage(prefix: String, delimiter: String?, marker: String?, maxResults: Int?) async throws -> ListBlobsPage {
        var entries: [(name: String, size: Int?)] = []
        for blob in blobs where blob.name.hasPrefix(prefix) {
            var entry: (name: String, size: Int?) = (blob.name, blob.bytes.count)
            if let delimiter, let range = blob.name.dropFirst(prefix.count).range(of: delimiter) {
                entry = (String(blob.name[..<range.upperBound]), nil)
            }
            if entries.last?.name == entry.name { continue }
            if let marker, !marker.utf8.lexicographicallyPrecedes(entry.name.utf8) { continue }
            entries.append(entry)
        }
        let limit = min(maxResults ?? pageSize, pageSize)
        let page = entries.prefix(limit)
        return ListBlobsPage(
            blobs: page.compactMap { entry in entry.size.map { BlobItem(name: entry.name, properties: BlobProperties(contentLength: Int64($0))) } },
            blobPrefixes: page.filter { $0.size == nil }.map(\.name),
            nextMarker: entries.count > limit ? page.last?.name : nil)
    }

    func readBlob(named name: String) async throws -> AsyncThrowingStream<[UInt8], any Error> {
        await log.started(name)
        if let delay = delays[name] { try await Task.sleep(nanoseconds: UInt64(delay) * 1000) }
        if failingBlobs.contains(name) { throw SimulatedReadFailure(name: name) }
        guard let bytes = blobs.first(where: { $0.name == name })?.bytes else { throw SimulatedReadFailure(name: name) }
        let chunks = stride(from: 0, to: bytes.count, by: chunkSize).map { Array(bytes[$0..<min($0 + chunkSize, bytes.count)]) }
        let failsMidStream = failingMidStream.contains(name)
        let log = self.log
        let cursor = ScannerChunkCursor()
        // Produced on demand: a chunk exists only once the scanner asked for it.
        return AsyncThrowingStream(unfolding: {
            let index = await cursor.advance()
            if failsMidStream && index == 1 { throw SimulatedReadFailure(name: name) }
            guard index < chunks.count else { return nil }
            await log.produced(name)
            return chunks[index]
        })
    }
}

actor ScannerChunkCursor {
    private var next = 0
    func advance() -> Int {
        defer { next += 1 }
        return next
    }
}

/// What the reader was asked for: blobs whose read started, and chunks produced per blob.
actor ScannerReadLog {
    private(set) var startedBlobs: [String] = []
    private(set) var producedChunks: [String: Int] = [:]

    func started(_ name: String) { startedBlobs.append(name) }
    func produced(_ name: String) { producedChunks[name, default: 0] += 1 }
    func chunks(of name: String) -> Int { producedChunks[name] ?? 0 }
}

/// Small CloudEvents dead letters for scanner tests.
enum ScannerTestEvents {
    /// One ADT Twin.Update as Event Grid's CloudEvents schema writes it.
    static func event(id: String, twin: String = "room-1", time: String = "2026-01-10T03:10:00Z") -> String {
        #"{"specversion":"1.0","id":"\#(id)","type":"Microsoft.DigitalTwins.Twin.Update","source":"adt.example","#
            + #""subject":"\#(twin)","time":"\#(time)","data":{"modelId":"dtmi:test:Room;1","patch":[]}}"#
    }

    /// An array blob of `count` events with ids `<prefix>#<i>`.
    static func array(_ prefix: String, count: Int) -> String {
        "[" + (0..<count).map { event(id: "\(prefix)#\($0)") }.joined(separator: ",") + "]"
    }

    /// `blobs` blobs spread over hour folders of one endpoint, each holding 1…3 events.
    static func container(blobs: Int, endpoint: String = "ep-1") -> [(String, String)] {
        (0..<blobs).map { index in
            let name = "\(endpoint)/2026/1/10/\(index % 12)/blob-\(String(index + 1000)).json"
            let count = 1 + index % 3
            return (name, count == 1 ? event(id: name) : array(name, count: count))
        }
    }
}

extension DeadLetterScanner {
    /// Runs the scan and collects what it passed on, with `control` deciding after each dead letter.
    func collect(control: @escaping (Int) -> ScanControl = { _ in .continue }) async throws -> (deadLetters: [DeadLetter], summary: RunSummary) {
        var collected: [DeadLetter] = []
        let summary = try await run { deadLetter in
            collected.append(deadLetter)
            return control(collected.count)
        }
        return (collected, summary)
    }
}
