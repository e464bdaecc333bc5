extension GlobPattern {
    /// Whether the whole of `text` matches. Works on the string's UTF-8 storage; allocates nothing for native strings.
    public func matches(_ text: String) -> Bool {
        if case .anything = program { return true }
        if let result = text.utf8.withContiguousStorageIfAvailable({ matches(utf8: $0) }) { return result }
        var copy = text
        return copy.withUTF8 { matches(utf8: $0) }
    }

    /// Whether the whole of the UTF-8 text in `bytes` matches; `bytes` must be valid UTF-8.
    public func matches(utf8 bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        switch program {
        case .anything:
            return true
        case .exact(let pattern, let folded):
            return bytes.count == pattern.count && Self.equal(bytes, from: 0, pattern, folded: folded)
        case .prefix(let pattern, let folded):
            return bytes.count >= pattern.count && Self.equal(bytes, from: 0, pattern, folded: folded)
        case .suffix(let pattern, let folded):
            return bytes.count >= pattern.count && Self.equal(bytes, from: bytes.count - pattern.count, pattern, folded: folded)
        case .contains(let pattern, let folded):
            guard bytes.count >= pattern.count else { return false }
            for start in 0...(bytes.count - pattern.count) where Self.equal(bytes, from: start, pattern, folded: folded) {
                return true
            }
            return false
        case .general(let steps):
            return Self.run(steps, on: bytes)
        }
    }

    private static func equal(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int, _ pattern: [UInt8], folded: Bool) -> Bool {
        var index = start
        if folded {
            for byte in pattern {
                guard asciiLower(bytes[index]) == byte else { return false }
                index += 1
            }
        } else {
            for byte in pattern {
                guard bytes[index] == byte else { return false }
                index += 1
            }
        }
        return true
    }

    /// The classic wildcard loop: on a mismatch, go back to just after the last `*` and let it swallow one more
    /// scalar. Remembering only the last star is enough, because a later star can absorb whatever an earlier one
    /// would have; the loop is O(text × pattern) at worst and never recursive.
    private static func run(_ steps: [Step], on bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        var step = 0
        var position = 0
        var starStep = -1
        var starPosition = 0
        while position < bytes.count {
            if step < steps.count {
                switch steps[step] {
                case .star:
                    starStep = step
                    starPosition = position
                    step += 1
                    continue
                case .byte(let byte):
                    if bytes[position] == byte {
                        step += 1
                        position += 1
                        continue
                    }
                case .foldedByte(let byte):
                    if bytes[position] | 0x20 == byte {
                        step += 1
                        position += 1
                        continue
                    }
                case .anyScalar:
                    step += 1
                    position += scalarLength(leadByte: bytes[position])
                    continue
                case .scalarSet(let set):
                    let (scalar, length) = decodeScalar(bytes, at: position)
                    if set.contains(scalar) {
                        step += 1
                        position += length
                        continue
                    }
                }
            }
            guard starStep >= 0 else { return false }
            step = starStep + 1
            starPosition += scalarLength(leadByte: bytes[starPosition])
            position = starPosition
        }
        while step < steps.count, steps[step] == .star { step += 1 }
        return step == steps.count
    }

    static func scalarLength(leadByte byte: UInt8) -> Int {
        switch byte {
        case ..<0xC0: 1
        case ..<0xE0: 2
        case ..<0xF0: 3
        default: 4
        }
    }

    private static func decodeScalar(_ bytes: UnsafeBufferPointer<UInt8>, at index: Int) -> (Unicode.Scalar, Int) {
        let lead = bytes[index]
        let length = scalarLength(leadByte: lead)
        var value: UInt32
        switch length {
        case 1: return (Unicode.Scalar(lead), 1)
        case 2: value = UInt32(lead & 0x1F)
        case 3: value = UInt32(lead & 0x0F)
        default: value = UInt32(lead & 0x07)
        }
        for offset in 1..<length where index + offset < bytes.count {
            value = value << 6 | UInt32(bytes[index + offset] & 0x3F)
        }
        return (Unicode.Scalar(value) ?? "\u{FFFD}", length)
    }
}
