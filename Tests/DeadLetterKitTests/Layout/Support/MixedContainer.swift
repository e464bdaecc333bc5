@testable import DeadLetterKit

/// A container holding every layout plus every kind of stray, with the walker's expected output order.
enum MixedContainer {
    static let egGUID = "e3b13e86-a4b8-429d-a6c2-74ba646f1c5e"
    static let nsGUID = "480b2295-0c38-40d0-b25a-f34b30aac1a9"

    /// Dead-letter blobs, in the order the walker yields them (groups in listing order, hours chronologically).
    static let expectedBlobs = [
        "MY-BLOB-SUBSCRIPTION/2019/8/8/5/\(egGUID).json",
        "eventgridtoasb/ASB-SUB-2-STORAGE/2019/6/13/5/\(egGUID).json",
        "ns1/orders/audit/2023/9/23/2/\(nsGUID).json",
        "twins-ep/2024/1/5/13/a1.json",
        "twins-ep/2024/1/5/13/a2.json",
        "twins-ep/2024/1/5/14/a3.json",
        "twins-ep/2024/9/30/23/b0.json",
        "twins-ep/2024/10/1/0/b1.json",
    ]

    /// Everything the walker yields, in order, with the reason for unrecognized blobs (nil for dead letters).
    static let expectedOrder: [(String, WalkUnrecognizedReason?)] = [
        (".DS_Store", .blobAboveHourFolders(folder: "", level: .container)),
        ("readme.txt", .blobAboveHourFolders(folder: "", level: .container)),
        ("2024/1/5/13/orphan.json", .underNonDateFolder(folder: "2024/", expected: .group)),
        ("MY-BLOB-SUBSCRIPTION/2019/8/8/5/\(egGUID).json", nil),
        ("a/b/c/d/e/f.json", .noDateFolders(folder: "a/b/c/d/e/", searchDepth: 4)),
        ("eventgridtoasb/ASB-SUB-2-STORAGE/2019/6/13/5/\(egGUID).json", nil),
        ("ns1/orders/audit/2023/9/23/2/\(nsGUID).json", nil),
        ("twins-ep/notes.txt", .blobAboveHourFolders(folder: "twins-ep/", level: .group)),
        ("twins-ep/2024/stray.json", .blobAboveHourFolders(folder: "twins-ep/2024/", level: .year)),
        ("twins-ep/2024/13/1/1/x.json", .underNonDateFolder(folder: "twins-ep/2024/13/", expected: .month)),
        ("twins-ep/2024/1/stray.json", .blobAboveHourFolders(folder: "twins-ep/2024/1/", level: .month)),
        ("twins-ep/2024/1/5/stray.json", .blobAboveHourFolders(folder: "twins-ep/2024/1/5/", level: .day)),
        ("twins-ep/2024/1/5/tmp/x.json", .underNonDateFolder(folder: "twins-ep/2024/1/5/tmp/", expected: .hour)),
        ("twins-ep/2024/1/5/13/a1.json", nil),
        ("twins-ep/2024/1/5/13/a2.json", nil),
        ("twins-ep/2024/1/5/13/notes.txt", .layoutMismatch(.notJSON(fileName: "notes.txt"))),
        ("twins-ep/2024/1/5/13/sub/deep.json", .nestedInHourFolder(folder: "twins-ep/2024/1/5/13/sub/")),
        ("twins-ep/2024/1/5/14/a3.json", nil),
        ("twins-ep/2024/2/30/1/x.json", .underNonDateFolder(folder: "twins-ep/2024/2/30/", expected: .day)),
        ("twins-ep/2024/9/30/23/b0.json", nil),
        ("twins-ep/2024/10/1/0/b1.json", nil),
    ]

    static var names: [String] { expectedOrder.map(\.0) }
}
