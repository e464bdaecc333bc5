/// A shell-style glob, compiled once and matched many times without allocating.
///
/// - `*` any run of characters (including none, and including `/`), `?` exactly one character,
///   `[abc]` one of, `[a-z]` a range, `[!x]` or `[^x]` none of; `]` first in a class is a member (`[]a]`), `-` first
///   or last is a member; `\` makes the next character literal, inside classes too.
/// - The whole text must match (a glob is anchored at both ends).
/// - Case-sensitive by default. With `caseInsensitive`, ASCII letters fold to each other and other characters match
///   their single-character lower/upper-case forms (so `é` matches `É`).
/// - Characters are Unicode scalars: `?` consumes one scalar, which may be several UTF-8 bytes.
public struct GlobPattern: Sendable {
    /// The pattern as written.
    public let pattern: String
    public let isCaseInsensitive: Bool
    let program: Program

    public init(_ pattern: String, caseInsensitive: Bool = false) throws(SyntaxError) {
        self.pattern = pattern
        self.isCaseInsensitive = caseInsensitive
        let steps = try Self.compile(Array(pattern.unicodeScalars), caseInsensitive: caseInsensitive)
        self.program = Program(steps: steps)
    }

    /// Why a pattern is not a glob; positions are 1-based, in characters (Unicode scalars) of the pattern.
    public enum SyntaxError: Error, Sendable, Equatable, CustomStringConvertible {
        case trailingBackslash
        case unclosedClass(position: Int)
        case reversedRange(range: String, position: Int)

        public var description: String {
            switch self {
            case .trailingBackslash:
                "a '\\' at the end escapes nothing (write '\\\\' for a backslash)"
            case .unclosedClass(let position):
                "the '[' at position \(position) has no closing ']' (write '\\[' for a literal bracket)"
            case .reversedRange(let range, let position):
                "the range '\(range)' at position \(position) runs backwards"
            }
        }
    }

    /// True when the pattern has no wildcard, so it matches exactly one text (one per casing when case-insensitive).
    public var isLiteral: Bool { literalText != nil }

    /// The text a wildcard-free pattern matches, with escapes removed; nil when the pattern has wildcards.
    public var literalText: String? {
        var text = String.UnicodeScalarView()
        var scalars = pattern.unicodeScalars.makeIterator()
        while let scalar = scalars.next() {
            switch scalar {
            case "*", "?", "[": return nil
            case "\\": if let next = scalars.next() { text.append(next) }
            default: text.append(scalar)
            }
        }
        return String(text)
    }

    /// The pattern that matches exactly `text` (wildcards in it escaped).
    public static func literal(_ text: String, caseInsensitive: Bool = false) -> GlobPattern {
        var escaped = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            if scalar == "*" || scalar == "?" || scalar == "[" || scalar == "\\" { escaped.append("\\") }
            escaped.append(scalar)
        }
        // An escaped text is always a valid glob.
        return try! GlobPattern(String(escaped), caseInsensitive: caseInsensitive)
    }
}

extension GlobPattern: Hashable {
    public static func == (lhs: GlobPattern, rhs: GlobPattern) -> Bool {
        lhs.pattern == rhs.pattern && lhs.isCaseInsensitive == rhs.isCaseInsensitive
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(pattern)
        hasher.combine(isCaseInsensitive)
    }
}

extension GlobPattern: CustomStringConvertible {
    public var description: String { pattern }
}
