/// HTTP header names compared as HTTP defines them: case-insensitively, and they are ASCII tokens, so folding ASCII
/// letters is the whole comparison. Foundation's `caseInsensitiveCompare` bridges to `NSString` on Linux; with a dozen
/// lookups per request (Shared Key's string to sign, the emulator's routing) it was 5–10% of a request's CPU.
public enum HTTPHeaderName {
    public static func matches(_ first: String, _ second: String) -> Bool {
        var first = first, second = second
        return first.withUTF8 { a in
            second.withUTF8 { b in
                guard a.count == b.count else { return false }
                for index in 0..<a.count where a[index] != b[index] {
                    // Setting bit 5 lower-cases an ASCII letter; the other bytes must be equal as they are.
                    let lower = a[index] | 0x20
                    guard lower >= UInt8(ascii: "a"), lower <= UInt8(ascii: "z"), lower == b[index] | 0x20 else { return false }
                }
                return true
            }
        }
    }
}
