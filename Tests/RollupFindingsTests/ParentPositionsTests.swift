import RollupModel
import XCTest

@testable import RollupFindings

/// The positions with children that the outlier and coverage checks visit, listed once per
/// period, against every position's family read directly.
final class ParentPositionsTests: XCTestCase {
    /// A province of districts with 0 to 8 wards each.
    private func fixture() throws -> FindingsFixture {
        var units = "code,name,parent\nP,Tỉnh,\n"
        for d in 0...8 {
            units += "D\(d),Huyện \(d),P\n"
            for w in 0..<d { units += "W\(d)_\(w),Xã \(w),D\(d)\n" }
        }
        return try FindingsFixture(
            units: units, indicators: OutlierTests.indicators, values: "unit,indicator,period,value\nW8_0,BEDS,2024,1\n")
    }

    func testListedParentsAreThePositionsWithEnoughChildren() throws {
        let tree = try XCTUnwrap(try fixture().rollup.periods.first?.tree)
        for minimum in 0...10 {
            let expected = (0..<tree.count).filter { tree.children(of: $0).count >= minimum }.map { Int32($0) }
            XCTAssertEqual(FindingsContext.parents(in: tree, withAtLeast: minimum), expected, "minimum \(minimum)")
        }
    }

    func testParentsInAnyRangeAreTheNonLeavesThere() throws {
        let f = try fixture()
        let c = FindingsContext(f.dataset, f.rollup, FindingsOptions())
        let tree = try XCTUnwrap(f.rollup.periods.first?.tree)
        for low in 0...(tree.count + 1) {
            for high in low...(tree.count + 2) {
                let expected = (low..<max(low, min(high, tree.count))).filter { !tree.isLeaf($0) }.map { Int32($0) }
                XCTAssertEqual(Array(c.parents(period: 0, in: low..<high)), expected, "\(low)..<\(high)")
            }
        }
        XCTAssertEqual(Array(c.parents(period: 1, in: 0..<tree.count)), [])
        XCTAssertEqual(Array(c.parents(period: -1, in: 0..<tree.count)), [])
    }
}
