import Foundation

extension DirectoryBacking {
    /// Rebuilds every container from the directory: mirror files become blobs (with properties from their sidecar,
    /// or derived from the file when there is none), and the content area adds blobs whose names are not paths.
    func load(accounts: [String]) throws -> [String: [String: LoadedContainer]] {
        var result: [String: [String: LoadedContainer]] = [:]
        for account in accounts {
            let accountDirectory = root + "/" + account
            do { try BlobFileIO.makeDirectories(accountDirectory) } catch {
                throw EmulatorStartupError.storageUnreadable(path: accountDirectory, reason: "\(error)")
            }
            var containers: [String: LoadedContainer] = [:]
            for (name, isDirectory) in DirectoryWalker.entries(of: accountDirectory) {
                guard isDirectory else { continue }
                guard ContainerName.isValid(name) else {
                    logger.warning("ignoring \(accountDirectory)/\(name): not a valid container name (3–63 lowercase letters, digits and single hyphens)")
                    continue
                }
                containers[name] = loadContainer(account: account, container: name)
            }
            result[account] = containers
        }
        return result
    }

    private func loadContainer(account: String, container: String) -> LoadedContainer {
        let directory = containerDirectory(account: account, container: container)
        let metaDirectory = containerMetaDirectory(account: account, container: container)
        let created = BlobFileIO.status(directory).map { Date(timeIntervalSince1970: Double($0.modifiedNanos) / 1e9) } ?? Date()

        var mirrorFiles: [[UInt8]: DirectoryWalker.FileEntry] = [:]
        for file in DirectoryWalker.regularFiles(under: directory, skipped: { path in
            logger.warning("ignoring \(path): its name is not UTF-8, so it cannot be a blob name")
        }) {
            mirrorFiles[Array(file.relativePath.utf8)] = file
        }

        var records: [BlobRecord] = []
        records.reserveCapacity(mirrorFiles.count)
        for sidecarFile in DirectoryWalker.regularFiles(under: metaDirectory) where sidecarFile.relativePath.hasSuffix(".json") {
            let sidecarPath = metaDirectory + "/" + sidecarFile.relativePath
            guard let bytes = try? BlobFileIO.readWholeFile(sidecarPath), let sidecar = try? BlobSidecar.decode(bytes) else {
                logger.warning("ignoring unreadable emulator metadata \(sidecarPath)")
                continue
            }
            let contentPath: String
            if let contentFile = sidecar.contentFile {
                contentPath = metaDirectory + "/" + contentFile
            } else {
                let key = Array(sidecar.name.utf8)
                guard mirrorFiles.removeValue(forKey: key) != nil else {
                    // The file was deleted while the emulator was not running: forget its properties too.
                    BlobFileIO.removeIfPresent(sidecarPath)
                    continue
                }
                contentPath = directory + "/" + sidecar.name
            }
            guard let status = BlobFileIO.status(contentPath), status.isRegular else {
                BlobFileIO.removeIfPresent(sidecarPath)
                continue
            }
            records.append(sidecar.record(content: .file(path: contentPath), fileStatus: status))
        }

        for (_, file) in mirrorFiles {
            records.append(Self.derivedRecord(for: file, path: directory + "/" + file.relativePath))
        }
        return LoadedContainer(records: records, creationTime: created)
    }

    /// Properties for a file nobody uploaded through the emulator: its size and modification time, no MD5 (computing
    /// one would mean reading every byte at start-up; Azure too reports none for blobs uploaded without it).
    static func derivedRecord(for file: DirectoryWalker.FileEntry, path: String) -> BlobRecord {
        let ticks = AzureTimestamp.ticks(unixNanos: file.modifiedNanos)
        let modified = AzureTimestamp.date(ticks: ticks)
        let properties = BlobProperties(contentLength: file.size, contentMD5: nil, creationTime: modified, lastModified: modified,
                                        etag: AzureTimestamp.etag(ticks: ticks))
        return BlobRecord(name: file.relativePath, properties: properties, metadata: [], tags: [], content: .file(path: path))
    }
}

/// Container names: 3–63 characters, lowercase letters, digits and hyphens, starting and ending with a letter or
/// digit, no two hyphens in a row.
enum ContainerName {
    static func isValid(_ name: String) -> Bool {
        let bytes = Array(name.utf8)
        guard (3...63).contains(bytes.count) else { return false }
        func isAlphanumeric(_ b: UInt8) -> Bool { (48...57).contains(b) || (97...122).contains(b) }
        guard isAlphanumeric(bytes[0]), isAlphanumeric(bytes[bytes.count - 1]) else { return false }
        for (i, b) in bytes.enumerated() {
            if b == 45 { if bytes[i - 1] == 45 { return false } } else if !isAlphanumeric(b) { return false }
        }
        return true
    }
}
