extension QueryField {
    /// Names people reach for that mean one of our fields (Event Grid / CloudEvents attribute names, ADT terms).
    private static let aliases: [String: String] = [
        "eventtime": "time", "eventtype": "type", "eventid": "id", "dtid": "twin", "twinid": "twin",
        "modelid": "model", "dataschema": "model", "deadlettertime": "deadlettered", "deadletteredat": "deadlettered",
        "deadletterreason": "reason", "deliveryattempts": "attempts", "deliveryattempt": "attempts",
        "lastdeliveryoutcome": "outcome", "deliveryoutcome": "outcome", "relationshipid": "relationship",
        "relationshipname": "relationship", "sourcetwinid": "source_twin", "targetid": "target_twin",
        "targettwinid": "target_twin", "path": "patch.path", "patch": "patch.path", "subscription": "endpoint",
    ]

    /// The valid name closest to an unknown one, for "did you mean …?"; nil when nothing is close.
    static func suggestion(for name: String) -> String? {
        let lowered = name.lowercased()
        if let alias = aliases[lowered.replacingOccurrences(of: "_", with: "")] { return alias }
        // `dta.temp`, `Data.temp`: a data path with a mistyped head keeps its path.
        if let dot = lowered.firstIndex(of: "."), editDistance(String(lowered[..<dot]), "data") <= 1 {
            return "data" + name[dot...]
        }
        var best: (name: String, distance: Int)?
        for candidate in namedFields.map(\.name) + ["data"] {
            let distance = editDistance(lowered, candidate)
            if distance < (best?.distance ?? Int.max) { best = (candidate, distance) }
        }
        guard let best, best.distance <= (best.name.count <= 4 ? 1 : 2) else { return nil }
        return best.name == "data" ? "data.<path>" : best.name
    }

    /// Optimal string alignment distance: Levenshtein plus transposition of neighbours, so `tyep` is 1 from `type`.
    static func editDistance(_ a: String, _ b: String) -> Int {
        let a = Array(a.unicodeScalars), b = Array(b.unicodeScalars)
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var previousPrevious = [Int](repeating: 0, count: b.count + 1)
        var previous = Array(0...b.count)
        var current = [Int](repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            current[0] = i
            for j in 1...b.count {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
                if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] {
                    current[j] = min(current[j], previousPrevious[j - 2] + 1)
                }
            }
            (previousPrevious, previous, current) = (previous, current, previousPrevious)
        }
        return previous[b.count]
    }
}
