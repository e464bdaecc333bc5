/// Removes secrets from any text before it reaches a log, an error message, progress output or an export:
/// SAS signatures (`sig=`, Event Grid `s=`), account and access keys in connection strings, `aeg-sas-key`,
/// bearer tokens, `SharedAccessSignature` values and bare JSON Web Tokens. Applied at every boundary where text
/// leaves the program.
public enum Redactor {
    public static let mask = "REDACTED"

    /// Parameter names whose values are secret, matched case-insensitively before `=` in query strings and
    /// connection strings.
    static let secretNames: [String] = ["sig", "accountkey", "sharedaccesskey", "aeg-sas-key", "aeg-sas-token", "sharedaccesssignature", "s", "token", "access_token", "code", "client_secret"]

    public static func redact(_ text: String) -> String {
        var result = redactAssignments(in: text)
        result = redactAfter(prefixes: ["Bearer ", "bearer ", "SharedKey ", "SharedAccessSignature "], in: result)
        result = redactJSONWebTokens(in: result)
        return result
    }

    /// Replaces the value of `name=value` where name is secret. Values end at `&`, `;`, whitespace, quotes or `>`.
    static func redactAssignments(in text: String) -> String {
        let chars = Array(text.unicodeScalars)
        var out = String.UnicodeScalarView()
        var i = 0
        while i < chars.count {
            if chars[i] == "=", let nameStart = nameStart(before: i, in: chars) {
                let name = String(String.UnicodeScalarView(chars[nameStart..<i])).lowercased()
                // `s=` is the signature of an Event Grid token (`r=…&e=…&s=…`): secret as a query parameter (after
                // `&`, blanks allowed in between, as token parsers skip them; even in a malformed token without
                // `e=`) or anywhere after an `e=`; a bare `s=` elsewhere in prose is too common to mask.
                let isEventGridSignature = name == "s"
                    && (Self.followsAmpersand(nameStart, in: chars)
                        || String(String.UnicodeScalarView(chars[0..<nameStart])).contains("e="))
                if secretNames.contains(name) && (name != "s" || isEventGridSignature) {
                    out.append("=")
                    var j = i + 1
                    while j < chars.count, !isTerminator(chars[j]) { j += 1 }
                    if j > i + 1 { out.append(contentsOf: mask.unicodeScalars) }
                    i = j
                    continue
                }
            }
            out.append(chars[i])
            i += 1
        }
        return String(out)
    }

    /// Whether `&` comes before `index`, with only spaces or tabs between.
    private static func followsAmpersand(_ index: Int, in chars: [Unicode.Scalar]) -> Bool {
        var j = index
        while j > 0, chars[j - 1] == " " || chars[j - 1] == "\t" { j -= 1 }
        return j > 0 && chars[j - 1] == "&"
    }

    private static func nameStart(before index: Int, in chars: [Unicode.Scalar]) -> Int? {
        var j = index
        while j > 0, isNameCharacter(chars[j - 1]) { j -= 1 }
        return j < index ? j : nil
    }

    private static func isNameCharacter(_ c: Unicode.Scalar) -> Bool {
        (c >= "a" && c <= "z") || (c >= "A" && c <= "Z") || (c >= "0" && c <= "9") || c == "-" || c == "_"
    }

    private static func isTerminator(_ c: Unicode.Scalar) -> Bool {
        c == "&" || c == ";" || c == " " || c == "\n" || c == "\t" || c == "\"" || c == "'" || c == "<" || c == ">" || c == ","
    }

    /// Masks the credential that follows an authorization scheme word, up to the end of the token.
    static func redactAfter(prefixes: [String], in text: String) -> String {
        var result = text
        for prefix in prefixes {
            var searchStart = result.startIndex
            while let range = result.range(of: prefix, range: searchStart..<result.endIndex) {
                var end = range.upperBound
                while end < result.endIndex, !" \n\t\"'<>,".contains(result[end]) { end = result.index(after: end) }
                if end == range.upperBound || result[range.upperBound..<end] == Substring(mask) {
                    searchStart = end
                    continue
                }
                result.replaceSubrange(range.upperBound..<end, with: mask)
                searchStart = result.index(range.upperBound, offsetBy: mask.count)
            }
        }
        return result
    }
}
