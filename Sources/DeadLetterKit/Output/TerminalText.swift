/// Measuring, cutting and padding text for terminal columns, shared by the table, stats and summary renderers.
///
/// Widths are counted in characters (grapheme clusters). East Asian wide characters take two columns in most
/// terminals and are under-counted; the values deadletter shows (types, twin ids, blob names) are nearly always ASCII.
public enum TerminalText {
    static func width(_ text: String) -> Int { text.count }

    /// The text cut to `width` columns, ending in `…` when something was cut.
    static func truncate(_ text: String, toWidth width: Int) -> String {
        guard width > 0 else { return "" }
        guard text.count > width else { return text }
        return String(text.prefix(width - 1)) + "…"
    }

    /// Control characters (newlines, tabs, escapes) replaced by spaces, so a value from an event cannot break a
    /// row or smuggle terminal escape sequences onto the user's screen.
    public static func sanitize(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: isControl) else { return text }
        var scalars = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            scalars.append(isControl(scalar) ? " " : scalar)
        }
        return String(scalars)
    }

    static func pad(_ text: String, toWidth width: Int, alignRight: Bool = false) -> String {
        let padding = width - self.width(text)
        guard padding > 0 else { return text }
        let spaces = String(repeating: " ", count: padding)
        return alignRight ? spaces + text : text + spaces
    }

    private static func isControl(_ scalar: Unicode.Scalar) -> Bool {
        scalar.value < 0x20 || (0x7f...0x9f).contains(scalar.value)
    }
}
