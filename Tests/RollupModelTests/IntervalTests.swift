import RollupModel
import XCTest

final class IntervalTests: XCTestCase {
    func testOpenEndsStayOpenThroughSums() {
        let below3 = Interval(low: 0, high: 3, includesHigh: false)
        let sum = below3 + Interval(point: 5)
        XCTAssertEqual(sum, Interval(low: 5, high: 8, includesLow: true, includesHigh: false))
        XCTAssertFalse(sum.contains(8))
        XCTAssertTrue(sum.contains(5))
    }

    func testClampingUsesTheLimitOnlyOnTheRightSide() {
        let below = Interval(low: -.infinity, high: 39.2, includesHigh: false)
        XCTAssertEqual(below.clamped(low: 0, high: 100), Interval(low: 0, high: 39.2, includesHigh: false))
        let above = Interval(low: 150, high: .infinity, includesLow: false)
        XCTAssertEqual(above.clamped(low: 0, high: 100).high, .infinity)  // stays visible as out of range
    }

    func testStrictAndInclusiveBoundsCompareDifferently() {
        let below2 = Interval(low: -.infinity, high: 2, includesHigh: false)
        XCTAssertTrue(below2.isEntirelyBelow(2, orEqual: false))
        XCTAssertFalse(Interval(low: -.infinity, high: 2).isEntirelyBelow(2, orEqual: false))
        XCTAssertFalse(below2.overlaps(Interval(low: 2, high: .infinity)))
    }

    func testLevelScalesResolveFromLowAndHigh() {
        let slice = LevelScale.resolve(low: "Kiểm soát", high: "Chấm dứt")
        XCTAssertEqual(slice?.levels, ["Kiểm soát", "Loại trừ", "Chấm dứt"])
        let pair = LevelScale.resolve(low: "Giải quyết cơ bản", high: "Xóa bỏ hoàn toàn")
        XCTAssertEqual(pair?.levels, ["Giải quyết cơ bản", "Xóa bỏ hoàn toàn"])
        XCTAssertEqual(slice?.rank(of: "LOẠI TRỪ"), 1)
        XCTAssertEqual(slice?.rank(of: "Loa\u{0323}i tru\u{0300}\u{031B}"), 1)  // decomposed spelling
    }
}
