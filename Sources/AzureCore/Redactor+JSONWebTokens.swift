/// JSON Web Tokens, wherever they stand. An Entra ID access token is a JWT (an `eyJ…` header, a payload and a
/// signature in base64url, joined by dots), and text from outside the program — a token command's error output, a
/// service's error message — may quote one bare, with no `Bearer ` or `token=` before it for the other rules to
/// catch. The shape is distinctive enough to mask on sight: base64 of a JSON object always starts with `eyJ`.
extension Redactor {
    /// The header must be at least this long: `{"alg":"x"}` alone encodes to 16 characters, so shorter `eyJ…`
    /// words (a name, a hash prefix) are left alone.
    static let shortestJWTHeader = 8

    static func redactJSONWebTokens(in text: String) -> String {
        guard text.contains("eyJ") else { return text }
        let bytes = Array(text.utf8)
        var output: [UInt8] = []
        output.reserveCapacity(bytes.count)
        var index = 0
        while index < bytes.count {
            if bytes[index] == UInt8(ascii: "e"), index == 0 || !isBase64URL(bytes[index - 1]),
               bytes[index...].starts(with: "eyJ".utf8), let end = endOfJWT(bytes, from: index) {
                output.append(contentsOf: mask.utf8)
                index = end
                continue
            }
            output.append(bytes[index])
            index += 1
        }
        return String(decoding: output, as: UTF8.self)
    }

    /// Where `header.payload.signature` starting at `start` ends, or nil when the text there is not one. The
    /// signature may be empty (an unsigned token ends in a dot).
    private static func endOfJWT(_ bytes: [UInt8], from start: Int) -> Int? {
        var index = start
        var segmentLengths = [0]
        while index < bytes.count {
            let byte = bytes[index]
            if isBase64URL(byte) {
                segmentLengths[segmentLengths.count - 1] += 1
            } else if byte == UInt8(ascii: "."), segmentLengths.count < 3, segmentLengths.last! > 0 {
                segmentLengths.append(0)
            } else {
                break
            }
            index += 1
        }
        guard segmentLengths.count == 3, segmentLengths[0] >= shortestJWTHeader, segmentLengths[1] >= 2 else { return nil }
        return index
    }

    private static func isBase64URL(_ byte: UInt8) -> Bool {
        (byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z")) || (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z"))
            || (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")) || byte == UInt8(ascii: "-") || byte == UInt8(ascii: "_")
    }
}
