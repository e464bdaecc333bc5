import Foundation
@testable import DeadLetterKit

/// Dead letters for replay tests: ADT-shaped CloudEvents with the members Event Grid adds when it dead-letters
/// (`deadletterreason`, `deliveryattempts`, …), so every test also checks they are stripped.
enum ReplayTestEvents {
    static let source = "contoso.api.wus2.digitaltwins.azure.net"

    /// A Twin.Update CloudEvent for `twin`, as JSON text. `padding` adds a string property to make it larger.
    static func twinUpdateJSON(id: String, twin: String, deadLettered: Bool = true, padding: Int = 0, extra: String = "") -> String {
        let pad = padding > 0 ? #","pad":""# + String(repeating: "x", count: padding) + #"""# : ""
        let facts = deadLettered ? #","deadletterreason":"MaxDeliveryAttemptsExceeded","deliveryattempts":30,"lastdeliveryoutcome":"Unauthorized""# : ""
        return #"{"specversion":"1.0","id":"\#(id)","type":"Microsoft.DigitalTwins.Twin.Update","source":"\#(source)","#
            + #""data":{"modelId":"dtmi:com:contoso:Room;1","patch":[{"value":21.5,"path":"/temperature","op":"replace"}]\#(pad)},"#
            + #""subject":"\#(twin)","time":"2024-01-05T13:00:00.1234567Z","datacontenttype":"application/json","#
            + #""traceparent":"00-2aa957558db348f387ef704b37631a1d-96f834571bf4fe45-01"\#(facts)\#(extra)}"#
    }

    /// The same event as a dead letter read from blob `blob` at `index`.
    static func letter(_ json: String, blob: String, index: Int = 0, etag: String? = nil, source: String = "http://127.0.0.1/devstoreaccount1/dl") -> DeadLetter {
        let origin = DeadLetterOrigin(source: source, blobName: blob, index: index,
                                      blobProperties: etag.map { BlobProperties(etag: $0) })
        return try! DeadLetter(parsing: Array(json.utf8), origin: origin)
    }

    /// `count` Twin.Update dead letters, one blob each (`ep/2024/1/5/13/<id>.json`), spread over `twins` twins.
    static func twinUpdates(_ count: Int, twins: Int = 10, padding: Int = 0, prefix: String = "e") -> [DeadLetter] {
        (0..<count).map { n in
            let id = "\(prefix)\(n)"
            return letter(twinUpdateJSON(id: id, twin: "twin-\(n % twins)", padding: padding), blob: "ep/2024/1/5/13/\(id).json")
        }
    }

    /// The `id` of a received CloudEvent body, or of a messaging message (from its user property).
    static func id(ofCloudEvent body: [UInt8]) -> String? {
        (try? JSONRawValue.parse(body))?[member: "id"]?.string
    }
}

/// An async sequence over prepared dead letters, optionally slowed down (a source that trickles), `Sendable` as the
/// runner requires.
struct ReplayTestSource: AsyncSequence, Sendable {
    typealias Element = DeadLetter
    let letters: [DeadLetter]
    var delayEvery: Int = 0
    var delay: Duration = .zero
    /// Throw after this many events (a source that breaks).
    var failAfter: Int?

    struct SourceFailure: Error, CustomStringConvertible {
        var description: String { "the test source broke" }
    }

    struct AsyncIterator: AsyncIteratorProtocol {
        let source: ReplayTestSource
        var index = 0

        mutating func next() async throws -> DeadLetter? {
            if let failAfter = source.failAfter, index >= failAfter { throw SourceFailure() }
            guard index < source.letters.count else { return nil }
            if source.delayEvery > 0, index > 0, index % source.delayEvery == 0 { try await Task.sleep(for: source.delay) }
            defer { index += 1 }
            return source.letters[index]
        }
    }

    func makeAsyncIterator() -> AsyncIterator { AsyncIterator(source: self) }
}

/// Collects progress snapshots from the runner's callback.
final class ReplayProgressLog: @unchecked Sendable {
    private let lock = NSLock()
    private var snapshots: [ReplayProgress] = []

    func record(_ progress: ReplayProgress) { lock.withLock { snapshots.append(progress) } }
    var all: [ReplayProgress] { lock.withLock { snapshots } }
}
