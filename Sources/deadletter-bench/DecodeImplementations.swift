import DeadLetterKit
import Foundation

/// The question every decoder answers in the decode benchmark: how many events, and how many of them are of
/// `type` for `twin` (when a filter is given).
struct DecodeFilter: Sendable {
    var type: String
    var twin: String
}

struct DecodeCounts: Codable, Sendable {
    var events = 0
    var matched = 0
    var invalid = 0
    var bytes = 0
}

/// The decoders compared in issue 4's benchmark, each reading the same export JSONL the same way.
enum DecodeImplementation: String, CaseIterable, Sendable {
    /// DeadLetterKit's streaming decoder on `.exportLines` (the path `deadletter` takes for an export file), one
    /// thread, chunks from `FileChunks` as `deadletter` reads them (mapped, not copied); the filter is
    /// `DeadLetterFilter` (`--type`, `--twin`). The other decoders read with `read(2)` (`FileChunkReader`).
    case ours
    /// The same decoding spread over the cores by `ParallelExportDecoding` (the file cut into ranges at line ends,
    /// one decoder per range, dead letters handed over in file order); the filter runs on the consuming thread.
    case oursParallel = "ours-parallel"
    /// Foundation `JSONDecoder` into a Codable struct holding the CloudEvent attributes, line by line.
    case jsonDecoder = "jsondecoder"
    /// Foundation `JSONSerialization` into dictionaries, line by line.
    case jsonSerialization = "jsonserialization"

    func run(path: String, filter: DecodeFilter?) async throws -> DecodeCounts {
        switch self {
        case .ours: return try Self.runOurs(path: path, filter: filter)
        case .oursParallel: return try await Self.runOursInParallel(path: path, filter: filter)
        case .jsonDecoder: return try Self.runJSONDecoder(path: path, filter: filter)
        case .jsonSerialization: return try Self.runJSONSerialization(path: path, filter: filter)
        }
    }

    private static func runOurs(path: String, filter: DecodeFilter?) throws -> DecodeCounts {
        var counter = OurCounter(filter: filter)
        var decoder = DeadLetterDecoder(origin: DeadLetterOrigin(source: path, blobName: ""), input: .exportLines)
        let count: (DeadLetterDecoder.Item) -> Void = { counter.count($0) }
        var file = try FileChunks(path: path)
        var bytes = 0
        while let chunk = try file.next() {
            bytes += chunk.count
            try decoder.feed(chunk, count)
        }
        try decoder.finish(count)
        counter.counts.bytes = bytes
        return counter.counts
    }

    private static func runOursInParallel(path: String, filter: DecodeFilter?) async throws -> DecodeCounts {
        var counter = OurCounter(filter: filter)
        for try await items in ParallelExportDecoding(path: path, origin: DeadLetterOrigin(source: path, blobName: "")) {
            for item in items { counter.count(item) }
        }
        counter.counts.bytes = FileChunkReader.fileSize(path)
        return counter.counts
    }

    private static func runJSONDecoder(path: String, filter: DecodeFilter?) throws -> DecodeCounts {
        let decoder = JSONDecoder()
        var counts = DecodeCounts()
        counts.bytes = try FileChunkReader.forEachLine(path) { line in
            do {
                let record = try decoder.decode(CodableExportLine.self, from: Data(bytes: line.baseAddress!, count: line.count))
                counts.events += 1
                if let filter, record.event.type == filter.type,
                   BaselineTwin.of(type: record.event.type, source: record.event.source, subject: record.event.subject) == filter.twin {
                    counts.matched += 1
                }
            } catch {
                counts.invalid += 1
            }
        }
        return counts
    }

    private static func runJSONSerialization(path: String, filter: DecodeFilter?) throws -> DecodeCounts {
        var counts = DecodeCounts()
        counts.bytes = try FileChunkReader.forEachLine(path) { line in
            guard let record = try? JSONSerialization.jsonObject(with: Data(bytes: line.baseAddress!, count: line.count)) as? [String: Any],
                  let event = record["event"] as? [String: Any] else {
                counts.invalid += 1
                return
            }
            counts.events += 1
            if let filter, let type = event["type"] as? String, type == filter.type,
               BaselineTwin.of(type: type, source: event["source"] as? String, subject: event["subject"] as? String) == filter.twin {
                counts.matched += 1
            }
        }
        return counts
    }
}

/// What both of our variants do with each item: count it, and count it as matched when the filter passes.
private struct OurCounter {
    let query: DeadLetterFilter?
    var counts = DecodeCounts()

    init(filter: DecodeFilter?) {
        query = filter.map { DeadLetterFilter(types: [.literal($0.type)], twins: [.literal($0.twin)]) }
    }

    mutating func count(_ item: DeadLetterDecoder.Item) {
        switch item {
        case .deadLetter(let deadLetter):
            counts.events += 1
            if let query, query.matches(deadLetter) { counts.matched += 1 }
        case .invalid:
            counts.invalid += 1
        }
    }
}

/// The export record and the CloudEvent attributes as a Codable struct: what a Swift developer would write with
/// `JSONDecoder`. `data` is not decoded (it has no fixed shape); the decoder still parses it.
struct CodableExportLine: Decodable {
    var blob: String?
    var index: Int?
    var endpoint: String?
    var deadletteredHour: String?
    var lastModified: String?
    var etag: String?
    var schema: String?
    var event: CodableCloudEvent
}

struct CodableCloudEvent: Decodable {
    var specversion: String
    var id: String
    var type: String
    var source: String
    var subject: String?
    var time: String?
    var datacontenttype: String?
    var dataschema: String?
    var traceparent: String?
}

/// The twin rule the baselines apply (the same as the Python and jq baselines): telemetry takes the last segment
/// of `source`; otherwise the subject up to `/relationships/`. Enough for a filter on Twin.* types, where it equals
/// DeadLetterKit's rule.
enum BaselineTwin {
    static func of(type: String, source: String?, subject: String?) -> String? {
        if type.lowercased() == "microsoft.iot.telemetry" {
            return source.flatMap { $0.split(separator: "/").last.map(String.init) }
        }
        guard let subject else { return nil }
        if let range = subject.range(of: "/relationships/") { return String(subject[..<range.lowerBound]) }
        return subject
    }
}
