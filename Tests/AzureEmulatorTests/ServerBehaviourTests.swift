import AzureCore
import Foundation
import XCTest
@testable import AzureEmulator
#if canImport(Glibc)
import Glibc
#endif

final class ServerBehaviourTests: EmulatorTestCase {
    /// Two requests written back to back on one connection get two answers, in order (pipelining), and the
    /// connection stays open between them (keep-alive).
    func testPipelinedRequestsAnswerInOrderOnOneConnection() async throws {
        let server = try await EmulatorServer.start(EmulatorConfiguration())
        let port = server.port
        let text = try await Task.detached { () throws -> String in
            try RawSocket.exchange(port: port, send: "GET /_emulator/health HTTP/1.1\r\nHost: x\r\n\r\nGET /_emulator/counters HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
        }.value
        try await server.shutdown()
        XCTAssertEqual(text.components(separatedBy: "HTTP/1.1 200 OK\r\n").count - 1, 2, text)
        let health = try XCTUnwrap(text.range(of: "ok\n"))
        let counters = try XCTUnwrap(text.range(of: "\"operations\""))
        XCTAssertLessThan(health.lowerBound, counters.lowerBound, "answers come back in request order")
    }

    /// A body over the write piece size goes out in pieces after the head; a smaller one with it, in one write.
    func testInMemoryBodiesOfEverySizeArriveWhole() async throws {
        let harness = try await startHarness()
        try await harness.createContainer("memory")
        for size in [0, 1, HTTPConnection.chunkSize, HTTPConnection.chunkSize + 1, 2 * HTTPConnection.chunkSize + 5] {
            try await harness.assertRoundTrip("memory", "m\(size)", size: size)
        }
        try await harness.shutdown()
    }

    func testOversizedBodyGets413() async throws {
        var configuration = EmulatorConfiguration()
        configuration.maxRequestBodyBytes = 1024
        let harness = try await startHarness(configuration)
        try await harness.server.createContainer("dlq")
        let response = try await harness.putBlob("dlq", "big", Array(repeating: 1, count: 4096))
        XCTAssertEqual(response.status, 413)
        XCTAssertEqual(response.errorCode, "RequestBodyTooLarge")
        let smallPut = try await harness.putBlob("dlq", "small", Array(repeating: 1, count: 1000)).status
        XCTAssertEqual(smallPut, 201)
        try await harness.shutdown()
    }

    func testExpectContinueIsHonoured() async throws {
        let server = try await EmulatorServer.start(EmulatorConfiguration())
        let port = server.port
        let text = try await Task.detached { () throws -> String in
            try RawSocket.exchange(port: port, send: "PUT /_emulator/faults/blob HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{}")
        }.value
        try await server.shutdown()
        XCTAssert(text.hasPrefix("HTTP/1.1 100 Continue\r\n"), text)
        XCTAssert(text.contains("HTTP/1.1 200 OK"), text)
    }

    func testSeedingHelpersAndEndpoints() async throws {
        let server = try await EmulatorServer.start(EmulatorConfiguration())
        XCTAssertEqual(server.baseURL, "http://127.0.0.1:\(server.port)")
        XCTAssertEqual(server.blobEndpoint(), server.baseURL + "/devstoreaccount1")
        try await server.createContainer("dlq")
        await XCTAssertThrowsErrorAsync(try await server.createContainer("dlq"))
        await XCTAssertThrowsErrorAsync(try await server.createContainer("NO"))
        try await server.putBlob(container: "dlq", name: "b", bytes: [1], metadata: ["k": "v"])
        try await server.putBlob(container: "dlq", name: "a", bytes: [2])
        let names = try await server.blobNames(container: "dlq")
        XCTAssertEqual(names, ["a", "b"])
        let connection = try StorageConnectionString(server.connectionString())
        XCTAssertEqual(connection.blobEndpoint, server.blobEndpoint())
        XCTAssert(server.banner.contains(server.connectionString()))
        try await server.shutdown()
    }

    func testStartupRejectsBadConfiguration() async throws {
        var configuration = EmulatorConfiguration()
        configuration.accounts = ["Bad": StorageConnectionString.developmentAccountKey]
        await XCTAssertThrowsErrorAsync(try await EmulatorServer.start(configuration))
        configuration.accounts = ["good": "not base64 !!"]
        await XCTAssertThrowsErrorAsync(try await EmulatorServer.start(configuration))

        let occupied = try await EmulatorServer.start(EmulatorConfiguration())
        var clash = EmulatorConfiguration()
        clash.port = occupied.port
        do {
            _ = try await EmulatorServer.start(clash)
            XCTFail("two servers on one port")
        } catch let error as EmulatorStartupError {
            XCTAssert(error.description.contains("cannot listen on 127.0.0.1:\(occupied.port)"))
        }
        try await occupied.shutdown()
    }
}

func XCTAssertThrowsErrorAsync<T>(_ expression: @autoclosure () async throws -> T, file: StaticString = #filePath, line: UInt = #line) async {
    do {
        _ = try await expression()
        XCTFail("expected an error", file: file, line: line)
    } catch {}
}

/// A blocking TCP client for the few tests that need exact control of the bytes on the wire.
enum RawSocket {
    static func exchange(port: Int, send text: String) throws -> String {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw POSIXError(.EIO) }
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard connected == 0 else { throw POSIXError(.ECONNREFUSED) }
        var timeout = timeval(tv_sec: 5, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        let bytes = Array(text.utf8)
        _ = bytes.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
        var received: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65_536)
        while true {
            let n = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if n <= 0 { break }
            received += buffer[0..<n]
        }
        return String(decoding: received, as: UTF8.self)
    }
}
