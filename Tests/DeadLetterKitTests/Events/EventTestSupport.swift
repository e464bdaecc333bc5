@testable import DeadLetterKit
import Foundation
import XCTest

/// Shared helpers for the Events tests.
enum EventTestSupport {
    static let origin = DeadLetterOrigin(source: "https://acct.blob.core.windows.net/deadletters?sv=2023&sig=SECRET",
                                         blobName: "adt-endpoint/2024/1/5/13/event.json")

    /// The single dead letter a fixture file decodes to.
    static func deadLetter(_ path: String, file: StaticString = #filePath, line: UInt = #line) throws -> DeadLetter {
        let result = DeadLetterDecoder.decode(try EventFixtures.bytes(path), origin: origin)
        XCTAssertEqual(result.problems, [], path, file: file, line: line)
        XCTAssertEqual(result.deadLetters.count, 1, path, file: file, line: line)
        return try XCTUnwrap(result.deadLetters.first, file: file, line: line)
    }

    static func deadLetter(json: String, file: StaticString = #filePath, line: UInt = #line) throws -> DeadLetter {
        try DeadLetter(parsing: Array(json.utf8), origin: origin)
    }

    static func text(_ bytes: some Sequence<UInt8>) -> String { String(decoding: Array(bytes), as: UTF8.self) }

    static func compact(_ bytes: some Sequence<UInt8>) -> [UInt8] { JSONCompactor.compact(Array(bytes)) }
}
