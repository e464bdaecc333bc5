import AsyncHTTPClient
import AzureEmulator
import XCTest
@testable import DeadLetterKit

/// A streamed read that breaks after bytes were handed out resumes from the next byte (ranged Get Blob with
/// If-Match), so truncated bodies and dropped transfers lose nothing; a blob replaced meanwhile is never stitched.
final class BlobReadResumeFaultTests: XCTestCase {
    private static func content(_ count: Int, salt: UInt8 = 0) -> [UInt8] {
        (0..<count).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ $0 >> 9) ^ salt }
    }

    private func collect(_ stream: AsyncThrowingStream<[UInt8], any Error>, into bytes: inout [UInt8]) async throws {
        for try await chunk in stream { bytes += chunk }
    }

    /// Stores `content` as `big.json` and opens a stream on it whose first answer is cut halfway; later answers are whole.
    private func streamWithTheFirstAnswerCut(_ server: EmulatorServer, _ httpClient: HTTPClient,
                                             content: [UInt8]) async throws -> AsyncThrowingStream<[UInt8], any Error> {
        try await server.createContainer("dlq")
        try await server.putBlob(container: "dlq", name: "big.json", bytes: content)
        let client = try BlobEmulatorHarness.sharedKeyClient(server, httpClient)
        await server.setFaults(FaultPlan(truncateRate: 1), for: .blob)
        let stream = try await client.readBlob(named: "big.json")
        await server.setFaults(.none, for: .blob)
        return stream
    }

    func testACutStreamResumesFromTheNextByte() async throws {
        try await BlobEmulatorHarness.run { server, httpClient in
            let large = Self.content(2_000_000)
            let stream = try await streamWithTheFirstAnswerCut(server, httpClient, content: large)
            var bytes: [UInt8] = []
            try await collect(stream, into: &bytes)
            XCTAssertEqual(bytes.count, large.count)
            XCTAssert(bytes == large, "the resumed stream is the blob, byte for byte")
            let counters = await server.counters
            XCTAssertEqual(counters.faults(.truncatedBody), 1)
            XCTAssertEqual(counters[AzureEmulator.BlobOperation.getBlob], 2, "one cut answer, one ranged resume")
        }
    }

    func testABlobReplacedBeforeTheResumeIsNotStitchedFromTwoVersions() async throws {
        try await BlobEmulatorHarness.run { server, httpClient in
            let original = Self.content(600_000)
            let stream = try await streamWithTheFirstAnswerCut(server, httpClient, content: original)
            try await server.putBlob(container: "dlq", name: "big.json", bytes: Self.content(600_000, salt: 0x55))
            var bytes: [UInt8] = []
            do {
                try await collect(stream, into: &bytes)
                XCTFail("a resume across two versions must fail")
            } catch let error as BlobServiceError {
                guard case .interrupted(let blob, let delivered, let reason, _) = error else { return XCTFail("\(error)") }
                XCTAssertEqual(blob, "big.json")
                XCTAssertEqual(Int(delivered), bytes.count)
                XCTAssert(reason.contains("resuming from byte \(delivered)") && reason.contains("412"), reason)
            }
            XCTAssertGreaterThan(bytes.count, 0)
            XCTAssert(bytes == Array(original.prefix(bytes.count)), "what was delivered is the original's beginning only")
        }
    }

    func testResumesAreBoundedByTheRetryPolicy() async throws {
        try await BlobEmulatorHarness.run { server, httpClient in
            try await server.createContainer("dlq")
            try await server.putBlob(container: "dlq", name: "big.json", bytes: Self.content(1_000_000))
            let policy = RetryPolicy(maxAttempts: 4, maxTotalTime: .seconds(30), baseDelay: .milliseconds(1), maxDelay: .milliseconds(5))
            let client = try BlobEmulatorHarness.sharedKeyClient(server, httpClient, retry: policy)
            await server.setFaults(FaultPlan(truncateRate: 1), for: .blob)  // every answer, resumes included, is cut
            var bytes: [UInt8] = []
            do {
                try await collect(try await client.readBlob(named: "big.json"), into: &bytes)
                XCTFail("a stream cut every time cannot complete")
            } catch let error as BlobServiceError {
                guard case .interrupted(_, let delivered, let reason, _) = error else { return XCTFail("\(error)") }
                XCTAssertEqual(Int(delivered), bytes.count)
                XCTAssert(reason.contains("resumed 3 times already"), reason)
            }
            let reads = await server.counters[AzureEmulator.BlobOperation.getBlob]
            XCTAssertEqual(reads, 4, "the first answer and three resumes")
        }
    }

    func testManySmallBlobsUnderMixedFaultsStreamWhole() async throws {
        var configuration = EmulatorConfiguration()
        configuration.seed = 11
        try await BlobEmulatorHarness.run(configuration) { server, httpClient in
            try await server.createContainer("dlq")
            let names = (0..<60).map { "ep/2024/1/5/13/\($0).json" }
            for (index, name) in names.enumerated() {
                try await server.putBlob(container: "dlq", name: name, bytes: Self.content(2_000 + index * 37, salt: UInt8(index)))
            }
            await server.setFaults(FaultPlan(serverBusyRate: 0.05, internalErrorRate: 0.05, dropRate: 0.05, truncateRate: 0.2,
                                             retryAfterSeconds: 0), for: .blob)
            let client = try BlobEmulatorHarness.sharedKeyClient(server, httpClient)
            for (index, name) in names.enumerated() {
                var bytes: [UInt8] = []
                try await collect(try await client.readBlob(named: name), into: &bytes)
                XCTAssert(bytes == Self.content(2_000 + index * 37, salt: UInt8(index)), name)
            }
            let truncations = await server.counters.faults(.truncatedBody)
            XCTAssertGreaterThan(truncations, 5, "the seed cut a fair number of answers")
        }
    }
}
