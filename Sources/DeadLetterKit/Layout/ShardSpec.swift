import Foundation

/// `--shard k/n`: this process walks the k-th of n disjoint parts of the hour folders (k is 1-based).
///
/// An hour folder belongs to shard `FNV-1a-64(normalizedHourKey) mod n + 1`, where the key is
/// `group-lower-cased/yyyy/mm/dd/hh` (zero-padded). The assignment depends only on the folder, never on listing
/// order or timing, so n processes started with 1/n … n/n together cover every hour folder exactly once.
/// Unrecognized blobs belong to shard 1 only, so they are reported once.
public struct ShardSpec: Sendable, Hashable, CustomStringConvertible {
    public let index: Int
    public let count: Int

    public init(index: Int, count: Int) throws(ShardSpecError) {
        guard count >= 1 else { throw .countNotPositive(count) }
        guard (1...count).contains(index) else { throw .indexOutOfRange(index: index, count: count) }
        self.index = index
        self.count = count
    }

    /// Parses `k/n`, e.g. `2/8`; surrounding spaces are allowed.
    public init(parsing text: String) throws(ShardSpecError) {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        let parts = trimmed.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2, let k = Self.decimal(parts[0]), let n = Self.decimal(parts[1]) else {
            throw .malformed(text)
        }
        try self.init(index: k, count: n)
    }

    public var description: String { "\(index)/\(count)" }

    /// Whether this shard walks the hour folder with this normalized key (`BlobLocation.normalizedHourKey`).
    public func owns(normalizedHourKey key: String) -> Bool {
        Int(Self.fnv1a64(key) % UInt64(count)) == index - 1
    }

    public func owns(groupSegments: [String], year: Int, month: Int, day: Int, hour: Int) -> Bool {
        owns(normalizedHourKey: DateFolderName.normalizedHourKey(groupSegments: groupSegments, year: year, month: month,
                                                                 day: day, hour: hour))
    }

    /// Unrecognized blobs are reported by shard 1 only.
    public var ownsUnrecognized: Bool { index == 1 }

    static func fnv1a64(_ text: String) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in text.utf8 {
            hash ^= UInt64(byte)
            hash &*= 0x0000_0100_0000_01b3
        }
        return hash
    }

    /// Plain ASCII decimal, at most 9 digits (no sign, no spaces inside).
    private static func decimal(_ text: Substring) -> Int? {
        guard !text.isEmpty, text.utf8.count <= 9, text.utf8.allSatisfy({ $0 >= 48 && $0 <= 57 }) else { return nil }
        return Int(text)
    }
}

/// A `--shard` value that cannot be used.
public enum ShardSpecError: Error, Sendable, Hashable, CustomStringConvertible {
    case malformed(String)
    case countNotPositive(Int)
    case indexOutOfRange(index: Int, count: Int)

    public var description: String {
        switch self {
        case .malformed(let text):
            return "'\(text)' is not a shard; write k/n with whole numbers, e.g. --shard 2/8 for the 2nd of 8 processes"
        case .countNotPositive(let count):
            return "a walk cannot be split into \(count) shards; n in k/n must be 1 or more"
        case .indexOutOfRange(let index, let count):
            return "shard \(index)/\(count) does not exist; k in k/n counts from 1 to \(count)"
        }
    }
}
