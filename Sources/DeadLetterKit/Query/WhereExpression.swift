import Foundation

/// A parsed `--where` expression, ready to evaluate against many events.
///
/// Grammar (keywords are case-insensitive; field names are not):
/// ```
/// expression := or
/// or         := and (("or" | "||") and)*
/// and        := not (("and" | "&&") not)*
/// not        := ("not" | "!") not | "(" expression ")" | test
/// test       := field ("==" | "!=" | "<" | "<=" | ">" | ">=") value
///             | field "~" string            glob, whole value (see GlobPattern)
///             | field "=~" string           regular expression (Swift Regex), found anywhere in the value
///             | field ["not"] "in" "[" value ("," value)* [","] "]"
///             | field ["not"] "exists"
/// field      := id | type | source | subject | twin | source_twin | target_twin | relationship | model | time
///             | deadlettered | endpoint | reason | attempts | outcome | blob | patch.path
///             | data.<segment>(.<segment>)*   segment: [A-Za-z0-9_$@-]+ or a quoted string; digits index arrays
/// value      := string | number | true | false | null | time
/// string     := '…' or "…" with escapes \\ \' \" \n \r \t \uXXXX
/// time       := (now | 2024-01-05T13:00:00Z | 2024-01-05) (("+" | "-") duration)*
/// duration   := 90s | 90m | 6h | 2d | 1w | 1h30m   (valid only after a time: `now - 6h`)
/// ```
/// Time literals are written bare (`time >= 2024-01-05T13:00:00Z`); against `time` and `deadlettered` a quoted
/// RFC 3339 string is accepted too and read as a time. `now` is fixed when the expression is parsed.
///
/// Semantics:
/// - Precedence `not` > `and` > `or`: `not a or b and c` is `(not a) or (b and c)`.
/// - Comparisons are typed: text with text, numbers with numbers, times with times, booleans with `==`/`!=` only.
///   Against the named fields a literal of the wrong type is a parse error; against `data.…` (known only per event)
///   a value of another type simply does not match. Text is read as RFC 3339 when compared with a time.
/// - A list value (`twin` of a relationship, `patch.path`, JSON arrays) matches when *any* element matches, so
///   `twin == "x"` finds a relationship by either end.
/// - A missing field matches no test: `==`, `<`, `~`, `in`, `exists`… are all false. `!=` is exactly `not ==`, so it
///   is true for a missing field and, on a list, means "no element equals". An empty list has no element to match,
///   so only `!=` and `exists` hold for it.
/// - `exists` is true when the field is present, whatever its value (JSON `null`, `[]`, an object); `== null` tests
///   for an explicit null.
/// - `endpoint` compares without regard to case (Azure endpoint names are case-insensitive).
public struct WhereExpression: Sendable {
    /// The expression as the user wrote it.
    public let source: String
    let root: Node

    /// Parses `text`; `now` is the time `now` stands for (inject it in tests).
    public init(_ text: String, now: Date = Date()) throws(QueryError) {
        self.source = text
        var parser = Parser(text, now: now)
        self.root = try parser.parseExpression()
    }

    init(source: String, root: Node) {
        self.source = source
        self.root = root
    }

    indirect enum Node: Sendable {
        case and([Node])
        case or([Node])
        case not(Node)
        case test(Test)
    }

    /// One comparison of one field.
    struct Test: Sendable {
        let field: QueryField
        let condition: Condition
    }

    enum Condition: Sendable {
        case compare(Comparison, Literal)
        case glob(GlobPattern)
        case regex(WhereRegex)
        case oneOf([Literal])
        case exists
    }

    enum Comparison: String, Sendable, CaseIterable {
        case equal = "==", notEqual = "!=", less = "<", lessOrEqual = "<=", greater = ">", greaterOrEqual = ">="
    }

    enum Literal: Sendable, Equatable {
        case string(String)
        case number(Double, text: String)
        case bool(Bool)
        case time(Date)
        case null
    }
}

/// A compiled `=~` pattern.
///
/// `Regex` is not declared `Sendable` only because its compiled program is created lazily; that creation is atomic
/// (swift-experimental-string-processing #474 kept "lazy atomic initialization, so using Regex will still be
/// thread-safe"), and we also force it at parse time by matching once, so sharing it across tasks is safe.
struct WhereRegex: @unchecked Sendable {
    let pattern: String
    let regex: Regex<AnyRegexOutput>

    init(pattern: String, ignoresCase: Bool = false) throws {
        self.pattern = pattern
        let compiled = try Regex(pattern)
        self.regex = ignoresCase ? compiled.ignoresCase() : compiled
        _ = try regex.firstMatch(in: "")
    }

    /// Whether the pattern is found anywhere in `text` (anchor it with `^…$` for a whole-value match).
    func matches(_ text: String) -> Bool {
        (try? regex.firstMatch(in: text)) != nil
    }

    /// The compiler's own message ("expected ')'", "quantifier '*' must appear after expression").
    static func explain(_ error: any Error) -> String {
        String(describing: error)
    }
}
