/// Blocks uploaded with Put Block and not yet committed, per blob, in memory. Azure keeps them for a week and drops
/// them when the blob is committed, overwritten or deleted; the emulator drops them at the same moments (and on
/// restart). Memory is bounded: together they may hold at most `byteLimit` bytes.
actor StagedBlocks {
    struct BlobKey: Hashable, Sendable {
        var account: String
        var container: String
        var name: String
    }

    /// Azure's limit on uncommitted blocks per blob.
    static let maxBlocksPerBlob = 100_000

    let byteLimit: Int
    private var blocks: [BlobKey: [String: [UInt8]]] = [:]
    private var bytesHeld = 0

    init(byteLimit: Int = 2 << 30) {
        self.byteLimit = byteLimit
    }

    /// Keeps a block (replacing one with the same id, as Azure does).
    func stage(_ bytes: [UInt8], id: String, for key: BlobKey) throws {
        let replaced = blocks[key]?[id]?.count ?? 0
        guard bytesHeld - replaced + bytes.count <= byteLimit else {
            throw BlobServiceError.requestBodyTooLarge(limit: byteLimit - bytesHeld + replaced)
        }
        guard replaced > 0 || (blocks[key]?.count ?? 0) < Self.maxBlocksPerBlob else {
            throw BlobServiceError(status: 409, code: "BlockCountExceedsLimit",
                                   message: "The uncommitted block count cannot exceed the maximum limit of 100,000 blocks.")
        }
        blocks[key, default: [:]][id] = bytes
        bytesHeld += bytes.count - replaced
    }

    /// The blocks' bytes in list order; every id must be staged. Nothing is removed (the commit may still fail).
    func bytes(of ids: [String], for key: BlobKey) throws -> [UInt8] {
        let staged = blocks[key] ?? [:]
        var out: [UInt8] = []
        out.reserveCapacity(ids.reduce(0) { $0 + (staged[$1]?.count ?? 0) })
        for id in ids {
            guard let block = staged[id] else { throw BlobServiceError.invalidBlockList() }
            out.append(contentsOf: block)
        }
        return out
    }

    /// The blob was committed, overwritten or deleted: its uncommitted blocks go.
    func discard(_ key: BlobKey) {
        guard let dropped = blocks.removeValue(forKey: key) else { return }
        bytesHeld -= dropped.values.reduce(0) { $0 + $1.count }
    }

    var heldBytes: Int { bytesHeld }
}
