import Foundation

/// A message a sink validated and is about to record; the store assigns its sequence number and time.
struct PendingMessage: Sendable {
    var kind: ReceivedMessage.Kind
    var contentType: String?
    var body: [UInt8]
    var brokerProperties: [String: ReceivedPropertyValue] = [:]
    var userProperties: [String: ReceivedPropertyValue] = [:]
    var partitionKey: String?
    var messageID: String?
}

/// Everything the sinks remember: accepted messages in order, counters, and the Service Bus duplicate-detection history.
/// One actor for all sinks so a request's messages are recorded together and sequence numbers never interleave.
actor SinkStore {
    private var messages: [String: [ReceivedMessage]] = [:]
    private var lastSequence: [String: Int] = [:]
    private var counters: [String: SinkCounters] = [:]
    private var duplicateHistory: [String: SinkDuplicateHistory] = [:]
    private let recordFile: SinkRecordFile?
    private let retentionLimit: Int?

    init(recordFile: String?, retentionLimit: Int?) {
        self.recordFile = recordFile.map(SinkRecordFile.init(path:))
        self.retentionLimit = retentionLimit.map { max(1, $0) }
    }

    func reject(sink: String, _ rejection: SinkRejection) {
        counters[sink, default: SinkCounters()].requests += 1
        counters[sink, default: SinkCounters()].rejected[rejection.counterKey, default: 0] += 1
    }

    /// Records a request's messages in order. With a duplicate-detection window, a MessageId already accepted within
    /// the window is counted as dropped instead (Service Bus still answers 201, wire-formats §6.3).
    func accept(sink: String, _ pending: [PendingMessage], at now: Date, duplicateDetectionWindow: TimeInterval?) throws(SinkRejection) {
        counters[sink, default: SinkCounters()].requests += 1
        var lines: [UInt8] = []
        for message in pending {
            if let window = duplicateDetectionWindow, let id = message.messageID {
                if duplicateHistory[sink, default: SinkDuplicateHistory(window: window)].isDuplicate(id, at: now) {
                    counters[sink, default: SinkCounters()].duplicatesDropped += 1
                    continue
                }
            }
            let sequence = (lastSequence[sink] ?? 0) + 1
            lastSequence[sink] = sequence
            let received = ReceivedMessage(sink: sink, kind: message.kind, sequenceNumber: sequence, receivedAt: now,
                                           contentType: message.contentType, body: message.body, brokerProperties: message.brokerProperties,
                                           userProperties: message.userProperties, partitionKey: message.partitionKey, messageID: message.messageID)
            messages[sink, default: []].append(received)
            counters[sink, default: SinkCounters()].acceptedMessages += 1
            if recordFile != nil { lines.append(contentsOf: received.jsonlLine) }
        }
        trimToRetentionLimit(sink)
        guard let recordFile, !lines.isEmpty else { return }
        do {
            try recordFile.append(lines)
        } catch {
            // The messages stay recorded in memory; the client learns that the file is incomplete.
            counters[sink, default: SinkCounters()].rejected[error.counterKey, default: 0] += 1
            throw error
        }
    }

    /// Keeps memory flat in long runs (benchmarks): beyond the limit the oldest messages leave memory in chunks
    /// (counters and the record file keep everything).
    private func trimToRetentionLimit(_ sink: String) {
        guard let limit = retentionLimit, let count = messages[sink]?.count, count > limit + max(limit / 2, 1) else { return }
        messages[sink]?.removeFirst(count - limit)
    }

    func received(_ sink: String) -> [ReceivedMessage] {
        let all = messages[sink] ?? []
        guard let limit = retentionLimit, all.count > limit else { return all }
        return Array(all.suffix(limit))
    }

    func counters(_ sink: String) -> SinkCounters { counters[sink] ?? SinkCounters() }

    func reset() {
        messages = [:]
        lastSequence = [:]
        counters = [:]
        duplicateHistory = [:]
    }
}
