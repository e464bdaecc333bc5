import DeadLetterKit
import FuzzSupport
import Foundation

/// Fuzzes the dead-letter layer: `DeadLetterDecoder` over blobs, event lines and export lines, the schema detection
/// and attribute reading behind it, and `ExportRecord` writing and reading back.
///
/// Input: `[chunk plan][input kind][payload…]`; the kind byte picks blob, event lines or export lines. Invariants:
/// - no crash, no hang, no memory error, whatever field of a decoded dead letter is read;
/// - chunking changes nothing: the same dead letters (bytes and origin) and the same problems;
/// - a dead letter's bytes are a contiguous part of the input, and its origin never carries a URL query (SAS);
/// - every problem names an offset inside the input and never shows the source's SAS signature;
/// - an export record line reads back to the same dead letter, and writing that again gives the same line; an
///   `--events-only` line reads back to the same event bytes.
@_cdecl("LLVMFuzzerTestOneInput")
public func deadLetterFuzzerTestOneInput(_ data: UnsafePointer<UInt8>?, _ count: Int) -> CInt {
    let input = FuzzInput(data, count, controlCount: 2)
    let kind = [DeadLetterDecoder.Input.blob, .eventLines, .exportLines][Int(input.controls[1] % 3)]
    let whole = DeadLetterDecoder.decode(input.payload, origin: Fixture.origin, input: kind)
    for deadLetter in whole.deadLetters { DeadLetterChecks.check(deadLetter, input: input.payload) }
    for problem in whole.problems { DeadLetterChecks.check(problem, input: input.payload) }

    let plan = ChunkPlan(control: input.controls[0])
    if !plan.isWhole {
        let chunked = decodeInChunks(input.payload, kind: kind, plan: plan)
        fuzzCheck(chunked.problems == whole.problems, "chunked decoding changed the problems:\n whole:   \(whole.problems)\n chunked: \(chunked.problems)")
        fuzzCheck(chunked.deadLetters.map(\.bytes) == whole.deadLetters.map(\.bytes), "chunked decoding changed the dead letters' bytes")
        fuzzCheck(chunked.deadLetters.map(\.origin) == whole.deadLetters.map(\.origin), "chunked decoding changed the dead letters' origins")
    }
    return 0
}

enum Fixture {
    static let signature = "Fz9SecretSig0123456789abcdefXYZ%3D"
    /// A listed blob's origin; its source URL carries a SAS that must be dropped.
    static let origin = DeadLetterOrigin(
        source: "https://acct.blob.core.windows.net/dl?sv=2021-12-02&sp=rl&sig=\(signature)",
        blobName: "adt-ep/2024/01/05/13/39d4abb9.json", index: 0,
        blobProperties: BlobProperties(lastModified: "Fri, 05 Jan 2024 13:02:11 GMT", etag: "0x8DC0D1E2F3A4B5C"),
        endpoint: "adt-ep", folderHour: Date(timeIntervalSince1970: 1_704_459_600))
}

/// The same decoding through the streaming API, fed in the plan's chunks.
func decodeInChunks(_ payload: [UInt8], kind: DeadLetterDecoder.Input, plan: ChunkPlan)
    -> (deadLetters: [DeadLetter], problems: [DeadLetterDecodingError]) {
    var decoder = DeadLetterDecoder(origin: Fixture.origin, input: kind)
    var deadLetters: [DeadLetter] = []
    var problems: [DeadLetterDecodingError] = []
    let collect: (DeadLetterDecoder.Item) -> Void = { item in
        switch item {
        case .deadLetter(let deadLetter): deadLetters.append(deadLetter)
        case .invalid(let problem): problems.append(problem)
        }
    }
    do {
        for range in plan.ranges(count: payload.count) {
            try payload[range].withUnsafeBytes { try decoder.feed($0, collect) }
        }
        try decoder.finish(collect)
    } catch let problem as DeadLetterDecodingError {
        problems.append(problem)
    } catch {
        fuzzFail("DeadLetterDecoder threw something other than DeadLetterDecodingError: \(error)")
    }
    return (deadLetters, problems)
}
