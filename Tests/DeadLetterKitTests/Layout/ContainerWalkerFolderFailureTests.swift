import XCTest
@testable import DeadLetterKit

/// A walker that records folder failures names the folder and goes on with the rest of the container.
final class ContainerWalkerFolderFailureTests: XCTestCase {
    private let names = DeadLetterTree.hours("ep1", from: DeadLetterTree.utc(2024, 1, 1), count: 8, blobsPerHour: 7)
    private let failing = "ep1/2024/1/1/5/"

    func testAnHourFolderThatCannotBeListedIsRecordedAndTheOthersAreWalked() async throws {
        let lister = InMemoryBlobLister(names: names, maxPageSize: 3, failingPrefixes: [failing])
        let walk = try ContainerWalker(lister: lister, recordsFolderFailures: true).walk(WalkPlan())
        let items = try await walk.collect()
        XCTAssertEqual(items.blobNames, names.filter { !$0.hasPrefix(failing) })
        let statistics = await walk.statistics()
        XCTAssertEqual(statistics.unlistedFolders, [
            WalkFolderFailure(prefix: failing, level: .hour, marker: nil, cause: "simulated 503 ServerBusy for '\(failing)'"),
        ])
        XCTAssertEqual(statistics.unlistedFolders.first?.description,
                       "'ep1/2024/1/1/5/': the hour folder could not be listed, so its blobs are missing: simulated 503 ServerBusy for 'ep1/2024/1/1/5/'")
        XCTAssertEqual(statistics.hourFoldersListed, 7)
    }

    func testAPageThatFailsMidFolderKeepsThePagesBeforeIt() async throws {
        let lister = FailingPageLister(inner: InMemoryBlobLister(names: names, maxPageSize: 3), prefix: failing, failingPage: 3)
        let walk = try ContainerWalker(lister: lister, recordsFolderFailures: true).walk(WalkPlan())
        let items = try await walk.collect()
        let folderBlobs = names.filter { $0.hasPrefix(failing) }
        // Pages 1 and 2 (six blobs) were yielded; the seventh blob, on page 3, is missing.
        XCTAssertEqual(items.blobNames, names.filter { !$0.hasPrefix(failing) || folderBlobs.prefix(6).contains($0) })
        let failures = await walk.statistics().unlistedFolders
        XCTAssertEqual(failures.count, 1)
        let failure = try XCTUnwrap(failures.first)
        XCTAssertEqual(failure.prefix, failing)
        XCTAssertEqual(failure.marker, folderBlobs[5])
        XCTAssertTrue(failure.consequence.hasPrefix("the hour folder could not be listed, so its blobs after marker '\(folderBlobs[5])' are missing: "),
                      failure.consequence)
    }

    func testAFolderNestedInAnHourFolderFailsAloneAndTheHourFolderIsKept() async throws {
        let nested = "ep1/2024/1/1/3/sub/"
        let withNested = names + [nested + "deep.json"]
        let lister = InMemoryBlobLister(names: withNested, failingPrefixes: [nested])
        let walk = try ContainerWalker(lister: lister, recordsFolderFailures: true).walk(WalkPlan())
        let items = try await walk.collect()
        XCTAssertEqual(items.blobNames, names)
        XCTAssertEqual(items.unrecognizedNames, [])
        let failures = await walk.statistics().unlistedFolders
        XCTAssertEqual(failures.map(\.prefix), [nested])
        XCTAssertEqual(failures.map(\.level), [.unrecognizedFolder])
    }

    func testAStalledListingIsRecordedWithItsFolder() async throws {
        let lister = FailingPageLister(inner: InMemoryBlobLister(names: names, maxPageSize: 3), prefix: failing, failingPage: nil)
        let walk = try ContainerWalker(lister: lister, recordsFolderFailures: true).walk(WalkPlan())
        let items = try await walk.collect()
        // The stalled page's blobs are good: they are yielded (pages 1 and 2), then the folder is given up.
        let folderBlobs = names.filter { $0.hasPrefix(failing) }
        XCTAssertEqual(items.blobNames.filter { $0.hasPrefix(failing) }, Array(folderBlobs.prefix(6)))
        let failures = await walk.statistics().unlistedFolders
        XCTAssertEqual(failures.count, 1)
        let failure = try XCTUnwrap(failures.first)
        XCTAssertEqual(failure.prefix, failing)
        XCTAssertEqual(failure.marker, folderBlobs[2])
        XCTAssertTrue(failure.cause.contains("same marker"), failure.cause)
    }

    func testADayFolderThatCannotBeListedIsRecordedAndTheOtherDaysAreWalked() async throws {
        let twoDays = DeadLetterTree.hours("ep1", from: DeadLetterTree.utc(2024, 1, 1, 20), count: 8, blobsPerHour: 2)
        let failingDay = "ep1/2024/1/2/"
        let lister = FailingPageLister(inner: InMemoryBlobLister(names: twoDays + ["ep2/2024/1/2/0/x.json"], maxPageSize: 2),
                                       prefix: failingDay, failingPage: 2)
        let walk = try ContainerWalker(lister: lister, recordsFolderFailures: true).walk(WalkPlan())
        let items = try await walk.collect()
        // Day 1's four hours and the other endpoint are walked; of day 2 nothing, although its first page was listed.
        XCTAssertEqual(items.blobNames, twoDays.filter { !$0.hasPrefix(failingDay) } + ["ep2/2024/1/2/0/x.json"])
        let failures = await walk.statistics().unlistedFolders
        XCTAssertEqual(failures.map(\.prefix), [failingDay])
        XCTAssertEqual(failures.map(\.level), [.day])
        XCTAssertEqual(failures.first?.consequence,
                       "the day folder could not be listed, so its blobs are missing: simulated 503 ServerBusy for '\(failingDay)'")
    }

    func testAGroupFolderThatCannotBeListedIsRecorded() async throws {
        let lister = InMemoryBlobLister(names: names + ["ep2/2024/1/1/0/x.json"], failingPrefixes: ["ep1/"])
        let walk = try ContainerWalker(lister: lister, recordsFolderFailures: true).walk(WalkPlan())
        let items = try await walk.collect()
        XCTAssertEqual(items.blobNames, ["ep2/2024/1/1/0/x.json"])
        let failures = await walk.statistics().unlistedFolders
        XCTAssertEqual(failures.map(\.prefix), ["ep1/"])
        XCTAssertEqual(failures.map(\.level), [.group])
    }

    func testTheContainerRootThatCannotBeListedEndsTheWalk() async throws {
        let lister = InMemoryBlobLister(names: names, failingPrefixes: [""])
        do {
            _ = try await ContainerWalker(lister: lister, recordsFolderFailures: true).walk(WalkPlan()).collect()
            XCTFail("with the root unlisted there is nothing to walk: the walk must fail")
        } catch ContainerWalkError.listingFailed(let prefix, let level, _, _) {
            XCTAssertEqual(prefix, "")
            XCTAssertEqual(level, .container)
        }
    }

    func testAFlatListingPageThatFailsEndsTheListingButNotTheWalk() async throws {
        let lister = FailingPageLister(inner: InMemoryBlobLister(names: names, maxPageSize: 5), prefix: "", failingPage: 3)
        let walk = try ContainerWalker(lister: lister, recordsFolderFailures: true).walkFlat(WalkPlan())
        let items = try await walk.collect()
        XCTAssertEqual(items.blobNames, Array(names.sorted().prefix(10)))
        let failures = await walk.statistics().unlistedFolders
        XCTAssertEqual(failures.map(\.level), [.flat])
        XCTAssertEqual(failures.first?.marker, names.sorted()[9])
        XCTAssertEqual(failures.first?.consequence,
                       "the flat listing could not go on, so its blobs after marker '\(names.sorted()[9])' are missing: simulated 503 ServerBusy for ''")
    }

    func testAFlatListingWhoseFirstPageFailsEndsTheWalk() async throws {
        let lister = FailingPageLister(inner: InMemoryBlobLister(names: names, maxPageSize: 5), prefix: "", failingPage: 1)
        do {
            _ = try await ContainerWalker(lister: lister, recordsFolderFailures: true).walkFlat(WalkPlan()).collect()
            XCTFail("nothing was listed: the walk must fail")
        } catch ContainerWalkError.listingFailed(let prefix, let level, let marker, _) {
            XCTAssertEqual(prefix, "")
            XCTAssertEqual(level, .flat)
            XCTAssertNil(marker)
        }
    }

    func testUpperLevelFailuresEndTheWalkWhenFailuresAreNotRecorded() async throws {
        let lister = InMemoryBlobLister(names: names, failingPrefixes: ["ep1/2024/1/1/"])
        do {
            _ = try await ContainerWalker(lister: lister).walk(WalkPlan()).collect()
            XCTFail("a walker that does not record folder failures must stop at the first one")
        } catch ContainerWalkError.listingFailed(let prefix, let level, _, _) {
            XCTAssertEqual(prefix, "ep1/2024/1/1/")
            XCTAssertEqual(level, .day)
        }
    }
}

/// Fails one folder's listing at a given page (1-based), or, with no page, answers its first page with a marker
/// that never advances.
struct FailingPageLister: BlobLister {
    let inner: InMemoryBlobLister
    let prefix: String
    let failingPage: Int?

    func listPage(prefix: String, delimiter: String?, marker: String?, maxResults: Int?) async throws -> ListBlobsPage {
        guard prefix == self.prefix else {
            return try await inner.listPage(prefix: prefix, delimiter: delimiter, marker: marker, maxResults: maxResults)
        }
        guard let failingPage else {
            var page = try await inner.listPage(prefix: prefix, delimiter: delimiter, marker: marker, maxResults: maxResults)
            if marker != nil { page.nextMarker = marker }
            return page
        }
        let previousPages = await inner.log.count { $0.prefix == prefix }
        if previousPages + 1 == failingPage { throw TestListingFailure(prefix: prefix) }
        return try await inner.listPage(prefix: prefix, delimiter: delimiter, marker: marker, maxResults: maxResults)
    }
}
