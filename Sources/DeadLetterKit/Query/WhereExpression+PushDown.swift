import Foundation

extension WhereExpression {
    /// The constraints of the top-level `and` terms the walker can use: `time` and `deadlettered` compared with a time
    /// (`>= > < <= ==`, `in [...]`), and `endpoint ==`, `~`, `in [...]`. Terms under `or` or `not` (and `!=`) are
    /// not pushed down: they can hold for events outside their window. Everything is still evaluated after decoding.
    public var pushDown: QueryPushDown {
        var result = QueryPushDown.unconstrained
        for case .test(let test) in Self.conjuncts(of: root) {
            result = result.intersection(Self.pushDown(of: test))
        }
        return result
    }

    /// The terms that must all hold: the flattened top-level `and` (including parenthesised `and`s inside it).
    static func conjuncts(of node: Node) -> [Node] {
        if case .and(let terms) = node { return terms.flatMap { conjuncts(of: $0) } }
        return [node]
    }

    private static func pushDown(of test: Test) -> QueryPushDown {
        switch test.field {
        case .time:
            return QueryPushDown(eventTime: window(of: test.condition))
        case .deadlettered:
            return QueryPushDown(deadLetterTime: window(of: test.condition))
        case .endpoint:
            return QueryPushDown(endpoints: endpoints(of: test.condition))
        default:
            return .unconstrained
        }
    }

    private static func window(of condition: Condition) -> QueryTimeWindow {
        switch condition {
        case .compare(let comparison, .time(let date)):
            switch comparison {
            case .greaterOrEqual: return QueryTimeWindow(lower: .init(date, inclusive: true), upper: nil)
            case .greater: return QueryTimeWindow(lower: .init(date, inclusive: false), upper: nil)
            case .less: return QueryTimeWindow(lower: nil, upper: .init(date, inclusive: false))
            case .lessOrEqual: return QueryTimeWindow(lower: nil, upper: .init(date, inclusive: true))
            case .equal: return QueryTimeWindow(lower: .init(date, inclusive: true), upper: .init(date, inclusive: true))
            case .notEqual: return .unbounded
            }
        case .oneOf(let literals):
            var dates: [Date] = []
            for case .time(let date) in literals { dates.append(date) }
            // `time in []` matches nothing: an empty window.
            guard let first = dates.min(), let last = dates.max() else {
                return QueryTimeWindow(lower: .init(.distantFuture, inclusive: false), upper: .init(.distantPast, inclusive: false))
            }
            return QueryTimeWindow(lower: .init(first, inclusive: true), upper: .init(last, inclusive: true))
        default:
            return .unbounded
        }
    }

    private static func endpoints(of condition: Condition) -> QueryEndpointSelection? {
        switch condition {
        case .compare(.equal, .string(let name)):
            return QueryEndpointSelection(names: [name])
        case .glob(let pattern):
            return QueryEndpointSelection(patterns: [pattern])
        case .oneOf(let literals):
            var names: [String] = []
            for case .string(let name) in literals { names.append(name) }
            return QueryEndpointSelection(names: names)
        default:
            return nil
        }
    }
}
