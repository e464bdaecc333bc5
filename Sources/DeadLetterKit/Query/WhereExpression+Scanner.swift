import Foundation

extension WhereExpression {
    /// Character-level reading of a `--where` expression. The parser drives it, asking for what the grammar expects
    /// next (a field path, an operator, a value), because the same characters mean different things in different
    /// places: `-` is part of `data.some-key`, of `2024-01-05`, and the minus of `now - 6h`.
    struct Scanner {
        let source: String
        let scalars: [Unicode.Scalar]
        var index = 0

        init(_ source: String) {
            self.source = source
            self.scalars = Array(source.unicodeScalars)
        }

        /// 1-based column of the next unread scalar (one past the end at the end).
        var column: Int { index + 1 }
        var isAtEnd: Bool { index >= scalars.count }
        var peek: Unicode.Scalar? { index < scalars.count ? scalars[index] : nil }

        func peek(offset: Int) -> Unicode.Scalar? {
            index + offset < scalars.count ? scalars[index + offset] : nil
        }

        mutating func skipSpace() {
            while let scalar = peek, scalar.properties.isWhitespace { index += 1 }
        }

        /// Consumes `symbol` if the input continues with it.
        mutating func consume(_ symbol: String) -> Bool {
            let wanted = Array(symbol.unicodeScalars)
            guard index + wanted.count <= scalars.count, Array(scalars[index..<index + wanted.count]) == wanted else {
                return false
            }
            index += wanted.count
            return true
        }

        /// Consumes a keyword (case-insensitive) when it stands as a whole word.
        mutating func consumeKeyword(_ keyword: String) -> Bool {
            let start = index
            guard let word = readWord() else { return false }
            if word.lowercased() == keyword { return true }
            index = start
            return false
        }

        /// The next word without consuming it.
        func peekWord() -> String? {
            var copy = self
            return copy.readWord()
        }

        /// `[A-Za-z_][A-Za-z0-9_]*`
        mutating func readWord() -> String? {
            guard let first = peek, Self.isWordStart(first) else { return nil }
            var word = String.UnicodeScalarView()
            while let scalar = peek, Self.isWordStart(scalar) || Self.isDigit(scalar) {
                word.append(scalar)
                index += 1
            }
            return String(word)
        }

        /// An unquoted `data` path segment: `[A-Za-z0-9_$@-]+`.
        mutating func readPathSegment() -> String? {
            var segment = String.UnicodeScalarView()
            while let scalar = peek, Self.isPathSegmentScalar(scalar) {
                segment.append(scalar)
                index += 1
            }
            return segment.isEmpty ? nil : String(segment)
        }

        /// A quoted string starting at the current quote; the parser reports `failure` at the returned column.
        mutating func readQuoted() -> Result<String, StringFailure> {
            let quote = scalars[index]
            let openingColumn = column
            index += 1
            var text = String.UnicodeScalarView()
            while let scalar = peek {
                index += 1
                if scalar == quote { return .success(String(text)) }
                guard scalar == "\\" else {
                    text.append(scalar)
                    continue
                }
                let escapeColumn = column - 1
                guard let escaped = peek else { break }
                index += 1
                switch escaped {
                case "\\", "\"", "'", "/": text.append(escaped)
                case "n": text.append("\n")
                case "r": text.append("\r")
                case "t": text.append("\t")
                case "u":
                    guard let value = readHex(count: 4), let unicode = Unicode.Scalar(value) else {
                        return .failure(StringFailure(column: escapeColumn, message: "'\\u' needs four hex digits",
                                                      hint: "write a character as \\u00e9, or '\\\\u' for a backslash and u"))
                    }
                    text.append(unicode)
                default:
                    // Kept as written, so that regular expressions (`\d`, `\.`) and glob escapes (`\*`) need no
                    // doubling; `\\` still stands for one backslash.
                    text.append("\\")
                    text.append(escaped)
                }
            }
            return .failure(StringFailure(column: openingColumn, message: "this string has no closing \(quote)",
                                          hint: nil))
        }

        struct StringFailure: Error {
            let column: Int
            let message: String
            let hint: String?
        }

        private mutating func readHex(count: Int) -> UInt32? {
            guard index + count <= scalars.count else { return nil }
            var value: UInt32 = 0
            for scalar in scalars[index..<index + count] {
                guard let digit = Self.digitValue(scalar) ?? Self.hexLetterValue(scalar) else { return nil }
                value = value * 16 + digit
            }
            index += count
            return value
        }

        /// A number: `-?digits(.digits)?([eE][+-]?digits)?`, as text. Does not consume on failure.
        mutating func readNumberText() -> String? {
            let start = index
            if peek == "-" { index += 1 }
            guard readDigits() > 0 else { index = start; return nil }
            if peek == ".", let next = peek(offset: 1), Self.isDigit(next) {
                index += 1
                _ = readDigits()
            }
            if peek == "e" || peek == "E" {
                let mark = index
                index += 1
                if peek == "+" || peek == "-" { index += 1 }
                if readDigits() == 0 { index = mark }
            }
            return String(String.UnicodeScalarView(scalars[start..<index]))
        }

        /// An RFC 3339 date-time or a bare date, as text, when the input continues with `dddd-dd-dd`.
        /// Consumes the longest shape that looks like one; validity is checked by the caller.
        mutating func readTimeText() -> String? {
            let start = index
            func digits(_ count: Int) -> Bool {
                for _ in 0..<count {
                    guard let scalar = peek, Self.isDigit(scalar) else { return false }
                    index += 1
                }
                return true
            }
            guard digits(4), consume("-"), digits(2), consume("-"), digits(2) else { index = start; return nil }
            if peek == "T" || peek == "t" {
                index += 1
                while let scalar = peek, Self.isDigit(scalar) || scalar == ":" || scalar == "." { index += 1 }
                if peek == "Z" || peek == "z" {
                    index += 1
                } else if peek == "+" || peek == "-", let next = peek(offset: 1), Self.isDigit(next) {
                    index += 1
                    while let scalar = peek, Self.isDigit(scalar) || scalar == ":" { index += 1 }
                }
            }
            return String(String.UnicodeScalarView(scalars[start..<index]))
        }

        private mutating func readDigits() -> Int {
            var count = 0
            while let scalar = peek, Self.isDigit(scalar) {
                index += 1
                count += 1
            }
            return count
        }

        /// A short description of what comes next, for "found …" in messages.
        func describeNext() -> String {
            var copy = self
            guard let scalar = copy.peek else { return "the end of the expression" }
            if let word = copy.readWord() { return "'\(word)'" }
            if scalar == "\"" || scalar == "'" {
                return "a string"
            }
            for symbol in ["==", "!=", "<=", ">=", "=~", "&&", "||"] where copy.consume(symbol) { return "'\(symbol)'" }
            if Self.isDigit(scalar) {
                let start = copy.index
                while let next = copy.peek, !next.properties.isWhitespace, next != ")", next != "]", next != "," {
                    copy.index += 1
                }
                return "'\(String(String.UnicodeScalarView(copy.scalars[start..<copy.index])))'"
            }
            return "'\(scalar)'"
        }

        static func isDigit(_ scalar: Unicode.Scalar) -> Bool { scalar >= "0" && scalar <= "9" }

        static func isWordStart(_ scalar: Unicode.Scalar) -> Bool {
            (scalar >= "a" && scalar <= "z") || (scalar >= "A" && scalar <= "Z") || scalar == "_"
        }

        static func isPathSegmentScalar(_ scalar: Unicode.Scalar) -> Bool {
            isWordStart(scalar) || isDigit(scalar) || scalar == "$" || scalar == "@" || scalar == "-"
        }

        private static func digitValue(_ scalar: Unicode.Scalar) -> UInt32? {
            isDigit(scalar) ? scalar.value - 48 : nil
        }

        private static func hexLetterValue(_ scalar: Unicode.Scalar) -> UInt32? {
            switch scalar {
            case "a"..."f": scalar.value - 97 + 10
            case "A"..."F": scalar.value - 65 + 10
            default: nil
            }
        }
    }
}
