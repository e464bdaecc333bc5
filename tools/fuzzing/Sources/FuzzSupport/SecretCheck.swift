/// Secret hygiene: the credentials assigned in an input (`AccountKey=…`, `sig=…`) must not come back in any text
/// the program would print. Only values that look like real credentials are checked (see `looksLikeCredential`),
/// and a value may still be shown as often as the input also has it outside a secret assignment (e.g. when the
/// fuzzer made the account name equal to the key).
public struct SecretAssignments {
    public let input: String
    /// Where a value counts as shown by the input itself: `input`, or the whole text `input` was taken from.
    private let wholeInput: String
    /// The secret values, in input order.
    public let values: [String]
    private let names: Set<String>
    private let separators: Set<Character>

    /// `names` are matched case-insensitively before the first `=` of each piece; pieces end at any of `separators`.
    /// `wholeInput` is the text `input` is a part of (a connection string's SAS), if any.
    public init(in input: String, names: Set<String>, separators: Set<Character>, wholeInput: String? = nil) {
        self.input = input
        self.wholeInput = wholeInput ?? input
        self.names = names
        self.separators = separators
        values = Self.assignments(in: input, names: names, separators: separators).map(\.value).filter(Self.looksLikeCredential)
    }

    /// Fails the run when `output` shows a secret more often than the input shows it outside secret assignments.
    public func assertHidden(in output: String, what: String) {
        for secret in values {
            let shown = occurrences(of: secret, in: output)
            guard shown > 0 else { continue }
            // Assignments of exactly this value; the same text inside a longer (or another field's) value is public.
            let assigned = Self.assignments(in: input, names: names, separators: separators).filter { $0.value == secret }.count
            let public_ = occurrences(of: secret, in: wholeInput) - assigned
            fuzzCheck(shown <= public_, "\(what) shows the secret '\(secret)' (\(shown)×, the input shows it \(public_)× outside secret assignments): \(output)")
        }
    }

    private static func assignments(in text: String, names: Set<String>, separators: Set<Character>) -> [(name: String, value: String)] {
        text.split(whereSeparator: { separators.contains($0) }).compactMap { piece in
            let trimmed = piece.drop { $0 == " " || $0 == "\t" }
            guard let eq = trimmed.firstIndex(of: "=") else { return nil }
            let name = trimmed[..<eq].lowercased()
            // The value is the run of credential characters after `=`: a real key or signature ends at the first
            // other character, and so does what `Redactor` masks (`s=\n…` assigns nothing).
            let value = trimmed[trimmed.index(after: eq)...].prefix(while: isCredentialCharacter)
            return names.contains(name) ? (name, String(value)) : nil
        }
    }

    private static func isCredentialCharacter(_ character: Character) -> Bool {
        guard let ascii = character.asciiValue else { return false }
        return isCredentialByte(ascii)
    }

    private static func isCredentialByte(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
             UInt8(ascii: "+"), UInt8(ascii: "/"), UInt8(ascii: "="), UInt8(ascii: "%"):
            return true
        default:
            return false
        }
    }

    /// Whether `value` is a credential worth checking: real keys and signatures are base64, possibly percent-encoded,
    /// and mix digits with upper- and lower-case letters (which also keeps words of fixed message text, and the
    /// `REDACTED` mask itself, from counting as a leak).
    public static func looksLikeCredential(_ value: String) -> Bool {
        let utf8 = value.utf8
        return utf8.count >= 8
            && utf8.contains { $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }
            && utf8.contains { $0 >= UInt8(ascii: "A") && $0 <= UInt8(ascii: "Z") }
            && utf8.contains { $0 >= UInt8(ascii: "a") && $0 <= UInt8(ascii: "z") }
            && utf8.allSatisfy(isCredentialByte)
    }
}

/// Non-overlapping occurrences of `needle` in `haystack`, compared as UTF-8 bytes.
public func occurrences(of needle: String, in haystack: String) -> Int {
    let text = Array(haystack.utf8), pattern = Array(needle.utf8)
    guard !pattern.isEmpty, text.count >= pattern.count else { return 0 }
    var count = 0
    var start = 0
    while start <= text.count - pattern.count {
        if text[start..<(start + pattern.count)].elementsEqual(pattern) {
            count += 1
            start += pattern.count
        } else {
            start += 1
        }
    }
    return count
}
