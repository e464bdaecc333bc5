import ArgumentParser
import DeadLetterKit

@main
struct DeadLetterCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "deadletter",
        abstract: "Triage, export and replay Azure Digital Twins and Event Grid dead letters.",
        discussion: """
        SOURCE is a dead-letter container URL (with a SAS, or a credential from the environment), a local
        directory that mirrors a container, or a JSONL(.gz) file written by `deadletter export`.

        Examples:
          deadletter stats "https://acct.blob.core.windows.net/deadletters?sv=...&sig=..." --by type
          deadletter ls ./mirror --type 'Microsoft.DigitalTwins.Twin.*' --since 6h
          deadletter export http://127.0.0.1:10000/devstoreaccount1/deadletters -o dl.jsonl.gz
          deadletter emulator --data ./emulator-data
        """,
        version: DeadLetterVersion.current,
        subcommands: [EmulatorCommand.self]
    )
}
