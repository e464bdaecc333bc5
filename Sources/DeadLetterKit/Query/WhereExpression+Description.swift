import Foundation

/// The canonical form of an expression, for `--dry-run` and logs: parentheses show how precedence grouped the terms,
/// `now` already resolved to the time it stood for, strings double-quoted.
extension WhereExpression: CustomStringConvertible {
    public var description: String { Self.render(root, parent: nil) }

    private enum Context { case and, or, not }

    private static func render(_ node: Node, parent: Context?) -> String {
        switch node {
        case .and(let terms):
            let text = terms.map { render($0, parent: .and) }.joined(separator: " and ")
            return parent == .not || parent == .or ? "(\(text))" : text
        case .or(let terms):
            let text = terms.map { render($0, parent: .or) }.joined(separator: " or ")
            return parent == nil || parent == .or ? text : "(\(text))"
        case .not(let term):
            return "not " + render(term, parent: .not)
        case .test(let test):
            let text = test.description
            return parent == .not ? "(\(text))" : text
        }
    }
}

extension WhereExpression.Test: CustomStringConvertible {
    var description: String {
        switch condition {
        case .compare(let comparison, let literal): "\(field.name) \(comparison.rawValue) \(literal)"
        case .glob(let glob): "\(field.name) ~ \(WhereExpression.Literal.string(glob.pattern))"
        case .regex(let regex): "\(field.name) =~ \(WhereExpression.Literal.string(regex.pattern))"
        case .oneOf(let literals): "\(field.name) in [\(literals.map(\.description).joined(separator: ", "))]"
        case .exists: "\(field.name) exists"
        }
    }
}

extension WhereExpression.Literal: CustomStringConvertible {
    var description: String {
        switch self {
        case .string(let text): Self.quoted(text)
        case .number(_, let text): text
        case .bool(let flag): flag ? "true" : "false"
        case .time(let date): QueryTimeWindow.format(date)
        case .null: "null"
        }
    }

    static func quoted(_ text: String) -> String {
        var result = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": result += "\\\""
            case "\\": result += "\\\\"
            case "\n": result += "\\n"
            case "\r": result += "\\r"
            case "\t": result += "\\t"
            default: result.unicodeScalars.append(scalar)
            }
        }
        return result + "\""
    }
}
