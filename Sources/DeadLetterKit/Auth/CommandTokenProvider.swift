import AzureCore
import Foundation

/// A bearer token printed by a command, e.g.
/// `az account get-access-token --resource https://storage.azure.com/ --query accessToken -o tsv`.
/// The output may be the bare token or the JSON `az` prints without `--query`. Cached until near expiry.
public struct CommandTokenProvider: AccessTokenProvider {
    public let command: String
    public let timeout: Duration
    private let cache: AccessTokenCache

    public init(command: String, timeout: Duration = .seconds(60), now: @escaping @Sendable () -> Date = Date.init) {
        self.command = command
        self.timeout = timeout
        cache = AccessTokenCache(now: now)
    }

    /// The executable's name only: the rest of the command line may contain secrets.
    public var program: String {
        String(command.split(whereSeparator: { $0 == " " || $0 == "\t" }).first ?? "")
    }

    public var source: CredentialSource { .tokenCommand(program: program) }

    public func token() async throws -> AccessToken {
        let command = command, timeout = timeout, program = program
        return try await cache.token(source: "the token command '\(program)'") {
            try await Self.fetch(command: command, timeout: timeout, program: program)
        }
    }

    /// How many times the command actually ran (for tests of the cache).
    var runCount: Int { get async { await cache.fetchCount } }

    private static func fetch(command: String, timeout: Duration, program: String) async throws -> AccessToken {
        let output = try await TokenCommandRunner.run(command, timeout: timeout, program: program)
        guard output.status == 0 else {
            let stderr = String(decoding: output.stderr.prefix(500), as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
            throw CredentialError.tokenCommandFailed(program: program, status: output.status, stderr: Redactor.redact(stderr))
        }
        let text = String(decoding: output.stdout, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        guard !text.isEmpty else { throw CredentialError.tokenCommandEmptyOutput(program: program) }
        if text.hasPrefix("{") {
            do {
                return try TokenResponseJSON.decode(Data(text.utf8), receivedAt: Date())
            } catch {
                throw CredentialError.tokenResponseUnreadable(source: "the token command '\(program)'", reason: "no accessToken in its JSON output")
            }
        }
        let firstLine = String(text.split(whereSeparator: \.isNewline).first ?? "")
        return AccessToken(jwt: firstLine)
    }
}
