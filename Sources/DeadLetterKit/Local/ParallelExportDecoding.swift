import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// An uncompressed JSONL export file decoded on several threads, handed over in file order.
///
/// The file is cut into ranges of about `rangeSize` bytes that end right after a newline (the cut is found by
/// scanning forward from the nominal boundary, so a line is never split and no line is held in memory to find
/// it). Each range is decoded on a worker thread by its own `DeadLetterDecoder`, which keeps every guarantee of
/// the sequential path: strict validation, per-line errors with file offsets, bounded memory for huge lines.
/// The iterator yields each range's items in order, with positional indexes (bare event lines, bad lines)
/// shifted to count from the start of the file, so the output equals what one sequential decoder gives.
///
/// At most `threads + 1` ranges are in flight, so memory is bounded by that many ranges' dead letters whatever
/// the file size. Standard input and gzip files cannot be cut into ranges: decode those sequentially.
public struct ParallelExportDecoding: AsyncSequence, Sendable {
    public typealias Element = [DeadLetterDecoder.Item]

    public let path: String
    public let origin: DeadLetterOrigin
    public let options: JSONDecodingOptions
    public let threads: Int
    public let rangeSize: Int

    public init(path: String, origin: DeadLetterOrigin, options: JSONDecodingOptions = JSONDecodingOptions(),
                threads: Int = ProcessInfo.processInfo.activeProcessorCount, rangeSize: Int = 512 * 1024) {
        self.path = path
        self.origin = origin
        self.options = options
        self.threads = Swift.max(1, threads)
        self.rangeSize = Swift.max(1, rangeSize)
    }

    public func makeAsyncIterator() -> AsyncIterator { AsyncIterator(self) }

    public struct AsyncIterator: AsyncIteratorProtocol {
        private let decoding: ParallelExportDecoding
        private var file: ExportRangeFile?
        private var opened = false
        private var nextStart = 0
        private var inFlight: [ExportRangeTask] = []
        /// Values (lines) in the ranges already handed over: what positional indexes of the next range start at.
        private var valuesBefore = 0

        init(_ decoding: ParallelExportDecoding) { self.decoding = decoding }

        public mutating func next() async throws -> [DeadLetterDecoder.Item]? {
            if !opened {
                opened = true
                file = try ExportRangeFile(path: decoding.path)
            }
            try startRanges()
            guard !inFlight.isEmpty else {
                file = nil
                return nil
            }
            let task = inFlight.removeFirst()
            // Keep the workers busy while this range is handed over and consumed.
            try startRanges()
            var output = try await task.output()
            output.shiftPositions(by: valuesBefore)
            valuesBefore += output.values
            return output.items
        }

        /// Starts ranges until `threads + 1` are in flight or the file is all assigned.
        private mutating func startRanges() throws {
            guard let file else { return }
            while inFlight.count < decoding.threads + 1 && nextStart < file.size {
                let end = try file.lineBoundary(after: nextStart + decoding.rangeSize)
                let task = ExportRangeTask()
                let range = nextStart..<end
                let (origin, options) = (decoding.origin, decoding.options)
                DispatchQueue.global(qos: .userInitiated).async {
                    task.complete(Result { try file.decode(range, origin: origin, options: options) })
                }
                inFlight.append(task)
                nextStart = end
            }
        }
    }
}

/// What a worker made of one range: the items in order, which of them carry a positional index, and how many
/// values (lines) the range held.
struct ExportRangeOutput: Sendable {
    var items: [DeadLetterDecoder.Item] = []
    var positional: [Int] = []
    var values = 0

    /// Makes the positional indexes count from the start of the file instead of the start of the range.
    mutating func shiftPositions(by offset: Int) {
        guard offset != 0 else { return }
        for k in positional {
            // Taking the item out leaves the dead letter's storage uniquely referenced, so the change is in place.
            let item = items[k]
            items[k] = .invalid(.malformedBlob(blob: "", .emptyInput))
            items[k] = Self.shifted(item, by: offset)
        }
    }

    private static func shifted(_ item: consuming DeadLetterDecoder.Item, by offset: Int) -> DeadLetterDecoder.Item {
        switch consume item {
        case .deadLetter(var deadLetter):
            deadLetter.origin.index += offset
            return .deadLetter(deadLetter)
        case .invalid(.invalidExportRecord(let source, let index, let reason)):
            return .invalid(.invalidExportRecord(source: source, index: index + offset, reason: reason))
        case .invalid(.invalidValue(let blob, let index, let error)):
            return .invalid(.invalidValue(blob: blob, index: index + offset, error))
        case .invalid(.notAnObject(let blob, let index, let byteOffset, let kind)):
            return .invalid(.notAnObject(blob: blob, index: index + offset, offset: byteOffset, kind: kind))
        case .invalid(let other):
            return .invalid(other)
        }
    }
}

/// The hand-over of one range's output from its worker thread to the iterator, whichever comes first.
final class ExportRangeTask: @unchecked Sendable {
    private let lock = NSLock()
    private var result: Result<ExportRangeOutput, any Error>?
    private var waiter: CheckedContinuation<ExportRangeOutput, any Error>?

    func complete(_ result: Result<ExportRangeOutput, any Error>) {
        lock.lock()
        if let waiter {
            self.waiter = nil
            lock.unlock()
            waiter.resume(with: result)
        } else {
            self.result = result
            lock.unlock()
        }
    }

    func output() async throws -> ExportRangeOutput {
        try await withCheckedThrowingContinuation { continuation in
            lock.lock()
            if let result {
                self.result = nil
                lock.unlock()
                continuation.resume(with: result)
            } else {
                waiter = continuation
                lock.unlock()
            }
        }
    }
}
