import XCTest
@testable import DeadLetterKit
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// libxml2 prints encoding errors to stderr by itself unless every channel is redirected. These bodies used to print
/// "encoding error : input conversion failed…" and give "libxml2 error 81"; now nothing reaches stderr and the typed
/// error carries libxml2's message and the byte offset.
final class ListBlobsReaderQuietErrorsTests: XCTestCase {
    private let request = BlobRequestSummary(method: "GET", url: "https://acct.blob.core.windows.net/dl?restype=container&comp=list&sig=QUIETSECRET")

    /// Bodies libxml2 rejects for their encoding, with fragments of the reason each may give (libxml2 words some
    /// differently when the bytes arrive one at a time).
    private static let badlyEncoded: [(label: String, body: [UInt8], reasons: [String])] = [
        ("ISO-2022-JP with bytes it cannot convert",
         Array("<?xml version=\"1.0\" encoding=\"ISO-2022-JP\"?><EnumerationResults><Prefix>\u{1B}$B".utf8) + [0xFF, 0xFF]
            + Array("</Prefix></EnumerationResults>".utf8),
         ["input conversion failed"]),
        ("Shift_JIS with an invalid sequence",
         Array("<?xml version=\"1.0\" encoding=\"Shift_JIS\"?><EnumerationResults><Prefix>".utf8) + [0x81, 0x20, 0xFF]
            + Array("</Prefix></EnumerationResults>".utf8),
         ["input conversion failed"]),
        ("an encoding libxml2 does not know",
         Array("<?xml version=\"1.0\" encoding=\"no-such-encoding\"?><EnumerationResults/>".utf8),
         ["Unsupported encoding no-such-encoding"]),
        ("declared UTF-16, written in UTF-8",
         Array("<?xml version=\"1.0\" encoding=\"UTF-16\"?><EnumerationResults/>".utf8),
         ["Document labelled UTF-16 but has UTF-8 content"]),
        ("invalid UTF-8 in a name",
         Array("<?xml version=\"1.0\" encoding=\"utf-8\"?><EnumerationResults><Blobs><Blob><Name>a".utf8) + [0xC3, 0x28]
            + Array("</Name></Blob></Blobs></EnumerationResults>".utf8),
         ["not proper UTF-8", "detected an error in element content"]),
    ]

    func testEncodingErrorsPrintNothingAndSayWhatLibxmlSaid() throws {
        for (label, body, reasons) in Self.badlyEncoded {
            for chunkSize in [body.count, 7, 1] {
                var outcome: Result<ListBlobsResult, StorageXMLError>?
                let printed = try Self.capturingStandardError {
                    outcome = ListBlobsReader.parse(body, chunkSize: chunkSize, request: request)
                }
                let context = "\(label), chunks of \(chunkSize)"
                XCTAssertEqual(printed, "", "\(context): libxml2 wrote to stderr")
                guard case .failure(let error) = outcome, case .malformed(_, _, let text, _, _) = error else {
                    XCTFail("\(context): expected a malformed-body error, got \(String(describing: outcome))")
                    continue
                }
                XCTAssertTrue(reasons.contains { text.contains($0) }, "\(context): \(text)")
                XCTAssertFalse(text.contains("libxml2 error"), "\(context): \(text)")
                XCTAssertTrue(error.description.contains("sig=REDACTED"), "\(context): \(error)")
                XCTAssertFalse(error.description.contains("QUIETSECRET"), "\(context): \(error)")
            }
        }
    }

    /// Found by the List Blobs fuzzer: `encoding="utf-7"` read as "libxml2 error -1" in chunks, and printed; and a
    /// UTF-7 body whose conversion error arrived while libxml2 was reallocating its input buffer, where reading the
    /// parser's position in the error callback read freed memory (AddressSanitizer; the position is now read after
    /// the libxml2 call returns — `tools/fuzz` replays the input under ASan).
    func testTheFuzzersUTF7BodiesPrintNothingAndAreExplained() throws {
        for name in ["utf7-declared-encoding-chunk-dependent.xml.bin", "utf-7-encoding-error-mid-conversion"] {
            let file = ListingFixtures.directory.deletingLastPathComponent().appendingPathComponent("bad/fuzz/list-blobs/\(name)")
            let body = Array(try Data(contentsOf: file).dropFirst())  // the first byte is the fuzzer's chunk plan
            try checkQuietAndExplained(body)
        }
    }

    private func checkQuietAndExplained(_ body: [UInt8]) throws {
        for chunkSize in [body.count, 7, 1] {
            var outcome: Result<ListBlobsResult, StorageXMLError>?
            let printed = try Self.capturingStandardError {
                outcome = ListBlobsReader.parse(body, chunkSize: chunkSize, request: request)
            }
            XCTAssertEqual(printed, "", "chunks of \(chunkSize): libxml2 wrote to stderr")
            if case .failure(.malformed(_, _, let reason, _, _)) = outcome {
                XCTAssertFalse(reason.contains("libxml2 error"), "chunks of \(chunkSize): \(reason)")
                XCTAssertFalse(reason.contains("without a message"), "chunks of \(chunkSize): \(reason)")
            }
        }
    }

    func testTheOffsetPointsIntoTheBody() throws {
        let body = Array("<EnumerationResults><Blobs><Blob><Name>a</Blob></Blobs></EnumerationResults>".utf8)
        guard case .failure(.malformed(_, _, let reason, _, _)) = ListBlobsReader.parse(body, chunkSize: body.count, request: request) else {
            return XCTFail("a mismatched tag must be refused")
        }
        let offset = try XCTUnwrap(reason.range(of: #"at byte (\d+)"#, options: .regularExpression).map {
            Int(reason[$0].dropFirst("at byte ".count))
        } ?? nil, reason)
        // The mismatch is found at `</Blob>`, after `<Name>a`.
        XCTAssertGreaterThanOrEqual(offset, 40, reason)
        XCTAssertLessThanOrEqual(offset, body.count, reason)
    }

    func testErrorBodiesWithBadEncodingPrintNothing() throws {
        let body = Array("<?xml version=\"1.0\" encoding=\"Shift_JIS\"?><Error><Code>".utf8) + [0x81, 0x20, 0xFF]
            + Array("</Code></Error>".utf8)
        var thrown: StorageXMLError?
        let printed = try Self.capturingStandardError {
            do throws(StorageXMLError) { _ = try StorageErrorBody.parse(body, request: request) } catch { thrown = error }
        }
        XCTAssertEqual(printed, "")
        guard case .malformed(_, _, let reason, _, _) = thrown else { return XCTFail("\(String(describing: thrown))") }
        XCTAssertTrue(reason.contains("input conversion failed"), reason)
    }

    // MARK: - Helpers

    /// Runs `body` with file descriptor 2 replaced by a pipe and returns what was written to it. The write end does
    /// not block, so a chatty libxml2 cannot hang the test on a full pipe (what fits is enough to fail it).
    private static func capturingStandardError(_ body: () -> Void) throws -> String {
        var ends: [Int32] = [0, 0]
        guard pipe(&ends) == 0 else { throw POSIXError(.EMFILE) }
        let (readEnd, writeEnd) = (ends[0], ends[1])
        _ = fcntl(writeEnd, F_SETFL, fcntl(writeEnd, F_GETFL) | O_NONBLOCK)
        _ = fcntl(readEnd, F_SETFL, fcntl(readEnd, F_GETFL) | O_NONBLOCK)
        fflush(nil)
        let savedStandardError = dup(2)
        dup2(writeEnd, 2)
        body()
        fflush(nil)
        dup2(savedStandardError, 2)
        close(savedStandardError)
        close(writeEnd)
        var captured: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            let count = read(readEnd, &buffer, buffer.count)
            if count <= 0 { break }
            captured += buffer[..<count]
        }
        close(readEnd)
        return String(decoding: captured, as: UTF8.self)
    }
}
