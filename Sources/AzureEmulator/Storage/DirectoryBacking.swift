import AzureCore
import Foundation
import Logging

/// Blobs as plain files: `<root>/<account>/<container>/<blob name>`, so a directory that mirrors a container is a
/// container, and the emulator's bookkeeping lives apart under `<root>/.emulator-meta/` (a name no account can have).
///
/// Some blob names cannot be file paths (`a` and `a/b` both existing, empty or `..` segments, a trailing `/`,
/// segments over 255 bytes); their bytes go to `.emulator-meta/<account>/<container>/<xx>/<hash>.bin` instead.
struct DirectoryBacking: BlobBacking {
    let root: String
    let logger: Logger

    static let metaDirectoryName = ".emulator-meta"

    var metaRoot: String { root + "/" + Self.metaDirectoryName }
    var stagingDirectory: String { metaRoot + "/tmp" }

    init(root: String, logger: Logger) throws {
        var path = root
        while path.count > 1, path.hasSuffix("/") { path.removeLast() }
        self.root = path
        self.logger = logger
        do {
            try BlobFileIO.makeDirectories(path)
            try BlobFileIO.makeDirectories(path + "/" + Self.metaDirectoryName + "/tmp")
        } catch {
            throw EmulatorStartupError.storageUnreadable(path: path, reason: "\(error)")
        }
    }

    func containerDirectory(account: String, container: String) -> String { root + "/" + account + "/" + container }
    func containerMetaDirectory(account: String, container: String) -> String { metaRoot + "/" + account + "/" + container }

    /// The mirror path for a name, or nil when the name cannot be a relative file path.
    func mirrorPath(account: String, container: String, name: String) -> String? {
        let segments = name.split(separator: "/", omittingEmptySubsequences: false)
        for segment in segments {
            if segment.isEmpty || segment == "." || segment == ".." || segment.utf8.count > 255 || segment.utf8.contains(0) { return nil }
        }
        return containerDirectory(account: account, container: container) + "/" + name
    }

    /// `<xx>/<hex>` where hex is the SHA-256 of the name. Names up to 1024 characters need a fixed-length file name;
    /// the fan-out keeps directories small.
    static func hashedStem(of name: String) -> String {
        let hex = ContentHash.sha256Hex(name)
        return String(hex.prefix(2)) + "/" + hex
    }

    func sidecarPath(account: String, container: String, name: String) -> String {
        containerMetaDirectory(account: account, container: container) + "/" + Self.hashedStem(of: name) + ".json"
    }

    // MARK: containers

    func createContainer(account: String, container: String) throws {
        try BlobFileIO.makeDirectories(containerDirectory(account: account, container: container))
    }

    func deleteContainer(account: String, container: String) throws {
        try BlobFileIO.removeTree(containerDirectory(account: account, container: container))
        try BlobFileIO.removeTree(containerMetaDirectory(account: account, container: container))
    }

    // MARK: writes

    func stage(_ bytes: [UInt8]) async throws -> StagedContent {
        let path = stagingDirectory + "/" + UUID().uuidString
        try await BlobFileIO.offload { try BlobFileIO.writeNewFile(path, bytes: bytes) }
        return .temporaryFile(path: path, length: Int64(bytes.count))
    }

    func stageCopy(of content: BlobContent, length: Int64) async throws -> StagedContent {
        let path = stagingDirectory + "/" + UUID().uuidString
        switch content {
        case .memory(let bytes):
            try await BlobFileIO.offload { try BlobFileIO.writeNewFile(path, bytes: bytes) }
            return .temporaryFile(path: path, length: Int64(bytes.count))
        case .file(let source):
            let copied = try await BlobFileIO.offload { try BlobFileIO.copyFile(from: source, to: path) }
            return .temporaryFile(path: path, length: copied)
        }
    }

    func discard(_ staged: StagedContent) {
        if case .temporaryFile(let path, _) = staged { BlobFileIO.removeIfPresent(path) }
    }

    func commit(_ staged: StagedContent, record: BlobRecord, replacing old: BlobRecord?, account: String, container: String) throws -> BlobContent {
        let temporary: String
        switch staged {
        case .temporaryFile(let path, _): temporary = path
        case .memory(let bytes):
            temporary = stagingDirectory + "/" + UUID().uuidString
            try BlobFileIO.writeNewFile(temporary, bytes: bytes)
        }
        var target: String
        var contentFile: String?
        if let mirror = mirrorPath(account: account, container: container, name: record.name),
           (try? placeAtMirrorPath(temporary, mirror)) != nil {
            target = mirror
        } else {
            let stem = Self.hashedStem(of: record.name) + ".bin"
            target = containerMetaDirectory(account: account, container: container) + "/" + stem
            try BlobFileIO.makeDirectories((target as NSString).deletingLastPathComponent)
            try BlobFileIO.rename(temporary, to: target)
            contentFile = stem
        }
        // The previous version may have lived at the other location.
        if let old, case .file(let oldPath) = old.content, oldPath != target {
            BlobFileIO.removeIfPresent(oldPath)
        }
        var placed = record
        placed.content = .file(path: target)
        try writeSidecar(for: placed, contentFile: contentFile, account: account, container: container)
        return placed.content
    }

    /// Renames into the mirror path; fails when a directory sits where the file goes or a file where a directory must be.
    private func placeAtMirrorPath(_ temporary: String, _ mirror: String) throws {
        let parent = (mirror as NSString).deletingLastPathComponent
        try BlobFileIO.makeDirectories(parent)
        if let existing = BlobFileIO.status(mirror), existing.isDirectory {
            throw BlobFileError.system(operation: "replace", path: mirror, errno: EISDIR)
        }
        try BlobFileIO.rename(temporary, to: mirror)
    }

    func saveProperties(of record: BlobRecord, account: String, container: String) throws {
        guard case .file(let path) = record.content else { return }
        let metaDirectory = containerMetaDirectory(account: account, container: container)
        let contentFile = path.hasPrefix(metaDirectory + "/") ? String(path.dropFirst(metaDirectory.count + 1)) : nil
        try writeSidecar(for: record, contentFile: contentFile, account: account, container: container)
    }

    private func writeSidecar(for record: BlobRecord, contentFile: String?, account: String, container: String) throws {
        guard case .file(let path) = record.content, let status = BlobFileIO.status(path) else { return }
        let sidecar = BlobSidecar(record: record, contentFile: contentFile, fileStatus: status)
        let destination = sidecarPath(account: account, container: container, name: record.name)
        try BlobFileIO.makeDirectories((destination as NSString).deletingLastPathComponent)
        let temporary = stagingDirectory + "/" + UUID().uuidString + ".json"
        try BlobFileIO.writeNewFile(temporary, bytes: try sidecar.encoded())
        try BlobFileIO.rename(temporary, to: destination)
    }

    func delete(_ record: BlobRecord, account: String, container: String) throws {
        if case .file(let path) = record.content {
            BlobFileIO.removeIfPresent(path)
            let containerDirectory = containerDirectory(account: account, container: container)
            BlobFileIO.pruneEmptyDirectories(from: (path as NSString).deletingLastPathComponent, stoppingAt: containerDirectory)
        }
        let sidecar = sidecarPath(account: account, container: container, name: record.name)
        BlobFileIO.removeIfPresent(sidecar)
        BlobFileIO.pruneEmptyDirectories(from: (sidecar as NSString).deletingLastPathComponent,
                                         stoppingAt: containerMetaDirectory(account: account, container: container))
    }
}
