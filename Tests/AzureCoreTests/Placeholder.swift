import XCTest
final class PlaceholderAzureCoreTests: XCTestCase { func testNothing() {} }
