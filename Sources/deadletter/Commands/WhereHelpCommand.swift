import ArgumentParser
import DeadLetterKit

struct WhereHelpCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "help-where",
        abstract: "Explain the --where expression language: fields, operators, literals and examples.")

    func run() throws {
        print(WhereExpression.help)
    }
}
