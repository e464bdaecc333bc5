import Foundation
import XCTest
@testable import AzureEmulator

/// The committed fixtures, found from this file's location (…/Tests/AzureEmulatorTests/ → repository root).
enum Fixture {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures")

    static func bytes(_ path: String) throws -> [UInt8] {
        Array(try Data(contentsOf: root.appendingPathComponent(path)))
    }

    static func text(_ path: String) throws -> String {
        String(decoding: try bytes(path), as: UTF8.self)
    }
}

/// Just enough XML reading for assertions: element names in order, and the names and marker of a listing.
enum XMLElementNames {
    /// Start and empty-element tag names inside the first `<Blob>`.
    static func firstBlob(in xml: String) -> [String] {
        guard let start = xml.range(of: "<Blob>"), let end = xml.range(of: "</Blob>", range: start.upperBound..<xml.endIndex) else { return [] }
        return names(in: String(xml[start.upperBound..<end.lowerBound]))
    }

    static func names(in xml: String) -> [String] {
        var result: [String] = []
        var rest = Substring(xml)
        while let open = rest.firstIndex(of: "<") {
            let afterOpen = rest.index(after: open)
            guard afterOpen < rest.endIndex else { break }
            if rest[afterOpen] != "/" && rest[afterOpen] != "?" {
                let name = rest[afterOpen...].prefix { $0 != ">" && $0 != " " && $0 != "/" }
                result.append(String(name))
            }
            rest = rest[afterOpen...]
        }
        return result
    }

    static func maskingRequestIDAndTime(_ xml: String) -> String {
        guard let id = xml.range(of: "RequestId:"), let end = xml.range(of: "</Message>", range: id.upperBound..<xml.endIndex) else { return xml }
        return xml.replacingCharacters(in: id.lowerBound..<end.lowerBound, with: "RequestId:…")
    }

    /// Blob names (decoded; `Encoded="true"` names percent-decoded) and prefixes (`P:`) of a listing, and its NextMarker.
    /// Scans bytes once: a listing of 5000 blobs is several megabytes.
    static func listing(_ body: [UInt8]) -> (names: [String], nextMarker: String?) {
        var names: [String] = []
        var inPrefix = false
        var i = 0
        func matches(_ token: String, at index: Int) -> Bool {
            let bytes = Array(token.utf8)
            return index + bytes.count <= body.count && body[index..<(index + bytes.count)].elementsEqual(bytes)
        }
        func textUntil(_ token: String, from index: Int) -> (String, Int)? {
            var j = index
            while j < body.count, !matches(token, at: j) { j += 1 }
            guard j < body.count else { return nil }
            return (String(decoding: body[index..<j], as: UTF8.self), j + token.utf8.count)
        }
        var marker: String?
        while i < body.count {
            guard body[i] == UInt8(ascii: "<") else { i += 1; continue }
            if matches("<BlobPrefix>", at: i) { inPrefix = true; i += 12; continue }
            if matches("<Blob>", at: i) { inPrefix = false; i += 6; continue }
            if matches("<NextMarker>", at: i), let (text, next) = textUntil("</NextMarker>", from: i + 12) {
                marker = text
                i = next
                continue
            }
            let encodedOpen = "<Name Encoded=\"true\">"
            if matches("<Name>", at: i) || matches(encodedOpen, at: i) {
                let encoded = matches(encodedOpen, at: i)
                let start = i + (encoded ? encodedOpen.utf8.count : 6)
                guard let (raw, next) = textUntil("</Name>", from: start) else { break }
                var name = (try? XMLEntities.decode(Substring(raw))) ?? raw
                if encoded { name = name.removingPercentEncoding ?? name }
                names.append(inPrefix ? "P:" + name : name)
                i = next
                continue
            }
            i += 1
        }
        return (names, marker)
    }
}
