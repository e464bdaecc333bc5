import DeadLetterKit
import FuzzSupport
import Foundation

/// Fuzzes the query language: `--where` expressions, and the same text as a `--since` time, a duration
/// (`--max-delivery-delay`) and a `--type` glob.
///
/// Input: the expression text (invalid UTF-8 is repaired as a command line would be). Invariants:
/// - no crash, no hang, no memory error;
/// - an expression that parses has a canonical form (`--dry-run` shows it) that parses again to the same canonical
///   form and matches exactly the same events; its push-down can be computed;
/// - an error names the expression and a column inside it (1 … length + 1), and renders with a caret;
/// - a duration that parses can be shown (`QueryDuration.format`) and reads back to the same number of seconds
///   (to the millisecond it is shown with);
/// - a glob that compiles matches without trapping, and a literal glob matches its own text.
@_cdecl("LLVMFuzzerTestOneInput")
public func whereFuzzerTestOneInput(_ data: UnsafePointer<UInt8>?, _ count: Int) -> CInt {
    let text = FuzzInput(data, count, controlCount: 0).text
    checkExpression(text)
    checkTimeArgument(text)
    checkDuration(text)
    checkGlob(text)
    return 0
}

/// `now` is fixed so that a failure reproduces.
let now = Date(timeIntervalSince1970: 1_704_466_800)

func checkExpression(_ text: String) {
    let expression: WhereExpression
    do {
        expression = try WhereExpression(text, now: now)
    } catch {
        checkError(error, text: text)
        return
    }
    let canonical = expression.description
    let reread: WhereExpression
    do {
        reread = try WhereExpression(canonical, now: now)
    } catch {
        fuzzFail("the canonical form does not parse again: \(error)\n input:     \(text.debugDescription)\n canonical: \(canonical.debugDescription)")
    }
    fuzzCheck(reread.description == canonical,
              "the canonical form is not stable:\n first:  \(canonical.debugDescription)\n second: \(reread.description.debugDescription)")
    _ = expression.pushDown
    // A user's regular expression may backtrack for long on purpose; matching it is the regex engine's business.
    guard !canonical.contains("=~") else { return }
    for event in SampleEvents.all {
        fuzzCheck(expression.matches(event) == reread.matches(event), "the canonical form matches differently: \(canonical)")
    }
}

func checkError(_ error: QueryError, text: String) {
    let length = text.unicodeScalars.count
    fuzzCheck(error.expression == text, "the error names another expression: \(String(describing: error.expression))")
    if let column = error.column {
        fuzzCheck(column >= 1 && column <= length + 1, "column \(column) outside a \(length)-scalar expression: \(error)")
    } else {
        fuzzFail("an expression error without a column: \(error)")
    }
    fuzzCheck(!error.message.isEmpty, "an error without a message")
    fuzzCheck(error.description.contains("^"), "the error has no caret: \(error.description)")
}

func checkTimeArgument(_ text: String) {
    do {
        _ = try QueryTimeArgument.parse(text, now: now, option: "--since")
    } catch {
        guard case .invalidTime(let option, let shown) = error, option == "--since", shown == text else {
            fuzzFail("--since failed with an unexpected error: \(error)")
        }
    }
}

func checkDuration(_ text: String) {
    guard let seconds = QueryDuration.parse(text) else { return }
    fuzzCheck(seconds >= 0, "a negative duration \(seconds) from \(text.debugDescription)")
    let shown = QueryDuration.format(seconds)
    // Shown to the millisecond, so it reads back to within half of one.
    let reread = QueryDuration.parse(shown)
    fuzzCheck(reread.map { abs($0 - seconds) <= 0.0005 + seconds * 1e-12 } ?? false,
              "duration \(seconds) shown as \(shown) reads back as \(String(describing: reread))")
}

func checkGlob(_ text: String) {
    guard let glob = try? GlobPattern(text) else { return }
    for sample in ["", text, "Microsoft.DigitalTwins.Twin.Update", "pump-7", "ß", "🙂x"] { _ = glob.matches(sample) }
    if let literal = glob.literalText { fuzzCheck(glob.matches(literal), "literal glob \(text.debugDescription) does not match its text") }
    let folded = try? GlobPattern(text, caseInsensitive: true)
    fuzzCheck(folded != nil, "a glob compiles case-sensitively but not case-insensitively: \(text.debugDescription)")
}
