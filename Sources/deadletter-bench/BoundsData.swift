import Foundation
#if canImport(Glibc)
import Glibc
#endif

enum BoundsDataError: Error, CustomStringConvertible {
    case write(path: String, errno: Int32)

    var description: String {
        switch self {
        case .write(let path, let code): return "cannot write \(path): \(String(cString: strerror(code)))"
        }
    }
}

/// Writes the `bounds` inputs under `.build/bench-data/bounds/devstoreaccount1/<container>/`, so the same directory
/// is served by `deadletter emulator --data .build/bench-data/bounds` and read as a local mirror. Each container is
/// built aside and renamed into place when complete (a killed run never leaves half an input to be reused); the
/// number of dead letters it holds is kept next to it.
struct BoundsData: Sendable {
    let paths: BenchPaths

    /// The emulator's `--data` directory.
    var emulatorRoot: String { paths.data + "/bounds" }
    func containerDirectory(_ input: BoundsInput) -> String { "\(emulatorRoot)/devstoreaccount1/\(input.container)" }
    private func countFile(_ input: BoundsInput) -> String { "\(paths.data)/bounds-counts/\(input.container).events" }

    /// The input's container directory and how many dead letters it holds, generating it on first use.
    func prepare(_ input: BoundsInput) throws -> (directory: String, events: Int) {
        let directory = containerDirectory(input)
        if FileManager.default.fileExists(atPath: directory),
           let text = try? String(contentsOfFile: countFile(input), encoding: .utf8), let events = Int(text) {
            return (directory, events)
        }
        let partial = "\(paths.data)/bounds-partial/\(input.container)"
        try? FileManager.default.removeItem(atPath: partial)
        try? FileManager.default.removeItem(atPath: directory)
        log("bounds: generating \(input.summary) in \(directory)")
        let events = try generate(input.shape, into: partial)
        try FileManager.default.createDirectory(atPath: (directory as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try FileManager.default.moveItem(atPath: partial, toPath: directory)
        try FileManager.default.createDirectory(atPath: (countFile(input) as NSString).deletingLastPathComponent,
                                                withIntermediateDirectories: true)
        try String(events).write(toFile: countFile(input), atomically: true, encoding: .utf8)
        return (directory, events)
    }

    /// Writes the blobs of `shape` under `root`; returns the number of dead letters written.
    private func generate(_ shape: BoundsInput.Shape, into root: String) throws -> Int {
        var samples = BenchSampleBlobs(seed: 7)
        let arrayBlob = "\(root)/BOUNDS-SUB/2026/3/14/9/\(samples.guid()).json"
        switch shape {
        case .eventGridArray(let bytes):
            return try writeArray(arrayBlob) { index, written in
                written < bytes ? BoundsEvents.eventGridDeadLetter(&samples, index: index) : nil
            }
        case .eventGridElements(let count):
            return try writeArray(arrayBlob) { index, _ in
                index < count ? BoundsEvents.eventGridDeadLetter(&samples, index: index) : nil
            }
        case .tinyCloudEvents(let count):
            return try writeArray(arrayBlob) { index, _ in
                index < count ? #"{"specversion":"1.0","id":"t-\#(index)","type":"t","source":"s"}"# : nil
            }
        case .notEvents(let count):
            _ = try writeArray(arrayBlob) { index, _ in index < count ? #"{"n":\#(index)}"# : nil }
            return 0
        case .singleEvent(let bytes):
            let writer = try BoundsFileWriter(path: "\(root)/adt-bounds-ep/2026/3/14/9/\(samples.guid()).json")
            writer.append(#"{"specversion":"1.0","id":"\#(samples.guid())","type":"Microsoft.DigitalTwins.Twin.Update","#
                          + #""source":"contoso-adt.api.wus2.digitaltwins.azure.net","subject":"room-001","data":{"blob":""#)
            let filler = [UInt8](repeating: UInt8(ascii: "x"), count: 1 << 20)
            while writer.written < bytes { writer.append(filler) }
            writer.append(#""}}"#)
            try writer.close()
            return 1
        case .longNames(let blobs):
            // Four group folders of 181 characters (an Event Grid namespace layout with a leading folder), the
            // hour, and a 250-character file name: 990 characters, each path segment under the 255-byte file limit.
            let group = ["ns", "topic", "sub", "extra"].map { $0 + "-" + String(repeating: "n", count: 180 - $0.count) }
                .joined(separator: "/")
            for index in 0..<blobs {
                let id = samples.guid()
                let writer = try BoundsFileWriter(path: "\(root)/\(group)/2026/3/14/9/\(id)-\(String(repeating: "p", count: 208)).json")
                writer.append(samples.eventBody(id: id, twin: "room-\(String(format: "%03d", index % 40 + 1))",
                                                time: "2026-03-14T08:\(String(format: "%02d", index % 60)):12.1234567Z"))
                try writer.close()
            }
            return blobs
        }
    }

    /// `[` + elements separated by `,\n` + `]`: `element(index, bytes written so far)` gives each, nil after the last.
    private func writeArray(_ path: String, _ element: (Int, Int) -> String?) throws -> Int {
        let writer = try BoundsFileWriter(path: path)
        writer.append("[\n")
        var count = 0
        while let text = element(count, writer.written) {
            if count > 0 { writer.append(",\n") }
            writer.append(text)
            count += 1
        }
        writer.append("\n]\n")
        try writer.close()
        return count
    }
}

/// A file written through one 1 MiB buffer (gigabyte inputs without gigabyte memory). Not `Sendable`: one writer,
/// one generator.
final class BoundsFileWriter {
    private let path: String
    private let descriptor: Int32
    private var buffer: [UInt8] = []
    private var failure: Int32?
    private(set) var written = 0

    init(path: String) throws {
        try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        self.path = path
        descriptor = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        guard descriptor >= 0 else { throw BoundsDataError.write(path: path, errno: errno) }
        buffer.reserveCapacity(1 << 20)
    }

    deinit { if descriptor >= 0 { Glibc.close(descriptor) } }

    func append(_ text: String) { append(Array(text.utf8)) }

    func append(_ bytes: [UInt8]) {
        buffer.append(contentsOf: bytes)
        written += bytes.count
        if buffer.count >= 1 << 20 { flush() }
    }

    func close() throws {
        flush()
        if let failure { throw BoundsDataError.write(path: path, errno: failure) }
    }

    private func flush() {
        var offset = 0
        while offset < buffer.count, failure == nil {
            let count = buffer.withUnsafeBytes { write(descriptor, $0.baseAddress! + offset, $0.count - offset) }
            if count < 0 {
                if errno != EINTR { failure = errno }
            } else {
                offset += count
            }
        }
        buffer.removeAll(keepingCapacity: true)
    }
}

/// Dead letters as an Event Grid-schema subscription writes them (ADT payload under `data.data`, the delivery facts
/// as extra members): about 900 bytes each, like the sample container's.
enum BoundsEvents {
    static func eventGridDeadLetter(_ samples: inout BenchSampleBlobs, index: Int) -> String {
        let minute = String(format: "%02d", index % 60)
        let value = Double(samples.next() % 1200) / 100 + 16
        let trace = String(format: "%016llx%016llx", samples.next(), samples.next())
        return #"{"id":"\#(samples.guid())","subject":"room-\#(String(format: "%03d", index % 40 + 1))","#
            + #""data":{"data":{"modelId":"dtmi:contoso:Room;2","patch":[{"value":\#(value),"path":"/temperature","op":"replace"}]},"#
            + #""contenttype":"application/json","traceparent":"00-\#(trace)-\#(String(format: "%016llx", samples.next()))-01"},"#
            + #""eventType":"Microsoft.DigitalTwins.Twin.Update","eventTime":"2026-03-14T08:\#(minute):12.1234567Z","#
            + #""dataVersion":"1.0","metadataVersion":"1","#
            + #""topic":"/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/ops/providers/Microsoft.EventGrid/topics/twin-events","#
            + #""deadLetterReason":"MaxDeliveryAttemptsExceeded","deliveryAttempts":30,"lastDeliveryOutcome":"Busy","#
            + #""lastHttpStatusCode":503,"publishTime":"2026-03-14T08:\#(minute):13.0000000Z","#
            + #""lastDeliveryAttemptTime":"2026-03-14T09:\#(minute):40.0000000Z"}"#
    }
}
