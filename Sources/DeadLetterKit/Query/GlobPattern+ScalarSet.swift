extension GlobPattern {
    /// A bracket class (`[a-z]`, `[!x]`), with an ASCII bitmap so the common case is two shifts and a mask.
    struct ScalarSet: Sendable, Equatable {
        let members: [ClosedRange<UInt32>]
        let negated: Bool
        let caseInsensitive: Bool
        /// Membership (after case folding, before negation) of scalars 0..<128.
        private let asciiLow: UInt64
        private let asciiHigh: UInt64

        init(members: [ClosedRange<UInt32>], negated: Bool, caseInsensitive: Bool) {
            self.members = members
            self.negated = negated
            self.caseInsensitive = caseInsensitive
            var low: UInt64 = 0
            var high: UInt64 = 0
            for value in UInt32(0)..<128 {
                let scalar = Unicode.Scalar(UInt8(value))
                let candidates = caseInsensitive ? GlobPattern.caseVariants(of: scalar) : [scalar]
                guard candidates.contains(where: { candidate in members.contains { $0.contains(candidate.value) } }) else {
                    continue
                }
                if value < 64 { low |= 1 << UInt64(value) } else { high |= 1 << UInt64(value - 64) }
            }
            asciiLow = low
            asciiHigh = high
        }

        func contains(_ scalar: Unicode.Scalar) -> Bool {
            let value = scalar.value
            let isMember: Bool
            if value < 64 {
                isMember = asciiLow & (1 << UInt64(value)) != 0
            } else if value < 128 {
                isMember = asciiHigh & (1 << UInt64(value - 64)) != 0
            } else if caseInsensitive {
                isMember = GlobPattern.caseVariants(of: scalar).contains { candidate in
                    members.contains { $0.contains(candidate.value) }
                }
            } else {
                isMember = members.contains { $0.contains(value) }
            }
            return isMember != negated
        }
    }
}
