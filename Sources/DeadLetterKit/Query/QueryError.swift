/// Errors of the query layer: bad `--where` expressions (with the column), bad patterns and bad time arguments.
///
/// `description` is what a user reads after `error: `. For expression errors: the problem and its column, the
/// expression with a caret under that column, then a hint when there is one:
/// ```
/// expected a value after '==', found 'Foo' at column 9
///   type == Foo
///           ^
/// hint: text needs quotes: "Foo"
/// ```
public enum QueryError: Error, Sendable, Equatable {
    /// The expression could not be read; `column` is 1-based, counted in Unicode scalars.
    case syntax(expression: String, column: Int, message: String, hint: String?)
    /// A field name that does not exist; `suggestion` is the closest valid name, if one is close.
    case unknownField(expression: String, column: Int, name: String, suggestion: String?)
    /// A `=~` pattern Swift `Regex` rejects; `reason` is the regex compiler's message.
    case invalidRegex(expression: String, column: Int, pattern: String, reason: String)
    /// A `~` pattern that is not a valid glob.
    case invalidGlobInExpression(expression: String, column: Int, pattern: String, reason: GlobPattern.SyntaxError)
    /// A glob given to an option (`--type`, `--twin`, `--endpoint`, `--reason`).
    case invalidGlob(option: String, pattern: String, reason: GlobPattern.SyntaxError)
    /// A `--since`/`--until` value that is neither RFC 3339, a date, `now` nor a duration.
    case invalidTime(option: String, text: String)
    /// `--since` is not before `--until`: nothing could match.
    case emptyTimeWindow(since: String, until: String)

    /// What is wrong, in one line, without position or hint.
    public var message: String {
        switch self {
        case .syntax(_, _, let message, _):
            return message
        case .unknownField(_, _, let name, _):
            return "unknown field '\(name)'"
        case .invalidRegex(_, _, let pattern, let reason):
            return "invalid regular expression '\(pattern)': \(reason)"
        case .invalidGlobInExpression(_, _, let pattern, let reason):
            return "invalid glob '\(pattern)': \(reason)"
        case .invalidGlob(let option, let pattern, let reason):
            return "invalid glob '\(pattern)' for \(option): \(reason)"
        case .invalidTime(let option, let text):
            return "invalid time '\(text)' for \(option): use RFC 3339 (2024-01-05T13:00:00Z), a date "
                + "(2024-01-05, UTC midnight), now, or a duration before now (90s, 90m, 6h, 2d, 1w, 1h30m)"
        case .emptyTimeWindow(let since, let until):
            return "--since \(since) is not before --until \(until), so nothing can match"
        }
    }

    /// What to do about it, when the parser knows.
    public var hint: String? {
        switch self {
        case .syntax(_, _, _, let hint):
            return hint
        case .unknownField(_, _, _, let suggestion):
            let valid = "valid fields: " + (QueryField.namedFields.map(\.name) + ["data.<path>"]).joined(separator: ", ")
            return suggestion.map { "did you mean '\($0)'? \(valid)" } ?? valid
        case .invalidRegex:
            return "=~ takes a Swift Regex, found anywhere in the value; anchor it with ^ and $ for a whole match"
        case .invalidGlobInExpression, .invalidGlob, .invalidTime, .emptyTimeWindow:
            return nil
        }
    }

    /// The 1-based column for expression errors.
    public var column: Int? {
        switch self {
        case .syntax(_, let column, _, _), .unknownField(_, let column, _, _), .invalidRegex(_, let column, _, _),
             .invalidGlobInExpression(_, let column, _, _):
            return column
        case .invalidGlob, .invalidTime, .emptyTimeWindow:
            return nil
        }
    }

    /// The `--where` text, for expression errors.
    public var expression: String? {
        switch self {
        case .syntax(let expression, _, _, _), .unknownField(let expression, _, _, _),
             .invalidRegex(let expression, _, _, _), .invalidGlobInExpression(let expression, _, _, _):
            return expression
        case .invalidGlob, .invalidTime, .emptyTimeWindow:
            return nil
        }
    }

    /// Two lines: the expression indented by two spaces, then a caret under `column`. Tabs before the column are
    /// copied so that the caret lines up in a terminal; line breaks in the expression are shown as spaces.
    static func caretLines(expression: String, column: Int) -> String {
        var shown = String.UnicodeScalarView()
        var pad = String.UnicodeScalarView()
        for (offset, scalar) in expression.unicodeScalars.enumerated() {
            shown.append(scalar == "\n" || scalar == "\r" ? " " : scalar)
            if offset < column - 1 { pad.append(scalar == "\t" ? "\t" : " ") }
        }
        return "  " + String(shown) + "\n  " + String(pad) + "^"
    }
}

extension QueryError: CustomStringConvertible {
    public var description: String {
        guard let expression, let column else { return message }
        var text = "\(message) at column \(column)\n" + Self.caretLines(expression: expression, column: column)
        if let hint { text += "\nhint: " + hint }
        return text
    }
}
