import Foundation

/// Reading literals (text, numbers, booleans, null, times with `± duration`) and checking them against the field.
extension WhereExpression.Parser {
    /// Reads a literal; returns it with its column and its text as written (for hints).
    mutating func parseValue(context: String) throws(QueryError) -> (WhereExpression.Literal, Int, String) {
        scanner.skipSpace()
        let start = scanner.index
        let column = scanner.column
        func written() -> String { String(String.UnicodeScalarView(scanner.scalars[start..<scanner.index])) }
        guard let first = scanner.peek else { throw failure("expected a value \(context)", at: column) }
        if first == "\"" || first == "'" {
            let text = try readString()
            return (.string(text), column, written())
        }
        if let timeText = scanner.readTimeText() {
            guard let date = QueryTimeArgument.parseAbsolute(timeText), !isFollowedByWord() else {
                throw failure("'\(timeText)\(restOfWord())' is not a valid time",
                              hint: "write RFC 3339 (2024-01-05T13:00:00Z, 2024-01-05T14:00:00+01:00) or a date (2024-01-05)",
                              at: column)
            }
            return (.time(try applyDurations(to: date)), column, written())
        }
        let durationStart = first == "-" ? scanner.index + 1 : scanner.index
        var durationProbe = scanner.scalars[min(durationStart, scanner.scalars.count)...]
        if QueryDuration.scan(&durationProbe) != nil,
           durationProbe.first.map({ !WhereExpression.Scanner.isPathSegmentScalar($0) && $0 != "." }) ?? true {
            let durationText = String(String.UnicodeScalarView(scanner.scalars[durationStart..<durationProbe.startIndex]))
            throw failure("a duration needs a time to count from", hint: "write 'now - \(durationText)'", at: column)
        }
        if let numberText = scanner.readNumberText() {
            guard !isFollowedByWord(), scanner.peek != ".", let number = Double(numberText) else {
                throw failure("'\(numberText)\(restOfWord())' is not a number",
                              hint: "values are \"text\", numbers (3, -1.5), times (2024-01-05T13:00:00Z, now - 6h), "
                                  + "true, false, null", at: column)
            }
            return (.number(number, text: numberText), column, written())
        }
        if let word = scanner.peekWord() {
            switch word.lowercased() {
            case "true", "false":
                _ = scanner.readWord()
                return (.bool(word.lowercased() == "true"), column, written())
            case "null":
                _ = scanner.readWord()
                return (.null, column, written())
            case "now":
                _ = scanner.readWord()
                return (.time(try applyDurations(to: now)), column, written())
            case let lowered where Self.keywords.contains(lowered):
                throw failure("expected a value \(context), found '\(word)'", at: column)
            case _ where word == "data" || QueryField.byName[word] != nil || word == "patch":
                throw failure("expected a value \(context), found the field '\(word)'",
                              hint: "a field compares with a value, not with another field", at: column)
            default:
                throw failure("expected a value \(context), found '\(word)'", hint: "text needs quotes: \"\(word)\"",
                              at: column)
            }
        }
        if first == "[" {
            throw failure("a list of values needs 'in'", hint: "e.g. type in [\"a\", \"b\"]", at: column)
        }
        throw failure("expected a value \(context), found \(scanner.describeNext())", at: column)
    }

    /// `<time> (+|- <duration>)*`, e.g. `now - 6h`, `2024-01-05T00:00:00Z + 1d`.
    mutating func applyDurations(to date: Date) throws(QueryError) -> Date {
        var result = date
        while true {
            let mark = scanner.index
            scanner.skipSpace()
            let sign: Double
            if scanner.consume("+") {
                sign = 1
            } else if scanner.consume("-") {
                sign = -1
            } else {
                scanner.index = mark
                return result
            }
            scanner.skipSpace()
            let column = scanner.column
            var rest = scanner.scalars[scanner.index...]
            guard let seconds = QueryDuration.scan(&rest) else {
                throw failure("expected a duration after '\(sign > 0 ? "+" : "-")', found \(scanner.describeNext())",
                              hint: "durations: 90s, 30m, 6h, 2d, 1w, 1h30m", at: column)
            }
            scanner.index = rest.startIndex
            result = result.addingTimeInterval(sign * seconds)
        }
    }

    func isFollowedByWord() -> Bool {
        guard let next = scanner.peek else { return false }
        return WhereExpression.Scanner.isPathSegmentScalar(next) || next == ":"
    }

    func restOfWord() -> String {
        var copy = scanner
        var rest = String.UnicodeScalarView()
        while let next = copy.peek, !next.properties.isWhitespace, next != ")", next != "]", next != "," {
            rest.append(next)
            copy.index += 1
        }
        return String(rest)
    }

    // MARK: type checks

    /// Rejects comparisons that could never be true for a named field, and reads quoted times for time fields.
    func check(_ literal: WhereExpression.Literal, text: String, for field: QueryField, comparison: WhereExpression.Comparison,
                       at column: Int) throws(QueryError) -> WhereExpression.Literal {
        let isOrdering = comparison != .equal && comparison != .notEqual
        if isOrdering {
            switch literal {
            case .bool, .null:
                throw failure("'\(comparison.rawValue)' cannot compare with \(text)",
                              hint: "< <= > >= order numbers, text and times", at: column)
            case .string, .number, .time:
                break
            }
        }
        switch (field.kind, literal) {
        case (.dynamic, _), (.time, .time), (.number, .number), (.text, .string):
            return literal
        case (.time, .string(let string)):
            guard let date = QueryTimeArgument.parseAbsolute(string) else {
                throw failure("'\(field.name)' is a time, and \(text) is not RFC 3339",
                              hint: "write e.g. 2024-01-05T13:00:00Z or now - 6h", at: column)
            }
            return .time(date)
        case (.time, _):
            throw failure("'\(field.name)' is a time, not \(text)",
                          hint: "compare it with a time such as 2024-01-05T13:00:00Z or now - 6h", at: column)
        case (.number, _):
            throw failure("'\(field.name)' is a number, not \(text)", hint: "compare it with a number such as 3", at: column)
        case (.text, .null):
            throw failure("'\(field.name)' is never null",
                          hint: "write 'not \(field.name) exists' to find events without it", at: column)
        case (.text, _):
            throw failure("'\(field.name)' is text, not \(text)", hint: "put the value in quotes: \"\(text)\"", at: column)
        }
    }
}
