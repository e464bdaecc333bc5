/// A pretty-printed JSON object whose first member is an array written element by element, followed by the other
/// members once the array is complete: `ls --format json` over a million dead letters in constant memory. The text
/// is exactly what `OutputJSON.rendered(pretty: true)` gives for the whole document, so scripts see no difference.
/// Nothing is written before the first element (the object's opening comes with it), so a run that fails before
/// its first row leaves no dangling `{` on standard output.
public struct StreamedJSONDocument: Sendable {
    private let arrayName: String
    private var count = 0

    /// `arrayName` is the name of the object's first member, the array.
    public init(arrayName: String) {
        self.arrayName = arrayName
    }

    /// One more element of the array.
    public mutating func element(_ value: OutputJSON) -> String {
        var text = count > 0 ? "," : opening()
        count += 1
        OutputJSON.newline(&text, depth: 2, pretty: true)
        return text + value.rendered(pretty: true, depth: 2)
    }

    /// The array's `]`, the object's other members, and its `}` (no trailing newline); with no element, the whole
    /// document.
    public func closing(members: [(String, OutputJSON)]) -> String {
        var text = ""
        if count == 0 {
            text = opening()  // nothing was written yet: an empty array, `[]`
        } else {
            OutputJSON.newline(&text, depth: 1, pretty: true)
        }
        text += "]"
        for (key, value) in members {
            text += ","
            OutputJSON.newline(&text, depth: 1, pretty: true)
            OutputJSON.appendQuoted(key, to: &text)
            text += ": " + value.rendered(pretty: true, depth: 1)
        }
        OutputJSON.newline(&text, depth: 0, pretty: true)
        return text + "}"
    }

    /// The object's opening up to the array's `[`.
    private func opening() -> String {
        var text = "{"
        OutputJSON.newline(&text, depth: 1, pretty: true)
        OutputJSON.appendQuoted(arrayName, to: &text)
        return text + ": ["
    }
}
