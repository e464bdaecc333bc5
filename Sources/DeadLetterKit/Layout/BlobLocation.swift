import Foundation

/// Where a dead-letter blob sits in its layout: which endpoint/subscription group and which dead-letter hour.
public struct BlobLocation: Sendable, Hashable {
    public var kind: BlobLayoutKind
    /// The path segments before the date folders, e.g. `["eventgridtoasb", "ASB-SUB-2-STORAGE"]`.
    public var groupSegments: [String]
    public var year: Int
    public var month: Int
    public var day: Int
    public var hour: Int
    /// The last path segment, e.g. `e3b13e86-….json`.
    public var fileName: String

    public init(kind: BlobLayoutKind, groupSegments: [String], year: Int, month: Int, day: Int, hour: Int, fileName: String) {
        self.kind = kind
        self.groupSegments = groupSegments
        self.year = year
        self.month = month
        self.day = day
        self.hour = hour
        self.fileName = fileName
    }

    /// The group as it appears in the path: `ep1`, `eventgridtoasb/ASB-SUB-2-STORAGE`, `ns/topic/sub`.
    public var group: String { groupSegments.joined(separator: "/") }

    /// The folder hour as a UTC instant: the hour in which the blob was dead-lettered (not the event's own time).
    public var folderHour: Date { DateFolderName.hourStart(year: year, month: month, day: day, hour: hour) }

    /// The file name without `.json`: the event id for ADT, a random GUID for Event Grid.
    public var fileStem: String {
        guard BlobLayoutParser.isJSONFileName(fileName) else { return fileName }
        return String(fileName.dropLast(5))
    }

    /// The ADT endpoint or Event Grid subscription name (the last group segment).
    public var endpointOrSubscription: String { groupSegments.last ?? "" }

    /// Namespace, topic and subscription for `.eventGridNamespace` (the last three group segments), else nil.
    public var namespaceTopicSubscription: (namespace: String, topic: String, subscription: String)? {
        guard kind == .eventGridNamespace, groupSegments.count >= 3 else { return nil }
        let tail = groupSegments.suffix(3).map { $0 }
        return (tail[0], tail[1], tail[2])
    }

    /// `group/yyyy/mm/dd/hh` with the group lower-cased and the numbers zero-padded, so that `MY-SUB/2019/8/8/5`
    /// and `my-sub/2019/08/08/05` name the same hour (sharding hashes this).
    public var normalizedHourKey: String {
        DateFolderName.normalizedHourKey(groupSegments: groupSegments, year: year, month: month, day: day, hour: hour)
    }
}
