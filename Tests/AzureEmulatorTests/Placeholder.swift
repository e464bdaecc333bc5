import XCTest
final class PlaceholderAzureEmulatorTests: XCTestCase { func testNothing() {} }
