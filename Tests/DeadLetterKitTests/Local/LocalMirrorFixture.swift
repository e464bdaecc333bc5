import Foundation
@testable import DeadLetterKit

/// A temporary mirror directory written from blob names (contents: the name itself, so sizes differ).
struct LocalMirrorFixture {
    let root: URL

    init(names: [String], emptyDirectories: [String] = []) throws {
        root = FileManager.default.temporaryDirectory.appendingPathComponent("walker-mirror-\(UUID().uuidString)")
        for name in names {
            let file = root.appendingPathComponent(name)
            try FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(name.utf8).write(to: file)
        }
        for directory in emptyDirectories {
            try FileManager.default.createDirectory(at: root.appendingPathComponent(directory), withIntermediateDirectories: true)
        }
    }

    func remove() {
        try? FileManager.default.removeItem(at: root)
    }

    /// Blob names with every character class that trips up listings: spaces, `&`, `%`, `+`, non-ASCII, hidden files,
    /// a file next to a folder of the same stem (`ep1.json` sorts between `ep1-x/` and `ep1/`).
    static let awkwardNames = [
        ".DS_Store",
        "ep1/.DS_Store",
        "ep1.json",
        "ep1-x/2024/1/1/1/w.json",
        "ep1/2024/1/5/13/a.json",
        "ep1/2024/1/5/13/b c.json",
        "ep1/2024/1/5/13/x&y.json",
        "ep1/2024/1/5/13/50%.json",
        "ep1/2024/1/5/13/a+b.json",
        "ep1/2024/1/5/13/é.json",
        "ep1/2024/1/5/13/测试.json",
        "ep1/2024/1/5/13/🙂.json",
        "ep1/2024/1/5/13/Z.json",
        "ep1/2024/1/5/14/c.json",
        "ep1/2024/9/1/0/y.json",
        "ep1/2024/10/1/0/z.json",
        "ep 2/2024/1/1/1/q.json",
        "ep&3/2024/1/1/1/q.json",
        "ep%4/2024/1/1/1/q.json",
        "ep+5/2024/1/1/1/q.json",
        "épsilon/2024/1/1/1/q.json",
        "MY-SUB/2019/8/8/5/e3b13e86-a4b8-429d-a6c2-74ba646f1c5e.json",
        "a/b/c/d/e/f.json",
        "notes/readme.txt",
    ]
}
