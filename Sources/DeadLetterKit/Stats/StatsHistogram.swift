import Foundation

/// Dead letters per time bucket, contiguous from the first bucket with any to the last, empty buckets included,
/// so that gaps in an outage show.
///
/// Buckets are an hour unless the span is longer than `maxBuckets` hours; then a day, a week (from Monday), or a
/// multiple of weeks, whichever is the smallest that fits.
public struct StatsHistogram: Sendable, Equatable {
    public struct Bucket: Sendable, Equatable {
        /// Hours since 1970-01-01T00:00Z at the start of the bucket.
        public var startHour: Int
        public var count: Int

        public init(startHour: Int, count: Int) {
            self.startHour = startHour
            self.count = count
        }

        public var start: Date { StatsClock.date(hour: startHour) }
    }

    /// Hours up to which the histogram stays per hour (two weeks).
    public static let defaultMaxBuckets = 336

    /// 1, 24, 168 or a multiple of 168.
    public var bucketHours: Int
    public var buckets: [Bucket]

    public init(bucketHours: Int, buckets: [Bucket]) {
        self.bucketHours = bucketHours
        self.buckets = buckets
    }

    /// `hour`, `day`, `week`, `2 weeks`.
    public var bucketName: String {
        switch bucketHours {
        case 1: return "hour"
        case 24: return "day"
        case 168: return "week"
        default: return bucketHours % 168 == 0 ? "\(bucketHours / 168) weeks" : "\(bucketHours) hours"
        }
    }

    /// The bucket's label in the terminal: `2024-01-05 13:00` per hour, `2024-01-05` for longer buckets.
    public func label(of bucket: Bucket) -> String {
        bucketHours == 1 ? StatsClock.hourLabel(bucket.startHour) : StatsClock.dayLabel(StatsClock.dayIndex(hour: bucket.startHour))
    }

    /// Builds the histogram from counts per hour since 1970.
    init(hourCounts: [Int: Int], maxBuckets: Int = defaultMaxBuckets) {
        guard let first = hourCounts.keys.min(), let last = hourCounts.keys.max() else {
            self.init(bucketHours: 1, buckets: [])
            return
        }
        let size = Self.bucketHours(spanning: first...last, maxBuckets: max(1, maxBuckets))
        let start = Self.bucketStart(first, size: size)
        let count = (Self.bucketStart(last, size: size) - start) / size + 1
        var buckets = (0..<count).map { Bucket(startHour: start + $0 * size, count: 0) }
        for (hour, hourCount) in hourCounts {
            buckets[(Self.bucketStart(hour, size: size) - start) / size].count += hourCount
        }
        self.init(bucketHours: size, buckets: buckets)
    }

    /// The smallest of hour, day, week, n weeks whose aligned buckets over `hours` number at most `maxBuckets`.
    static func bucketHours(spanning hours: ClosedRange<Int>, maxBuckets: Int) -> Int {
        func bucketCount(_ size: Int) -> Int {
            (bucketStart(hours.upperBound, size: size) - bucketStart(hours.lowerBound, size: size)) / size + 1
        }
        for size in [1, 24, 168] where bucketCount(size) <= maxBuckets {
            return size
        }
        var weeks = 2
        while bucketCount(168 * weeks) > maxBuckets { weeks += 1 }
        return 168 * weeks
    }

    /// Day buckets start at midnight UTC; week buckets on a Monday (1970-01-05 was one, hour 96).
    static func bucketStart(_ hour: Int, size: Int) -> Int {
        let anchor = size % 168 == 0 ? 96 : 0
        return StatsClock.floorDivide(hour - anchor, size) * size + anchor
    }
}
