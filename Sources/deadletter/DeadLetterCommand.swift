import ArgumentParser
import AzureCore
import DeadLetterKit
import Foundation

struct DeadLetterCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "deadletter",
        abstract: "Triage, export and replay Azure Digital Twins and Event Grid dead letters.",
        discussion: """
        SOURCE is a dead-letter container URL (with a SAS, or a credential from the
        environment), a local directory that mirrors a container, or a JSONL(.gz) file
        written by `deadletter export`.

        Exit codes: 0 everything was read; 2 the run completed but some blobs could
        not be read (they are named in the summary); 1 a usage, credential or
        authorization error.

        Examples:
          deadletter stats "https://acct.blob.core.windows.net/deadletters?sv=...&sig=..." --by type
          deadletter ls ./mirror --type 'Microsoft.DigitalTwins.Twin.*' --since 6h
          deadletter export http://127.0.0.1:10000/devstoreaccount1/deadletters -o dl.jsonl.gz
          deadletter emulator --data ./emulator-data
        """,
        version: DeadLetterVersion.current,
        subcommands: [ListCommand.self, ShowCommand.self, StatsCommand.self, ExportCommand.self, ReplayCommand.self, EmulatorCommand.self,
                      WhereHelpCommand.self]
    )
}

/// The entry point: runs the command and maps failures to the documented exit codes (swift-argument-parser
/// would use 64 for usage errors; deadletter promises 1).
@main
enum DeadLetterMain {
    static func main() async {
        // A closed pipe (`deadletter ls … | head`) must end the write with an error, not kill the process.
        signal(SIGPIPE, SIG_IGN)
        do {
            var command = try DeadLetterCommand.parseAsRoot()
            if var asyncCommand = command as? AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch let exit as ExitCode {
            Foundation.exit(exit.rawValue)
        } catch {
            let code = DeadLetterCommand.exitCode(for: error)
            if code == .success {
                DeadLetterCommand.exit(withError: error)  // --help, --version
            }
            // Whatever an error quotes (a URL, a header) goes through the redactor: no secret reaches the terminal.
            let message = Redactor.redact(DeadLetterCommand.fullMessage(for: error))
            Stderr.write(message.hasPrefix("Error:") || message.hasPrefix("Usage:") || message.hasPrefix("error:")
                         ? message + "\n" : "error: " + message + "\n")
            Foundation.exit(1)
        }
    }
}
