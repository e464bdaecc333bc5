import Foundation

extension WhereExpression {
    /// Recursive descent over the grammar in `WhereExpression`'s documentation. Every failure is a `QueryError`
    /// carrying the column of the token that could not be read.
    struct Parser {
        var scanner: Scanner
        let now: Date

        init(_ text: String, now: Date) {
            self.scanner = Scanner(text)
            self.now = now
        }

        func failure(_ message: String, hint: String? = nil, at column: Int) -> QueryError {
            .syntax(expression: scanner.source, column: column, message: message, hint: hint)
        }

        mutating func parseExpression() throws(QueryError) -> Node {
            scanner.skipSpace()
            if scanner.isAtEnd {
                throw failure("the expression is empty", hint: "write a test such as type ~ \"*Twin.Update\"", at: 1)
            }
            let node = try parseOr()
            scanner.skipSpace()
            guard scanner.isAtEnd else {
                if scanner.peek == ")" { throw failure("this ')' has no matching '('", at: scanner.column) }
                throw failure("expected 'and', 'or' or the end of the expression, found \(scanner.describeNext())",
                              at: scanner.column)
            }
            return node
        }

        private mutating func parseOr() throws(QueryError) -> Node {
            var terms = [try parseAnd()]
            while consumeConnective(word: "or", symbol: "||") { terms.append(try parseAnd()) }
            return terms.count == 1 ? terms[0] : .or(terms)
        }

        private mutating func parseAnd() throws(QueryError) -> Node {
            var terms = [try parseNot()]
            while consumeConnective(word: "and", symbol: "&&") { terms.append(try parseNot()) }
            return terms.count == 1 ? terms[0] : .and(terms)
        }

        private mutating func consumeConnective(word: String, symbol: String) -> Bool {
            scanner.skipSpace()
            return scanner.consume(symbol) || scanner.consumeKeyword(word)
        }

        private mutating func parseNot() throws(QueryError) -> Node {
            scanner.skipSpace()
            if scanner.consumeKeyword("not") { return .not(try parseNot()) }
            if scanner.peek == "!", scanner.peek(offset: 1) != "=" {
                scanner.index += 1
                return .not(try parseNot())
            }
            if scanner.peek == "(" {
                let openingColumn = scanner.column
                scanner.index += 1
                scanner.skipSpace()
                if scanner.peek == ")" { throw failure("expected a test inside the parentheses", at: scanner.column) }
                let inner = try parseOr()
                scanner.skipSpace()
                guard scanner.consume(")") else {
                    throw failure("expected ')' to close the '(' at column \(openingColumn), found \(scanner.describeNext())",
                                  at: scanner.column)
                }
                return inner
            }
            return try parseTest()
        }

        // MARK: tests

        private static let comparisonSymbols: [(String, Comparison)] = [
            ("==", .equal), ("!=", .notEqual), ("<=", .lessOrEqual), (">=", .greaterOrEqual), ("<", .less), (">", .greater),
        ]

        private mutating func parseTest() throws(QueryError) -> Node {
            let field = try parseField()
            scanner.skipSpace()
            let operatorColumn = scanner.column
            if scanner.consumeKeyword("exists") { return .test(Test(field: field, condition: .exists)) }
            if scanner.consumeKeyword("in") { return .test(try parseList(field)) }
            if scanner.consumeKeyword("not") {
                scanner.skipSpace()
                if scanner.consumeKeyword("exists") { return .not(.test(Test(field: field, condition: .exists))) }
                if scanner.consumeKeyword("in") { return .not(.test(try parseList(field))) }
                throw failure("expected 'in' or 'exists' after 'not', found \(scanner.describeNext())", at: scanner.column)
            }
            if scanner.consume("=~") {
                return .test(Test(field: field, condition: try parseRegex(field, operatorColumn: operatorColumn)))
            }
            for (symbol, comparison) in Self.comparisonSymbols where scanner.consume(symbol) {
                let (literal, column, text) = try parseValue(context: "after '\(symbol)'")
                let checked = try check(literal, text: text, for: field, comparison: comparison, at: column)
                return .test(Test(field: field, condition: .compare(comparison, checked)))
            }
            if scanner.consume("~") {
                return .test(Test(field: field, condition: try parseGlob(field, operatorColumn: operatorColumn)))
            }
            if scanner.peek == "=" {
                throw failure("'=' is not an operator", hint: "use '==' to compare", at: operatorColumn)
            }
            throw failure("expected an operator after '\(field.name)', found \(scanner.describeNext())",
                          hint: "operators: == != < <= > >= ~ (glob) =~ (regex) in [...] exists", at: operatorColumn)
        }

        private mutating func parseList(_ field: QueryField) throws(QueryError) -> Test {
            scanner.skipSpace()
            guard scanner.consume("[") else {
                throw failure("expected '[' after 'in', found \(scanner.describeNext())",
                              hint: "e.g. \(field.name) in [\"a\", \"b\"]", at: scanner.column)
            }
            var literals: [Literal] = []
            scanner.skipSpace()
            if scanner.consume("]") { return Test(field: field, condition: .oneOf([])) }
            while true {
                let (literal, column, text) = try parseValue(context: "in the list")
                literals.append(try check(literal, text: text, for: field, comparison: .equal, at: column))
                scanner.skipSpace()
                if scanner.consume(",") {
                    scanner.skipSpace()
                    if scanner.consume("]") { break }
                    continue
                }
                if scanner.consume("]") { break }
                throw failure("expected ',' or ']' in the list, found \(scanner.describeNext())", at: scanner.column)
            }
            return Test(field: field, condition: .oneOf(literals))
        }

        private mutating func parseGlob(_ field: QueryField, operatorColumn: Int) throws(QueryError) -> Condition {
            try requireText(field, operatorSymbol: "~", at: operatorColumn)
            let (pattern, column) = try parsePatternString(operatorSymbol: "~", example: "type ~ \"*.Twin.*\"")
            do {
                return .glob(try GlobPattern(pattern, caseInsensitive: field.isCaseInsensitive))
            } catch {
                throw .invalidGlobInExpression(expression: scanner.source, column: column, pattern: pattern, reason: error)
            }
        }

        private mutating func parseRegex(_ field: QueryField, operatorColumn: Int) throws(QueryError) -> Condition {
            try requireText(field, operatorSymbol: "=~", at: operatorColumn)
            let (pattern, column) = try parsePatternString(operatorSymbol: "=~", example: "twin =~ \"^pump-[0-9]+$\"")
            do {
                return .regex(try WhereRegex(pattern: pattern, ignoresCase: field.isCaseInsensitive))
            } catch {
                throw .invalidRegex(expression: scanner.source, column: column, pattern: pattern,
                                    reason: WhereRegex.explain(error))
            }
        }

        private func requireText(_ field: QueryField, operatorSymbol: String, at column: Int) throws(QueryError) {
            switch field.kind {
            case .text, .dynamic: return
            case .time:
                throw failure("'\(operatorSymbol)' matches text, but '\(field.name)' is a time",
                              hint: "compare times with < <= > >=, e.g. \(field.name) >= 2024-01-05T13:00:00Z", at: column)
            case .number:
                throw failure("'\(operatorSymbol)' matches text, but '\(field.name)' is a number",
                              hint: "compare numbers with == != < <= > >=, e.g. \(field.name) >= 3", at: column)
            }
        }

        private mutating func parsePatternString(operatorSymbol: String, example: String) throws(QueryError) -> (String, Int) {
            scanner.skipSpace()
            let column = scanner.column
            guard scanner.peek == "\"" || scanner.peek == "'" else {
                throw failure("expected a quoted pattern after '\(operatorSymbol)', found \(scanner.describeNext())",
                              hint: "e.g. \(example)", at: column)
            }
            return (try readString(), column)
        }

        // MARK: fields

        static let keywords: Set<String> = ["and", "or", "not", "in", "exists", "true", "false", "null", "now"]

        private mutating func parseField() throws(QueryError) -> QueryField {
            scanner.skipSpace()
            let column = scanner.column
            guard let word = scanner.readWord() else {
                if scanner.isAtEnd {
                    throw failure("expected a test at the end of the expression",
                                  hint: "a test starts with a field, e.g. type, twin, time or data.<path>", at: column)
                }
                throw failure("expected a field name, found \(scanner.describeNext())", at: column)
            }
            if word == "data" { return try parseDataPath() }
            var name = word
            while scanner.peek == ".", let next = scanner.peek(offset: 1), Scanner.isPathSegmentScalar(next) {
                scanner.index += 1
                name += "." + (scanner.readPathSegment() ?? "")
            }
            if let field = QueryField.byName[name] { return field }
            if name == word, Self.keywords.contains(word.lowercased()) {
                throw failure("expected a field name, found '\(word)'", at: column)
            }
            throw .unknownField(expression: scanner.source, column: column, name: name,
                                suggestion: QueryField.suggestion(for: name))
        }

        private mutating func parseDataPath() throws(QueryError) -> QueryField {
            guard scanner.peek == "." else {
                throw failure("'data' needs a path", hint: "e.g. data.temperature, data.$dtId, data.items.0, data.\"a.b\"",
                              at: scanner.column)
            }
            var path: [String] = []
            while scanner.peek == "." {
                scanner.index += 1
                if scanner.peek == "\"" || scanner.peek == "'" {
                    path.append(try readString())
                } else if let segment = scanner.readPathSegment() {
                    path.append(segment)
                } else {
                    throw failure("expected a path segment after '.', found \(scanner.describeNext())",
                                  hint: "a segment is a name, an array index or a quoted key: data.items.0.name, data.\"a.b\"",
                                  at: scanner.column)
                }
            }
            return .data(path: path)
        }

        mutating func readString() throws(QueryError) -> String {
            switch scanner.readQuoted() {
            case .success(let text): return text
            case .failure(let failure): throw self.failure(failure.message, hint: failure.hint, at: failure.column)
            }
        }

    }
}
