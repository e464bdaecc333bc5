/// Member, element and path access on `JSONRawValue`, reading only the bytes on the way to the answer.
extension JSONRawValue {
    /// The first member named `name` when the value is an object.
    public subscript(member name: String) -> JSONRawValue? {
        var name = name
        return name.withUTF8 { member(utf8: $0) }
    }

    /// The element at `index` when the value is an array.
    public subscript(index index: Int) -> JSONRawValue? {
        guard kind == .array, index >= 0 else { return nil }
        var position = 0
        var found: Range<Int>?
        storage.withUnsafeBufferPointer { buffer in
            _ = JSONSkipping.forEachElement(buffer.baseAddress!, range) { element in
                if position == index { found = element; return false }
                position += 1
                return true
            }
        }
        return found.map { JSONRawValue(storage: storage, range: $0) }
    }

    /// The value at `path`, or nil when any step is missing. A wildcard yields its first match.
    public subscript(path path: JSONPath) -> JSONRawValue? {
        var result: JSONRawValue?
        visit(path.components[...]) { result = $0; return false }
        return result
    }

    /// `value[path: "data.$dtId"]`; nil when the path is missing or does not parse.
    public subscript(path text: String) -> JSONRawValue? {
        guard let path = try? JSONPath(text) else { return nil }
        return self[path: path]
    }

    /// Every value matching `path` (several when it has wildcards), in document order.
    public func values(at path: JSONPath) -> [JSONRawValue] {
        var results: [JSONRawValue] = []
        visit(path.components[...]) { results.append($0); return true }
        return results
    }

    /// The members in order, names decoded.
    public var members: [(name: String, value: JSONRawValue)] {
        var out: [(name: String, value: JSONRawValue)] = []
        forEachMember { name, value in out.append((name, value)); return true }
        return out
    }

    /// The elements in order.
    public var elements: [JSONRawValue] {
        guard kind == .array else { return [] }
        var out: [JSONRawValue] = []
        storage.withUnsafeBufferPointer { buffer in
            _ = JSONSkipping.forEachElement(buffer.baseAddress!, range) { out.append(JSONRawValue(storage: storage, range: $0)); return true }
        }
        return out
    }

    /// Calls `body(name, value)` for each member until it returns false.
    public func forEachMember(_ body: (String, JSONRawValue) throws -> Bool) rethrows {
        guard kind == .object else { return }
        try storage.withUnsafeBufferPointer { buffer in
            _ = try JSONSkipping.forEachMember(buffer.baseAddress!, range) { key, escaped, value in
                let name = JSONStringDecoding.string(buffer, key, hasEscapes: escaped)
                return try body(name, JSONRawValue(storage: storage, range: value))
            }
        }
    }

    /// The first members named `first` and `second`, found in one walk over the object.
    func firstMembers(named first: StaticString, _ second: StaticString) -> (JSONRawValue?, JSONRawValue?) {
        guard kind == .object else { return (nil, nil) }
        var found: (Range<Int>?, Range<Int>?)
        let names = (UnsafeBufferPointer(start: first.utf8Start, count: first.utf8CodeUnitCount),
                     UnsafeBufferPointer(start: second.utf8Start, count: second.utf8CodeUnitCount))
        storage.withUnsafeBufferPointer { buffer in
            _ = JSONSkipping.forEachMember(buffer.baseAddress!, range) { key, escaped, value in
                if found.0 == nil && JSONStringDecoding.contentEquals(buffer, key, hasEscapes: escaped, names.0) {
                    found.0 = value
                } else if found.1 == nil && JSONStringDecoding.contentEquals(buffer, key, hasEscapes: escaped, names.1) {
                    found.1 = value
                }
                return found.0 == nil || found.1 == nil
            }
        }
        return (found.0.map { JSONRawValue(storage: storage, range: $0) }, found.1.map { JSONRawValue(storage: storage, range: $0) })
    }

    func member(utf8 name: UnsafeBufferPointer<UInt8>) -> JSONRawValue? {
        guard kind == .object else { return nil }
        var found: Range<Int>?
        storage.withUnsafeBufferPointer { buffer in
            _ = JSONSkipping.forEachMember(buffer.baseAddress!, range) { key, escaped, value in
                if JSONStringDecoding.contentEquals(buffer, key, hasEscapes: escaped, name) { found = value; return false }
                return true
            }
        }
        return found.map { JSONRawValue(storage: storage, range: $0) }
    }

    /// Depth-first walk of `components`; `body` returns false to stop. Returns false once stopped.
    @discardableResult
    private func visit(_ components: ArraySlice<JSONPath.Component>, _ body: (JSONRawValue) -> Bool) -> Bool {
        guard let first = components.first else { return body(self) }
        let rest = components.dropFirst()
        switch first {
        case .member(let name):
            guard let next = self[member: name] else { return true }
            return next.visit(rest, body)
        case .index(let index):
            if kind == .object {
                guard let next = self[member: String(index)] else { return true }
                return next.visit(rest, body)
            }
            guard let next = self[index: index] else { return true }
            return next.visit(rest, body)
        case .wildcard:
            let children = kind == .object ? members.map(\.value) : elements
            for child in children where !child.visit(rest, body) { return false }
            return true
        }
    }
}
