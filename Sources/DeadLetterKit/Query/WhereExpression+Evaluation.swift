import Foundation

extension WhereExpression {
    /// Whether `event` satisfies the expression. Reads each field the expression names through `queryValue`;
    /// `and`/`or` stop at the first term that decides.
    public func matches(_ event: some QueryableEvent) -> Bool {
        Self.evaluate(root, on: event)
    }

    static func evaluate<Event: QueryableEvent>(_ node: Node, on event: Event) -> Bool {
        switch node {
        case .and(let terms):
            for term in terms where !evaluate(term, on: event) { return false }
            return true
        case .or(let terms):
            for term in terms where evaluate(term, on: event) { return true }
            return false
        case .not(let term):
            return !evaluate(term, on: event)
        case .test(let test):
            return test.evaluate(on: event)
        }
    }
}

extension WhereExpression.Test {
    func evaluate(on event: some QueryableEvent) -> Bool {
        let value = event.queryValue(field)
        let foldCase = field.isCaseInsensitive
        switch condition {
        case .compare(.notEqual, let literal):
            // `!=` is exactly `not ==`: true for a missing field, and for a list when no element equals.
            guard let value else { return true }
            return !Self.any(value) { Self.equal($0, literal, foldCase: foldCase) }
        case .compare(let comparison, let literal):
            guard let value else { return false }
            return Self.any(value) { Self.compare($0, comparison, literal, foldCase: foldCase) }
        case .glob(let glob):
            guard let value else { return false }
            return Self.any(value) { element in
                if case .string(let text) = element { return glob.matches(text) }
                return false
            }
        case .regex(let regex):
            guard let value else { return false }
            return Self.any(value) { element in
                if case .string(let text) = element { return regex.matches(text) }
                return false
            }
        case .oneOf(let literals):
            guard let value else { return false }
            return Self.any(value) { element in literals.contains { Self.equal(element, $0, foldCase: foldCase) } }
        case .exists:
            return value != nil
        }
    }

    /// Applies `test` to a value, or to each element (at any depth) of a list.
    static func any(_ value: QueryValue, _ test: (QueryValue) -> Bool) -> Bool {
        if case .list(let elements) = value {
            return elements.contains { any($0, test) }
        }
        return test(value)
    }

    static func equal(_ value: QueryValue, _ literal: WhereExpression.Literal, foldCase: Bool) -> Bool {
        switch (value, literal) {
        case (.string(let text), .string(let wanted)):
            return foldCase ? equalIgnoringCase(text, wanted) : text == wanted
        case (.number(let number, _), .number(let wanted, _)):
            return number == wanted
        case (.bool(let flag), .bool(let wanted)):
            return flag == wanted
        case (.time(let date), .time(let wanted)):
            return date == wanted
        case (.string(let text), .time(let wanted)):
            return QueryTimeArgument.parseAbsolute(text) == wanted
        case (.time(let date), .string(let text)):
            return QueryTimeArgument.parseAbsolute(text) == date
        case (.null, .null):
            return true
        default:
            return false
        }
    }

    static func compare(_ value: QueryValue, _ comparison: WhereExpression.Comparison, _ literal: WhereExpression.Literal,
                        foldCase: Bool) -> Bool {
        switch comparison {
        case .equal: return equal(value, literal, foldCase: foldCase)
        case .notEqual: return !equal(value, literal, foldCase: foldCase)
        case .less, .lessOrEqual, .greater, .greaterOrEqual: break
        }
        switch (value, literal) {
        case (.string(let text), .string(let wanted)):
            return foldCase ? order(text.lowercased(), wanted.lowercased(), comparison) : order(text, wanted, comparison)
        case (.number(let number, _), .number(let wanted, _)):
            return order(number, wanted, comparison)
        case (.time(let date), .time(let wanted)):
            return order(date, wanted, comparison)
        case (.string(let text), .time(let wanted)):
            guard let date = QueryTimeArgument.parseAbsolute(text) else { return false }
            return order(date, wanted, comparison)
        case (.time(let date), .string(let text)):
            guard let wanted = QueryTimeArgument.parseAbsolute(text) else { return false }
            return order(date, wanted, comparison)
        default:
            return false
        }
    }

    static func order<T: Comparable>(_ value: T, _ wanted: T, _ comparison: WhereExpression.Comparison) -> Bool {
        switch comparison {
        case .less: value < wanted
        case .lessOrEqual: value <= wanted
        case .greater: value > wanted
        case .greaterOrEqual: value >= wanted
        case .equal: value == wanted
        case .notEqual: value != wanted
        }
    }

    /// ASCII case folding without allocating; text with other characters falls back to `lowercased()` (the Kelvin
    /// sign lower-cases to `k`, so even lengths can differ).
    static func equalIgnoringCase(_ a: String, _ b: String) -> Bool {
        if a.utf8.count == b.utf8.count {
            var sawNonASCII = false
            for (x, y) in zip(a.utf8, b.utf8) {
                if x >= 0x80 || y >= 0x80 {
                    sawNonASCII = true
                    break
                }
                if GlobPattern.asciiLower(x) != GlobPattern.asciiLower(y) { return false }
            }
            if !sawNonASCII { return true }
        } else if a.utf8.allSatisfy({ $0 < 0x80 }) && b.utf8.allSatisfy({ $0 < 0x80 }) {
            return false
        }
        return a.lowercased() == b.lowercased()
    }
}
