import XCTest
@testable import DeadLetterKit

/// Every body in `Fixtures/bad/listings/` (made by `tools/gen-sample.py bad-listings`) through the List Blobs reader,
/// whole and in small chunks as a network delivers it: a typed `StorageXMLError` that names the request (with its SAS
/// signature redacted) and says what is wrong, never a crash and never a listing that silently lost entries.
final class BadListingCorpusTests: XCTestCase {
    /// What the reader must make of one body.
    enum Expected {
        /// Well-formed and a listing: these names, in order.
        case parses(names: [String])
        /// Not well-formed XML: libxml2's diagnosis contains this.
        case malformed(String)
        /// Well-formed, but not a List Blobs document: the reason contains this.
        case unexpectedDocument(String)
        /// Either kind of `StorageXMLError`, whatever its wording.
        case refused
    }

    static let pageNames = (1...3).map { String(format: "adt-ep/2026/3/14/9/%08x-0000-4000-8000-000000000000.json", $0) }

    /// One row per file; the README in Fixtures/bad says the same in words.
    static let expectations: [String: Expected] = [
        "ok-page.xml": .parses(names: pageNames),
        "empty-body.xml": .malformed("the body is empty"),
        "truncated-mid-blob.xml": .malformed("Extra content at the end of the document"),
        "truncated-before-root-end.xml": .malformed("Extra content at the end of the document"),
        "truncated-in-declaration.xml": .malformed("String not closed"),
        "wrong-root-html.xml": .unexpectedDocument("expected <EnumerationResults>, found <html>"),
        "wrong-root-error.xml": .unexpectedDocument("the body is a Storage <Error>, not <EnumerationResults>"),
        "json-body.xml": .malformed("Document is empty"),
        "undefined-entity.xml": .malformed("Entity 'nbsp' not defined"),
        "external-entity.xml": .malformed("Entity 'leak'"),
        "entity-expansion.xml": .malformed("Entity 'a9'"),
        "invalid-utf8-name.xml": .malformed("not proper UTF-8"),
        "invalid-char-reference.xml": .malformed("xmlParseCharRef: invalid xmlChar value 1"),
        "nul-byte.xml": .malformed("Char 0x0 out of allowed range"),
        "nextmarker-not-closed.xml": .malformed("Opening and ending tag mismatch: NextMarker"),
        "mismatched-tags.xml": .malformed("Opening and ending tag mismatch: Name"),
        "two-roots.xml": .malformed("Extra content at the end of the document"),
        "utf16-bom-utf8-body.xml": .malformed("Document is empty"),
        "bom-after-declaration.xml": .malformed("Document is empty"),
        "declared-utf16-is-utf8.xml": .malformed("Document labelled UTF-16 but has UTF-8 content"),
        "unterminated-cdata.xml": .malformed("Extra content at the end of the document"),
        "garbage-after-root.xml": .malformed("Extra content at the end of the document"),
    ]

    /// A request whose URL carries a SAS: every error must name it, and never show the signature.
    private let request = BlobRequestSummary(
        method: "GET", url: "https://acct.blob.core.windows.net/deadletters?restype=container&comp=list&delimiter=%2F&sv=2021-12-02&sig=CORPUSSECRET")

    static var directory: URL {
        ListingFixtures.directory.deletingLastPathComponent().appendingPathComponent("bad/listings")
    }

    func testTheTableCoversEveryFileInTheCorpus() throws {
        let files = try FileManager.default.contentsOfDirectory(atPath: Self.directory.path).filter { $0.hasSuffix(".xml") }
        XCTAssertEqual(Set(files), Set(Self.expectations.keys), "add a row for each new file in \(Self.directory.path)")
    }

    func testEachBodyGivesItsExpectedOutcomeWholeAndInChunks() throws {
        for (file, expected) in Self.expectations.sorted(by: { $0.key < $1.key }) {
            let bytes = Array(try Data(contentsOf: Self.directory.appendingPathComponent(file)))
            for chunkSize in [max(bytes.count, 1), 7, 1] {
                check(file, chunkSize: chunkSize, outcome: parse(bytes, chunkSize: chunkSize), expected: expected)
            }
        }
    }

    /// A `<Name>` of 16 MiB (Azure allows 1,024 characters), made here rather than committed. Whatever a broken proxy
    /// or endpoint sends, the reader's memory must stay bounded: a name thousands of times longer than any blob name
    /// can be is refused, not buffered whole (libxml2's own 10 MB text limit does not apply to SAX character data).
    func testAHugeNameIsRefusedWithoutACrash() throws {
        let page = try Data(contentsOf: Self.directory.appendingPathComponent("ok-page.xml"))
        let text = String(decoding: page, as: UTF8.self)
        let huge = "adt-ep/2026/3/14/9/" + String(repeating: "n", count: 16 << 20) + ".json"
        let body = Array(text.replacingOccurrences(of: Self.pageNames[0], with: huge).utf8)
        let outcome = parse(body, chunkSize: 64 * 1024)
        check("huge-name (generated)", chunkSize: 64 * 1024, outcome: outcome, expected: .refused)
    }

    // MARK: - Helpers

    private func parse(_ bytes: [UInt8], chunkSize: Int) -> Result<ListBlobsResult, StorageXMLError> {
        let reader = ListBlobsReader(request: request)
        do throws(StorageXMLError) {
            var offset = 0
            while offset < bytes.count {
                let end = min(bytes.count, offset + chunkSize)
                try reader.consume(Array(bytes[offset..<end]))
                offset = end
            }
            return .success(try reader.finish())
        } catch {
            return .failure(error)
        }
    }

    private func check(_ file: String, chunkSize: Int, outcome: Result<ListBlobsResult, StorageXMLError>, expected: Expected,
                       line: UInt = #line) {
        let label = "\(file) in chunks of \(chunkSize)"
        switch (outcome, expected) {
        case (.success(let result), .parses(let names)):
            XCTAssertEqual(result.page.blobs.map(\.name), names, label, line: line)
        case (.failure(let error), .parses):
            XCTFail("\(label): expected a listing, got \(error)", line: line)
        case (.success(let result), _):
            XCTFail("\(label): expected an error, got a listing of \(result.page.blobs.count) blobs "
                    + "named \(result.page.blobs.map { String($0.name.prefix(80)) })", line: line)
        case (.failure(let error), .refused):
            switch error {
            case .malformed(let document, let requestText, _, _, _), .unexpectedDocument(let document, let requestText, _):
                checkNamesTheRequest(error, document: document, requestText: requestText, label: label, line: line)
            }
        case (.failure(let error), .malformed(let fragment)):
            guard case .malformed(let document, let requestText, let reason, _, _) = error else {
                return XCTFail("\(label): expected malformed (\(fragment)), got \(error)", line: line)
            }
            XCTAssertTrue(reason.contains(fragment), "\(label): \(reason)", line: line)
            checkNamesTheRequest(error, document: document, requestText: requestText, label: label, line: line)
        case (.failure(let error), .unexpectedDocument(let fragment)):
            guard case .unexpectedDocument(let document, let requestText, let reason) = error else {
                return XCTFail("\(label): expected unexpected document (\(fragment)), got \(error)", line: line)
            }
            XCTAssertTrue(reason.contains(fragment), "\(label): \(reason)", line: line)
            checkNamesTheRequest(error, document: document, requestText: requestText, label: label, line: line)
        }
    }

    private func checkNamesTheRequest(_ error: StorageXMLError, document: String, requestText: String, label: String, line: UInt) {
        XCTAssertEqual(document, "List Blobs response", label, line: line)
        XCTAssertTrue(requestText.hasPrefix("GET https://acct.blob.core.windows.net/deadletters?restype=container&comp=list"),
                      "\(label): \(requestText)", line: line)
        XCTAssertTrue(error.description.contains("sig=REDACTED"), "\(label): \(error)", line: line)
        XCTAssertFalse(error.description.contains("CORPUSSECRET"), "\(label): \(error)", line: line)
        XCTAssertLessThan(error.description.utf8.count, 2000, "\(label): the message must stay readable", line: line)
    }
}
