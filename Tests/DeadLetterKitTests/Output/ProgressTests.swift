import Foundation
import XCTest
@testable import DeadLetterKit

final class ProgressTests: XCTestCase {
    func testLineWithKnownTotalHasAnETA() {
        let counts = ProgressCounts(blobsListed: 500, listingComplete: true, blobsDone: 120, events: 12_345, matched: 321)
        XCTAssertEqual(ProgressLine.text(counts, elapsed: .seconds(12)),
                       "blobs 120/500  10.0/s  events 12345  matched 321  elapsed 0:12  ETA 0:38")
    }

    func testLineWhileListingHasNoETA() {
        let counts = ProgressCounts(blobsListed: 5000, listingComplete: false, blobsDone: 4000, events: 9, matched: 0)
        XCTAssertEqual(ProgressLine.text(counts, elapsed: .seconds(3725)),
                       "blobs 4000/5000+  1.1/s  events 9  matched 0  elapsed 1:02:05")
        XCTAssertEqual(ProgressLine.text(ProgressCounts(blobsListed: 2, listingComplete: true, blobsDone: 2), elapsed: .milliseconds(10)),
                       "blobs 2/2  200/s  events 0  matched 0  elapsed 0:00")
    }

    func testLineIsCutToTheTerminalWidth() {
        let line = ProgressLine.text(ProgressCounts(blobsListed: 1, blobsDone: 0), elapsed: .zero, width: 20)
        XCTAssertEqual(line, "blobs 0/1+  0.0/s …")
        XCTAssertEqual(line.count, 19)
    }

    func testRedrawsAtMostTenTimesASecond() {
        let start = ContinuousClock.now
        XCTAssertTrue(ProgressLine.shouldRedraw(at: start, lastRedraw: nil))
        XCTAssertFalse(ProgressLine.shouldRedraw(at: start + .milliseconds(99), lastRedraw: start))
        XCTAssertTrue(ProgressLine.shouldRedraw(at: start + .milliseconds(100), lastRedraw: start))
    }

    func testReporterDrawsOnATerminalAndClearsAtTheEnd() async throws {
        let (reader, writer) = try makePipe()
        let progress = ProgressReporter(quiet: false, fileDescriptor: writer, isTerminal: true)
        XCTAssertTrue(progress.isEnabled)
        await progress.listed(3, complete: true)
        await progress.blobRead(events: 10, matched: 4)
        await progress.blobRead(events: 5, matched: 1)  // within 100 ms of the first draw: not drawn
        await progress.printAbove("warning: blob x could not be read")
        await progress.finish()
        await progress.blobRead(events: 1, matched: 1)  // after finish: nothing more
        let counts = await progress.current
        XCTAssertEqual(counts, ProgressCounts(blobsListed: 3, listingComplete: true, blobsDone: 3, events: 16, matched: 6))
        close(writer)
        let output = String(decoding: FileHandle(fileDescriptor: reader, closeOnDealloc: true).readDataToEndOfFile(), as: UTF8.self)
        let segments = output.components(separatedBy: "\r")
        XCTAssertTrue(segments[1].hasPrefix("blobs 0/3  0.0/s  events 0  matched 0  elapsed 0:00"), output)
        XCTAssertTrue(output.contains("\r\u{1B}[Kwarning: blob x could not be read\n\rblobs 2/3  "), output)
        XCTAssertTrue(output.hasSuffix("\r\u{1B}[K"), output)
    }

    func testQuietOrNoTerminalDrawsNothing() async throws {
        for progress in [{ ProgressReporter(quiet: true, fileDescriptor: $0, isTerminal: true) },
                         { ProgressReporter(quiet: false, fileDescriptor: $0) }] {
            let (reader, writer) = try makePipe()
            let reporter = progress(writer)
            XCTAssertFalse(reporter.isEnabled)
            await reporter.listed(1, complete: true)
            await reporter.blobRead(events: 1, matched: 1)
            await reporter.finish()
            close(writer)
            XCTAssertEqual(FileHandle(fileDescriptor: reader, closeOnDealloc: true).readDataToEndOfFile().count, 0)
        }
    }

    private func makePipe() throws -> (reader: Int32, writer: Int32) {
        var fds: [Int32] = [0, 0]
        guard pipe(&fds) == 0 else { throw OutputFileError.cannotCreate(path: "pipe", errno: errno) }
        return (fds[0], fds[1])
    }
}
