import NIOCore
import NIOHTTP1
import NIOPosix
import XCTest
@testable import DeadLetterKit

/// The errors SwiftNIO really throws are sorted into the failures the retry policy knows (by type, not by name).
final class TransportFailureTests: XCTestCase {
    func testRefusedConnectionIsAConnectFailure() async throws {
        let group = MultiThreadedEventLoopGroup.singleton
        // A port that was just free: bind, note it, close, then connect to it.
        let listener = try await ServerBootstrap(group: group).bind(host: "127.0.0.1", port: 0).get()
        let port = try XCTUnwrap(listener.localAddress?.port)
        try await listener.close()
        do {
            _ = try await ClientBootstrap(group: group).connect(host: "localhost", port: port).get()
            XCTFail("connected to a closed port")
        } catch {
            XCTAssertEqual(TransportFailure.classify(error), .connectFailed, "\(type(of: error)): \(error)")
        }
    }

    func testOtherErrorsAreSorted() {
        XCTAssertEqual(TransportFailure.classify(HTTPParserError.invalidEOFState), .connectionReset)
        XCTAssertEqual(TransportFailure.classify(IOError(errnoCode: ECONNRESET, reason: "read")), .connectionReset)
        XCTAssertEqual(TransportFailure.classify(IOError(errnoCode: ECONNREFUSED, reason: "connect")), .connectFailed)
        XCTAssertEqual(TransportFailure.classify(ChannelError.eof), .connectionReset)
        XCTAssertNil(TransportFailure.classify(CancellationError()))
        XCTAssertNil(TransportFailure.classify(IOError(errnoCode: EACCES, reason: "open")))
    }
}
