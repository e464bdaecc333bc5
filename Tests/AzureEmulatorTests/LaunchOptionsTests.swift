import AzureCore
import XCTest
@testable import AzureEmulator

final class LaunchOptionsTests: XCTestCase {
    func testDefaultsGiveTheDevelopmentAccountInMemoryOnPort10000() throws {
        let configuration = try EmulatorLaunchOptions().configuration()
        XCTAssertEqual(configuration.port, 10_000)
        XCTAssertEqual(configuration.storage, .memory)
        XCTAssertEqual(configuration.accounts, ["devstoreaccount1": StorageConnectionString.developmentAccountKey])
        XCTAssert(configuration.faults.isEmpty)
    }

    func testAccountsTokensAndFaultServices() throws {
        var options = EmulatorLaunchOptions()
        options.dataDirectory = "/tmp/x"
        options.accounts = ["acct1:\(StorageConnectionString.developmentAccountKey)"]
        options.bearerTokens = ["t1"]
        options.bearerTokensFromEnvironment = "t2, t3,"
        options.serverBusyRate = 0.1
        options.maxPageSize = 7
        options.faultServices = ["blob", "event-grid"]
        options.seed = 42
        let configuration = try options.configuration()
        XCTAssertEqual(configuration.storage, .directory("/tmp/x"))
        XCTAssertEqual(Array(configuration.accounts.keys), ["acct1"])
        XCTAssertEqual(configuration.acceptedBearerTokens, ["t1", "t2", "t3"])
        XCTAssertEqual(Set(configuration.faults.keys), [.blob, .eventGrid])
        XCTAssertEqual(configuration.faults[.blob], FaultPlan(serverBusyRate: 0.1, maxPageSize: 7))
        XCTAssertEqual(configuration.seed, 42)
        XCTAssert(configuration.sinks.eventGridTopics.values.allSatisfy { $0.acceptedBearerTokens.isSuperset(of: ["t1", "t2", "t3"]) })
    }

    func testErrorsDoNotEchoKeys() {
        var options = EmulatorLaunchOptions()
        options.accounts = ["c2VjcmV0LWtleQ=="]
        XCTAssertThrowsError(try options.configuration()) { error in
            XCTAssertEqual(error as? EmulatorLaunchError, .accountNotNameColonKey(position: 1))
            XCTAssertFalse("\(error)".contains("c2VjcmV0"))
        }
        options = EmulatorLaunchOptions()
        options.faultServices = ["queue"]
        options.dropRate = 0.1
        XCTAssertThrowsError(try options.configuration()) { XCTAssertEqual($0 as? EmulatorLaunchError, .unknownService("queue")) }
        options.faultServices = ["all"]
        options.dropRate = 1.5
        XCTAssertThrowsError(try options.configuration())
    }

    func testBannerAndReadyFile() async throws {
        var options = EmulatorLaunchOptions()
        options.port = 0
        options.bearerTokens = ["secret-token-value"]
        let server = try await EmulatorServer.start(try options.configuration())
        let banner = server.banner
        XCTAssert(banner.contains("BlobEndpoint=\(server.baseURL)/devstoreaccount1;"))
        XCTAssert(banner.contains("\(server.baseURL)/replay-topic/api/events"))
        XCTAssertFalse(banner.contains("secret-token-value"))
        let path = NSTemporaryDirectory() + "ready-\(UUID().uuidString)"
        try server.writeReadyFile(path)
        XCTAssertEqual(try String(contentsOfFile: path, encoding: .utf8), "\(server.port)\n")
        try? FileManager.default.removeItem(atPath: path)
        try await server.shutdown()
    }
}
