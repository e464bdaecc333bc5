import Foundation

/// Token commands (`--token-command`, `--target-token-command`) as shell scripts, one per behaviour. They live in
/// their own directory, outside every run's scratch directory, since their text holds the tokens.
struct SecretHygieneTokenCommands {
    let directory: URL

    init() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("deadletter-token-commands-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let canary = SecretHygieneCanary.self
        let scripts = [
            "ok": "printf '%s\\n' '\(canary.jwt)'",
            // Prints the token, and also chats about it on stderr (which is not read when the command succeeds).
            "chatty": "echo 'using cached token \(canary.jwt)' >&2; printf '%s\\n' '\(canary.jwt)'",
            "wrong": "printf '%s\\n' '\(canary.wrongJWT)'",
            "expired": "printf '%s\\n' '\(canary.expiredJWT)'",
            "fails": "echo \"ERROR: Please run 'az login' to setup account.\" >&2; exit 1",
            // Fails, and its error output quotes tokens (bare, and in a JSON dump as `az --debug` shows them).
            "fails-quoting-token": "echo 'ERROR: token \(canary.jwt) was rejected (AADSTS700082)' >&2; "
                + "echo '{\"accessToken\": \"\(canary.wrongJWT)\"}' >&2; exit 2",
        ]
        for (name, body) in scripts {
            let file = directory.appendingPathComponent(name + ".sh")
            try Data(("#!/bin/sh\n" + body + "\n").utf8).write(to: file)
            try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: file.path)
        }
    }

    /// The command line that runs script `name` (`ok`, `chatty`, `wrong`, `expired`, `fails`, `fails-quoting-token`).
    func command(_ name: String) -> String { directory.appendingPathComponent(name + ".sh").path }

    func remove() { try? FileManager.default.removeItem(at: directory) }
}
