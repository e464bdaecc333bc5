import Foundation
import XCTest
@testable import DeadLetterKit

/// The token command through fake commands (shell scripts in a temporary directory).
final class CommandTokenProviderTests: XCTestCase {
    private var directory: URL!

    override func setUpWithError() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("deadletter-token-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(at: directory)
    }

    private func script(_ name: String, _ body: String) throws -> String {
        let url = directory.appendingPathComponent(name)
        try ("#!/bin/sh\n" + body + "\n").write(to: url, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: url.path)
        return url.path
    }

    func testPlainTokenIsCachedUntilNearExpiry() async throws {
        let counter = directory.appendingPathComponent("runs").path
        let token = StorageAuthorizerTests.jwt(exp: Int(Date().timeIntervalSince1970) + 3600)
        let path = try script("az-fake", "echo run >> '\(counter)'\necho '\(token)'")
        let provider = CommandTokenProvider(command: "\(path) account get-access-token --query accessToken -o tsv")
        XCTAssertEqual(provider.source, .tokenCommand(program: path))
        async let a = provider.token()
        async let b = provider.token()
        let (first, second) = try await (a, b)
        let third = try await provider.token()
        XCTAssertEqual(first.value, token)
        XCTAssertEqual(second, first)
        XCTAssertEqual(third, first)
        let runs = try String(contentsOfFile: counter, encoding: .utf8).split(separator: "\n").count
        XCTAssertEqual(runs, 1, "concurrent and later callers share one run")
        let count = await provider.runCount
        XCTAssertEqual(count, 1)
    }

    func testTokenCloseToExpiryIsUsedForHalfItsRemainingLife() async throws {
        let clock = ReplayTestClock()
        let soon = StorageAuthorizerTests.jwt(exp: Int(clock.now.timeIntervalSince1970) + 60)  // inside the 5-minute margin
        let path = try script("soon", "echo '\(soon)'")
        let provider = CommandTokenProvider(command: path, now: { clock.now })
        _ = try await provider.token()
        _ = try await provider.token()
        var count = await provider.runCount
        XCTAssertEqual(count, 1, "not run again for every request")
        clock.advance(31)
        _ = try await provider.token()
        count = await provider.runCount
        XCTAssertEqual(count, 2, "run again after half of the 60 s left")
    }

    func testExpiredTokenFromTheCommandIsAnErrorNamingIt() async throws {
        let expired = StorageAuthorizerTests.jwt(exp: 1_700_000_000)  // 2023-11-14T22:13:20Z
        let path = try script("stale", "echo '\(expired)'")
        do {
            _ = try await CommandTokenProvider(command: path).token()
            XCTFail("an expired token was accepted")
        } catch let error as CredentialError {
            XCTAssertEqual(error, .tokenExpired(source: "the token command '\(path)'", expiredAt: "2023-11-14T22:13:20Z"))
            XCTAssertFalse(error.description.contains(expired))
        }
    }

    func testAzJSONOutput() async throws {
        let path = try script("az-json", #"echo '{"accessToken": "json-token", "expiresOn": "2030-01-01 00:00:00.000000", "expires_on": 1893456000, "tokenType": "Bearer"}'"#)
        let token = try await CommandTokenProvider(command: path).token()
        XCTAssertEqual(token, AccessToken(value: "json-token", expiresOn: Date(timeIntervalSince1970: 1_893_456_000)))
    }

    func testFailureExitStatusAndStderrAreReportedRedacted() async throws {
        let path = try script("fails", "echo 'ERROR: Please run az login. sig=LEAKED' >&2\nexit 3")
        do {
            _ = try await CommandTokenProvider(command: path).token()
            XCTFail("no error")
        } catch let error as CredentialError {
            XCTAssertEqual(error, .tokenCommandFailed(program: path, status: 3, stderr: "ERROR: Please run az login. sig=REDACTED"))
            XCTAssertFalse(error.description.contains("LEAKED"))
        }
    }

    func testTimeoutEmptyOutputAndMissingProgram() async throws {
        let slow = try script("slow", "sleep 30\necho late")
        let started = ContinuousClock.now
        do {
            _ = try await CommandTokenProvider(command: slow, timeout: .milliseconds(300)).token()
            XCTFail("no timeout")
        } catch let error as CredentialError {
            XCTAssertEqual(error, .tokenCommandTimedOut(program: slow, seconds: 0))
        }
        XCTAssertLessThan(ContinuousClock.now - started, .seconds(5))

        let empty = try script("empty", "true")
        do {
            _ = try await CommandTokenProvider(command: empty).token()
            XCTFail("no error")
        } catch let error as CredentialError {
            XCTAssertEqual(error, .tokenCommandEmptyOutput(program: empty))
        }

        do {
            _ = try await CommandTokenProvider(command: directory.appendingPathComponent("missing").path).token()
            XCTFail("no error")
        } catch let error as CredentialError {
            guard case .tokenCommandFailed(_, let status, _) = error else { return XCTFail("\(error)") }
            XCTAssertEqual(status, 127)
        }
    }
}
