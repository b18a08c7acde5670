import XCTest

@testable import RollupCLI

final class HeldUntilExitTests: XCTestCase {
    final class Tracked: Sendable {}

    func testKeptValuesOutliveTheirLastReferenceUntilTheNextRunIsKept() {
        weak var first: Tracked?
        weak var second: Tracked?
        do {
            let a = Tracked()
            first = a
            HeldUntilExit.keep([a])
        }
        XCTAssertNotNil(first, "kept after the run's own references are gone")
        do {
            let b = Tracked()
            second = b
            HeldUntilExit.keep([b])
        }
        XCTAssertNil(first, "the earlier run's values are freed when a later run is kept")
        XCTAssertNotNil(second)
        HeldUntilExit.keep([])
        XCTAssertNil(second)
    }
}
