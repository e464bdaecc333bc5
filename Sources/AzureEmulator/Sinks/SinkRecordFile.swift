import Foundation

/// Appends JSONL records to `SinkConfiguration.recordFile`, so a run can be inspected after the emulator is gone.
/// Owned by `SinkStore` (an actor), which serializes every write.
final class SinkRecordFile {
    let path: String
    private var handle: FileHandle?

    init(path: String) {
        self.path = path
    }

    deinit {
        try? handle?.close()
    }

    func append(_ bytes: [UInt8]) throws(SinkRejection) {
        do {
            if handle == nil {
                if !FileManager.default.fileExists(atPath: path) {
                    guard FileManager.default.createFile(atPath: path, contents: nil) else {
                        throw SinkRejection.recordFileFailed(path: path, reason: "cannot create the file (does its folder exist and is it writable?)")
                    }
                }
                guard let opened = FileHandle(forWritingAtPath: path) else {
                    throw SinkRejection.recordFileFailed(path: path, reason: "cannot open it for writing")
                }
                try opened.seekToEnd()
                handle = opened
            }
            try handle?.write(contentsOf: Data(bytes))
        } catch let rejection as SinkRejection {
            throw rejection
        } catch {
            throw SinkRejection.recordFileFailed(path: path, reason: "\(error)")
        }
    }
}
