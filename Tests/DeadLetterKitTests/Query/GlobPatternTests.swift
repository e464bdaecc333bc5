import XCTest
import AzureCore
@testable import DeadLetterKit

final class GlobPatternTests: XCTestCase {
    private func glob(_ pattern: String, caseInsensitive: Bool = false) throws -> GlobPattern {
        try GlobPattern(pattern, caseInsensitive: caseInsensitive)
    }

    private func assertMatches(_ pattern: String, _ yes: [String], _ no: [String], caseInsensitive: Bool = false,
                               file: StaticString = #filePath, line: UInt = #line) throws {
        let compiled = try glob(pattern, caseInsensitive: caseInsensitive)
        for text in yes { XCTAssertTrue(compiled.matches(text), "\(pattern) should match \(text)", file: file, line: line) }
        for text in no { XCTAssertFalse(compiled.matches(text), "\(pattern) should not match \(text)", file: file, line: line) }
    }

    func testLiteralMatchesWholeTextOnly() throws {
        try assertMatches("Twin.Update", ["Twin.Update"], ["Twin.Updates", "xTwin.Update", "twin.update", ""])
        try assertMatches("", [""], ["a"])
    }

    func testStar() throws {
        try assertMatches("*", ["", "a", "a/b/c", "ünï"], [])
        try assertMatches("Microsoft.DigitalTwins.*", ["Microsoft.DigitalTwins.Twin.Update", "Microsoft.DigitalTwins."],
                          ["Microsoft.DigitalTwins", "microsoft.digitaltwins.x"])
        try assertMatches("*.Update", ["Microsoft.DigitalTwins.Twin.Update", ".Update"], ["Update", "x.Updated"])
        try assertMatches("*Twin*", ["Twin", "xTwinx", "Microsoft.DigitalTwins.Twin.Create"], ["twin", "Twi"])
        try assertMatches("a*b*c", ["abc", "aXbYc", "abbbc", "acbc", "abcbc"], ["ab", "acb", "abcx"])
        try assertMatches("**a**", ["a", "ba", "bab"], ["b"])
        try assertMatches("pump-*/x", ["pump-1/x", "pump-/x", "pump-a/b/x"], ["pump-1/y"])
    }

    func testStarBacktracksOverRepeatedPrefixes() throws {
        try assertMatches("*aab", ["aaab", "aab", "abaab"], ["aaba", "ab"])
        try assertMatches("a*a*a*a*b", ["aaaab", "aXaYaZab"], [String(repeating: "a", count: 60)])
    }

    func testQuestionMarkIsOneCharacterEvenWhenMultiByte() throws {
        try assertMatches("pump-?", ["pump-1", "pump-é", "pump-😀"], ["pump-", "pump-12"])
        try assertMatches("??", ["ab", "éé", "😀😀"], ["a", "abc"])
        try assertMatches("*?", ["a", "ab"], [""])
    }

    func testClasses() throws {
        try assertMatches("pump-[abc]", ["pump-a", "pump-c"], ["pump-d", "pump-", "pump-ab"])
        try assertMatches("pump-[0-9][0-9]", ["pump-07", "pump-99"], ["pump-7", "pump-a7"])
        try assertMatches("[a-cx-z]", ["b", "y"], ["d", "w"])
        try assertMatches("[!x]", ["a", "é"], ["x", ""])
        try assertMatches("[^x]", ["a"], ["x"])
        try assertMatches("[]a]", ["]", "a"], ["b"])
        try assertMatches("[!]a]", ["b"], ["]", "a"])
        try assertMatches("[a-]", ["a", "-"], ["b"])
        try assertMatches("[-a]", ["a", "-"], ["b"])
        try assertMatches("[α-ω]", ["β", "ω"], ["a", "Ω"])
        try assertMatches("[\\]x]", ["]", "x"], ["\\"])
        try assertMatches("*[!.]", ["abc", "a.b"], ["a."])
    }

    func testBackslashEscapes() throws {
        try assertMatches("a\\*b", ["a*b"], ["aXb", "a\\*b"])
        try assertMatches("\\?", ["?"], ["x"])
        try assertMatches("\\[x]", ["[x]"], ["x"])
        try assertMatches("a\\\\b", ["a\\b"], ["ab"])
        try assertMatches("\\a", ["a"], ["\\a"])
    }

    func testCaseInsensitive() throws {
        try assertMatches("ADT-*", ["adt-main", "Adt-Main", "ADT-"], ["eg-adt-x"], caseInsensitive: true)
        try assertMatches("adt-main", ["ADT-MAIN", "adt-main"], ["adt-mainx"], caseInsensitive: true)
        try assertMatches("*MAIN", ["adt-main"], ["adt-mains"], caseInsensitive: true)
        try assertMatches("*Ain*", ["MAIN", "plain"], ["mai"], caseInsensitive: true)
        try assertMatches("[a-c]x", ["Bx", "bX"], ["dx"], caseInsensitive: true)
        try assertMatches("[!a-c]", ["D"], ["B"], caseInsensitive: true)
        try assertMatches("café*", ["CAFÉ au lait", "Café"], ["cafe"], caseInsensitive: true)
        try assertMatches("[é]", ["É"], ["e"], caseInsensitive: true)
        try assertMatches("a@b", ["A@B"], ["a`b"], caseInsensitive: true)
        try assertMatches("adt-main", ["adt-main"], ["ADT-MAIN"])
    }

    func testProgramShapes() throws {
        if case .prefix = try glob("ab*").program {} else { XCTFail("ab* should use the prefix path") }
        if case .suffix = try glob("*ab").program {} else { XCTFail("*ab should use the suffix path") }
        if case .contains = try glob("*ab*").program {} else { XCTFail("*ab* should use the contains path") }
        if case .exact = try glob("ab").program {} else { XCTFail("ab should use the exact path") }
        if case .anything = try glob("***").program {} else { XCTFail("*** should match anything") }
        if case .general = try glob("a*b*c").program {} else { XCTFail("a*b*c needs the general loop") }
        if case .general = try glob("é*", caseInsensitive: true).program {} else { XCTFail("é folds through a class") }
    }

    /// Random patterns and texts against a regular expression built from the same glob, through every program shape.
    func testAgreesWithRegexReference() throws {
        let tokens: [(glob: String, regex: String)] = [
            ("a", "a"), ("b", "b"), ("B", "B"), ("é", "é"), ("*", ".*"), ("?", "."), ("[ab]", "[ab]"), ("[!a]", "[^a]"),
            ("\\*", "\\*"), ("[a-b]", "[a-b]"),
        ]
        let alphabet: [Character] = ["a", "b", "B", "A", "é", "*"]
        var random = SplitMix64(seed: 42)
        for _ in 0..<3000 {
            var pattern = "", regexText = ""
            for _ in 0..<random.next(below: 6) {
                let token = tokens[random.next(below: tokens.count)]
                pattern += token.glob
                regexText += token.regex
            }
            let caseInsensitive = random.next(below: 3) == 0
            let compiled = try glob(pattern, caseInsensitive: caseInsensitive)
            var reference = try Regex("^" + regexText + "$").dotMatchesNewlines()
            if caseInsensitive { reference = reference.ignoresCase() }
            for _ in 0..<8 {
                let text = String((0..<random.next(below: 7)).map { _ in alphabet[random.next(below: alphabet.count)] })
                let expected = (try? reference.wholeMatch(in: text)) != nil
                XCTAssertEqual(compiled.matches(text), expected, "glob \(pattern) (ci: \(caseInsensitive)) on \(text)")
            }
        }
    }

    func testSyntaxErrors() {
        XCTAssertThrowsError(try glob("abc\\")) { XCTAssertEqual($0 as? GlobPattern.SyntaxError, .trailingBackslash) }
        XCTAssertThrowsError(try glob("pump-[abc")) { XCTAssertEqual($0 as? GlobPattern.SyntaxError, .unclosedClass(position: 6)) }
        XCTAssertThrowsError(try glob("[]")) { XCTAssertEqual($0 as? GlobPattern.SyntaxError, .unclosedClass(position: 1)) }
        XCTAssertThrowsError(try glob("x[z-a]")) {
            XCTAssertEqual($0 as? GlobPattern.SyntaxError, .reversedRange(range: "z-a", position: 3))
            XCTAssertEqual(($0 as? GlobPattern.SyntaxError)?.description, "the range 'z-a' at position 3 runs backwards")
        }
    }

    func testLiteralText() throws {
        XCTAssertEqual(try glob("adt-main").literalText, "adt-main")
        XCTAssertEqual(try glob("a\\*b").literalText, "a*b")
        XCTAssertNil(try glob("adt-*").literalText)
        XCTAssertNil(try glob("a[b]").literalText)
        let literal = GlobPattern.literal("we*ird?[x]\\")
        XCTAssertTrue(literal.matches("we*ird?[x]\\"))
        XCTAssertFalse(literal.matches("weXirdY[x]\\"))
        XCTAssertEqual(literal.literalText, "we*ird?[x]\\")
    }

    func testEqualityIsByPatternAndCase() throws {
        XCTAssertEqual(try glob("a*"), try glob("a*"))
        XCTAssertNotEqual(try glob("a*"), try glob("a*", caseInsensitive: true))
        XCTAssertEqual(Set([try glob("a*"), try glob("a*")]).count, 1)
    }
}

/// Property tests draw from a seeded generator so that they fail the same way every time.
private extension SplitMix64 {
    mutating func next(below bound: Int) -> Int { Int(next() % UInt64(bound)) }
}
