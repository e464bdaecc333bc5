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
    static func listing(_ body: [UInt8]) -> (names: [String], nextMarker: String?) {
        let xml = String(decoding: body, as: UTF8.self)
        var names: [String] = []
        var rest = Substring(xml)
        while let first = [rest.range(of: "<Blob>"), rest.range(of: "<BlobPrefix>")].compactMap({ $0 }).min(by: { $0.lowerBound < $1.lowerBound }) {
            let prefixItem = rest[first].hasPrefix("<BlobPrefix")
            rest = rest[first.upperBound...]
            guard let nameStart = rest.range(of: "<Name"), let close = rest.range(of: ">", range: nameStart.upperBound..<rest.endIndex),
                  let nameEnd = rest.range(of: "</Name>", range: close.upperBound..<rest.endIndex) else { break }
            let encoded = rest[nameStart.upperBound..<close.lowerBound].contains("Encoded=\"true\"")
            let raw = rest[close.upperBound..<nameEnd.lowerBound]
            var name = (try? XMLEntities.decode(raw)) ?? String(raw)
            if encoded { name = name.removingPercentEncoding ?? name }
            names.append(prefixItem ? "P:" + name : name)
            rest = rest[nameEnd.upperBound...]
        }
        var marker: String?
        if let open = xml.range(of: "<NextMarker>"), let close = xml.range(of: "</NextMarker>") {
            marker = String(xml[open.upperBound..<close.lowerBound])
        }
        return (names, marker)
    }
}
