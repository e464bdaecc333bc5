import XCTest
final class PlaceholderDeadLetterKitTests: XCTestCase { func testNothing() {} }
