/// Records, while the validator walks a value, where the members of the root object (level 1) and of the objects
/// that are its members' values (level 2) are: what the event layer reads attributes from.
struct JSONMemberRecorder {
    private(set) var members: JSONScratchBuffer<JSONMemberSpan>
    private(set) var nestedMembers: JSONScratchBuffer<JSONMemberSpan>
    private(set) var nestedObjects: JSONScratchBuffer<JSONNestedObject>
    /// Bit 1: the root is an object; bit 2: the open level-2 container is an object whose members are recorded.
    /// So "is level `l` recorded" is one shift and test.
    private var recordedLevels = 0
    private var nestedFirst = 0
    private var root = PendingMember(), nested = PendingMember()

    init(members: JSONScratchBuffer<JSONMemberSpan>, nestedMembers: JSONScratchBuffer<JSONMemberSpan>,
         nestedObjects: JSONScratchBuffer<JSONNestedObject>) {
        self.members = members
        self.nestedMembers = nestedMembers
        self.nestedObjects = nestedObjects
        self.members.count = 0
        self.nestedMembers.count = 0
        self.nestedObjects.count = 0
    }

    @inline(__always)
    private func records(_ level: Int) -> Bool { level <= 2 && (recordedLevels >> level) & 1 != 0 }

    /// A value starts at `i` inside `level` open containers.
    @inline(__always)
    mutating func valueStarts(at i: Int, level: Int) {
        guard records(level) else { return }
        if level == 1 { root.valueStart = i } else { nested.valueStart = i }
    }

    /// A container was opened inside `level` containers.
    @inline(__always)
    mutating func opened(isObject: Bool, level: Int) {
        if level == 0 {
            recordedLevels = isObject ? 2 : 0
        } else if level == 1 && isObject && recordedLevels == 2 {
            recordedLevels = 6
            nestedFirst = nestedMembers.count
        }
    }

    /// A member name (content between the quotes) inside `level` open containers.
    @inline(__always)
    mutating func key(start: Int, end: Int, escaped: Bool, level: Int) {
        guard records(level) else { return }
        if level == 1 { root.setKey(start, end, escaped) } else { nested.setKey(start, end, escaped) }
    }

    /// The value that started last at this level ends at `i` (exclusive).
    @inline(__always)
    mutating func valueEnds(at i: Int, level: Int) {
        guard records(level) else { return }
        if level == 1 {
            members.append(root.span(valueEnd: i))
        } else {
            nestedMembers.append(nested.span(valueEnd: i))
        }
    }

    /// The innermost of `level` open containers is about to close. A recorded level-2 object is filed under the
    /// root member whose value it is (appended right after, so its index is `members.count`).
    @inline(__always)
    mutating func closing(level: Int) {
        if level == 2 && recordedLevels == 6 {
            nestedObjects.append(JSONNestedObject(member: members.count, members: nestedFirst..<nestedMembers.count))
            recordedLevels = 2
        }
    }
}

/// A member being read: where its name and value started.
private struct PendingMember {
    var keyStart = 0, keyEnd = 0, keyEscaped = false, valueStart = 0

    @inline(__always)
    mutating func setKey(_ start: Int, _ end: Int, _ escaped: Bool) {
        keyStart = start
        keyEnd = end
        keyEscaped = escaped
    }

    @inline(__always)
    func span(valueEnd: Int) -> JSONMemberSpan {
        JSONMemberSpan(keyRange: keyStart..<keyEnd, keyHasEscapes: keyEscaped, valueRange: valueStart..<valueEnd)
    }
}
