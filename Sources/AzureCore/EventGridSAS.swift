import Foundation

/// Event Grid topic SAS tokens (`aeg-sas-token: r=…&e=…&s=…`), computed as the SDKs do:
/// `s = urlencode(base64(HMAC-SHA256(base64decode(key), "r=" + urlencode(resource) + "&e=" + urlencode(expiry))))`.
public enum EventGridSAS {
    public static func token(resource: String, expiry: String, topicKey: String) -> String? {
        guard let key = HMACSigning.decodeBase64Key(topicKey) else { return nil }
        let unsigned = "r=\(PercentEncoding.encode(resource))&e=\(PercentEncoding.encode(expiry))"
        let signature = HMACSigning.sha256Base64(key: key, message: unsigned)
        return unsigned + "&s=" + PercentEncoding.encode(signature)
    }

    /// Expiry text in the form the Python SDK writes (`str(datetime)`: `2024-01-05 13:00:00+00:00`).
    public static func expiryText(_ date: Date) -> String {
        let seconds = Int(date.timeIntervalSince1970.rounded(.down))
        let (y, m, d) = CivilCalendar.date(daysSince1970: seconds / 86_400)
        let rest = seconds % 86_400
        func two(_ v: Int) -> String { v < 10 ? "0\(v)" : "\(v)" }
        return "\(y)-\(two(m))-\(two(d)) \(two(rest / 3600)):\(two(rest % 3600 / 60)):\(two(rest % 60))+00:00"
    }

    public struct Parsed: Sendable, Equatable {
        public var resource: String
        public var expiry: String
        public var signature: String
        /// The exact text that was signed (`r=…&e=…` as received).
        public var signedText: String
    }

    /// Splits a received token into its parts; nil when it is not of the `r=&e=&s=` form.
    public static func parse(_ token: String) -> Parsed? {
        guard let sIndex = token.range(of: "&s=") else { return nil }
        let signedText = String(token[..<sIndex.lowerBound])
        let signature = PercentEncoding.decode(String(token[sIndex.upperBound...]))
        var resource: String?, expiry: String?
        for (name, value) in PercentEncoding.decodeQuery(signedText) {
            if name == "r" { resource = value } else if name == "e" { expiry = value }
        }
        guard let resource, let expiry else { return nil }
        return Parsed(resource: resource, expiry: expiry, signature: signature, signedText: signedText)
    }

    public static func isValid(_ parsed: Parsed, topicKey: String) -> Bool {
        guard let key = HMACSigning.decodeBase64Key(topicKey) else { return false }
        return HMACSigning.constantTimeEquals(HMACSigning.sha256Base64(key: key, message: parsed.signedText), parsed.signature)
    }

    /// Parses the expiry forms seen in the wild: Python `str(datetime)`, RFC 3339, and .NET en-US `6/15/2017 6:20:15 PM`.
    public static func parseExpiry(_ text: String) -> Date? {
        let t = text.trimmingCharacters(in: .whitespaces)
        // yyyy-mm-dd hh:mm:ss[.ffffff][+00:00|Z]
        let scalars = Array(t.utf8)
        if scalars.count >= 19, scalars[4] == UInt8(ascii: "-"), scalars[7] == UInt8(ascii: "-") {
            func num(_ r: Range<Int>) -> Int? { Int(String(decoding: scalars[r], as: UTF8.self)) }
            guard let y = num(0..<4), let mo = num(5..<7), let d = num(8..<10), let h = num(11..<13), let mi = num(14..<16),
                  let s = num(17..<19) else { return nil }
            var seconds = CivilCalendar.daysSince1970(year: y, month: mo, day: d) * 86_400 + h * 3600 + mi * 60 + s
            if let plus = t.lastIndex(where: { $0 == "+" || $0 == "-" }), t.distance(from: t.startIndex, to: plus) > 18 {
                let offset = t[t.index(after: plus)...].split(separator: ":")
                if offset.count == 2, let oh = Int(offset[0]), let om = Int(offset[1]), (0...23).contains(oh), (0...59).contains(om) {
                    seconds -= (t[plus] == "-" ? -1 : 1) * (oh * 3600 + om * 60)
                }
            }
            return Date(timeIntervalSince1970: Double(seconds))
        }
        // M/d/yyyy h:mm:ss AM|PM
        let parts = t.split(separator: " ")
        if parts.count == 3 {
            let date = parts[0].split(separator: "/"), clock = parts[1].split(separator: ":")
            guard date.count == 3, clock.count == 3, let mo = Int(date[0]), let d = Int(date[1]), let y = Int(date[2]),
                  var h = Int(clock[0]), let mi = Int(clock[1]), let s = Int(clock[2]) else { return nil }
            if parts[2].uppercased() == "PM", h < 12 { h += 12 }
            if parts[2].uppercased() == "AM", h == 12 { h = 0 }
            // Out-of-range numbers are not a time, and huge ones would overflow the arithmetic below (a trap).
            guard (1...9999).contains(y), (1...12).contains(mo), (1...31).contains(d), (0...23).contains(h),
                  (0...59).contains(mi), (0...60).contains(s) else { return nil }
            return Date(timeIntervalSince1970: Double(CivilCalendar.daysSince1970(year: y, month: mo, day: d) * 86_400 + h * 3600 + mi * 60 + s))
        }
        return nil
    }
}
