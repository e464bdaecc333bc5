/// Turning a glob's text into match steps over UTF-8 bytes, and choosing a fast path when the shape allows one.
extension GlobPattern {
    enum Step: Sendable, Equatable {
        /// This exact byte.
        case byte(UInt8)
        /// An ASCII letter in either case; holds the lower-case byte.
        case foldedByte(UInt8)
        /// Any one scalar.
        case anyScalar
        /// One scalar in (or, negated, not in) a class.
        case scalarSet(ScalarSet)
        case star
    }

    /// How a compiled glob is matched. Most globs users write are `literal`, `prefix*`, `*suffix` or `*part*`;
    /// those skip the general backtracking loop.
    enum Program: Sendable {
        case anything
        /// Pattern bytes; `folded` means ASCII-case-insensitive (bytes stored lower-case).
        case exact([UInt8], folded: Bool)
        case prefix([UInt8], folded: Bool)
        case suffix([UInt8], folded: Bool)
        case contains([UInt8], folded: Bool)
        case general([Step])

        init(steps: [Step]) {
            var bytes: [UInt8] = []
            var folded = false
            var starPositions: [Int] = []
            for (index, step) in steps.enumerated() {
                switch step {
                case .byte(let byte): bytes.append(byte)
                case .foldedByte(let byte): bytes.append(byte); folded = true
                case .star: starPositions.append(index)
                case .anyScalar, .scalarSet: self = .general(steps); return
                }
            }
            // In a case-insensitive pattern every ASCII letter is a lower-case `foldedByte` and every other byte is one
            // that ASCII lower-casing leaves alone, so comparing lower-cased text bytes with all of them is exact.
            let last = steps.count - 1
            switch starPositions {
            case []: self = .exact(bytes, folded: folded)
            case [0] where steps.count == 1: self = .anything
            case [last]: self = .prefix(bytes, folded: folded)
            case [0]: self = .suffix(bytes, folded: folded)
            case [0, last]: self = .contains(bytes, folded: folded)
            default: self = .general(steps)
            }
        }
    }

    static func compile(_ scalars: [Unicode.Scalar], caseInsensitive: Bool) throws(SyntaxError) -> [Step] {
        var steps: [Step] = []
        var index = 0
        func appendLiteral(_ scalar: Unicode.Scalar) {
            if caseInsensitive {
                if scalar.isASCII {
                    let byte = UInt8(scalar.value)
                    steps.append(isASCIILetter(byte) ? .foldedByte(asciiLower(byte)) : .byte(byte))
                    return
                }
                let variants = caseVariants(of: scalar)
                if variants.count > 1 {
                    steps.append(.scalarSet(ScalarSet(members: variants.map { $0.value...$0.value }, negated: false, caseInsensitive: false)))
                    return
                }
            }
            for byte in String(scalar).utf8 { steps.append(.byte(byte)) }
        }
        while index < scalars.count {
            let scalar = scalars[index]
            switch scalar {
            case "\\":
                guard index + 1 < scalars.count else { throw .trailingBackslash }
                appendLiteral(scalars[index + 1])
                index += 2
            case "*":
                if steps.last != .star { steps.append(.star) }
                index += 1
            case "?":
                steps.append(.anyScalar)
                index += 1
            case "[":
                let (set, next) = try compileClass(scalars, openingAt: index, caseInsensitive: caseInsensitive)
                steps.append(.scalarSet(set))
                index = next
            default:
                appendLiteral(scalar)
                index += 1
            }
        }
        return steps
    }

    /// Reads `[...]` starting at `openingAt`; returns the set and the index after `]`.
    private static func compileClass(_ scalars: [Unicode.Scalar], openingAt start: Int,
                                     caseInsensitive: Bool) throws(SyntaxError) -> (ScalarSet, Int) {
        var index = start + 1
        var negated = false
        if index < scalars.count, scalars[index] == "!" || scalars[index] == "^" {
            negated = true
            index += 1
        }
        var members: [ClosedRange<UInt32>] = []
        var first = true
        func member() throws(SyntaxError) -> Unicode.Scalar {
            if scalars[index] == "\\" {
                guard index + 1 < scalars.count else { throw .trailingBackslash }
                index += 2
                return scalars[index - 1]
            }
            index += 1
            return scalars[index - 1]
        }
        while index < scalars.count {
            if scalars[index] == "]" && !first {
                return (ScalarSet(members: members, negated: negated, caseInsensitive: caseInsensitive), index + 1)
            }
            first = false
            let rangeStart = index
            let low = try member()
            if index + 1 < scalars.count, scalars[index] == "-", scalars[index + 1] != "]" {
                index += 1
                let high = try member()
                guard low.value <= high.value else {
                    throw .reversedRange(range: "\(low)-\(high)", position: rangeStart + 1)
                }
                members.append(low.value...high.value)
            } else {
                members.append(low.value...low.value)
            }
        }
        throw .unclosedClass(position: start + 1)
    }

    static func isASCIILetter(_ byte: UInt8) -> Bool {
        (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A)
    }

    static func asciiLower(_ byte: UInt8) -> UInt8 {
        byte >= 0x41 && byte <= 0x5A ? byte | 0x20 : byte
    }

    /// The scalar and its single-scalar lower-, upper- and title-case forms.
    static func caseVariants(of scalar: Unicode.Scalar) -> [Unicode.Scalar] {
        var variants = [scalar]
        let properties = scalar.properties
        for mapping in [properties.lowercaseMapping, properties.uppercaseMapping, properties.titlecaseMapping] {
            let mapped = mapping.unicodeScalars
            if mapped.count == 1, let only = mapped.first, !variants.contains(only) { variants.append(only) }
        }
        return variants
    }
}
