import RollupModel
import XCTest

@testable import RollupKernel

/// The leaves of the deepest level are not copied into the roll-up: their values are read from
/// the reported figures (a ratio's from its own N/D), their source and coverage follow from
/// whether a value is present. Units above that level, leaves included, are stored in full.
final class LeafSlotsTests: XCTestCase {
    let units = """
        code,name,parent
        R,Gốc,
        A,Huyện A,R
        B,Huyện B,R
        A1,Xã A1,A
        A2,Xã A2,A
        A3,Xã A3,A
        """
    let indicators = """
        code,name,unit,aggregation,weight,numerator,denominator,scale,low,high
        POP,Dân số,người,sum,,,,,0,
        BEDS,Giường,giường,sum,,,,,0,
        B10K,Giường/10.000,giường,ratio,,BEDS,POP,10000,0,
        """
    let values = """
        unit,indicator,period,value
        B,POP,2024,10
        B,BEDS,2024,2
        A1,POP,2024,5000
        A1,BEDS,2024,<3
        A2,POP,2024,4000
        A2,BEDS,2024,8
        A3,B10K,2024,7
        """

    func testDeepestLeavesKeepTheirReportsWithSourcesAndCoverageFromPresence() throws {
        let f = try RollupFixture(units: units, indicators: indicators, values: values)
        let column = f.rollup.periods[0].columns[0]
        XCTAssertEqual(column.split, 3, "R, A and B are stored in full")
        XCTAssertEqual(column.values.count, 6)
        XCTAssertEqual(f.value("A1", "POP"), 5000)
        XCTAssertEqual(f.source("A1", "POP"), .reported)
        XCTAssertEqual(f.coverage("A1", "POP"), 1)
        XCTAssertNil(f.value("A3", "POP"))
        XCTAssertEqual(f.source("A3", "POP"), RollupSource.none)
        XCTAssertEqual(f.coverage("A3", "POP")?.isNaN, true)
        // A leaf above the deepest level is stored like any unit above it.
        XCTAssertEqual(f.value("B", "POP"), 10)
        XCTAssertEqual(f.source("B", "POP"), .reported)
        XCTAssertEqual(f.coverage("B", "POP"), 1)
        XCTAssertEqual(f.value("A", "POP"), 9000)
        XCTAssertEqual(f.source("A", "POP"), .rollup)
    }

    func testDeepestLeavesHoldingIntervalsArePresent() throws {
        let f = try RollupFixture(units: units, indicators: indicators, values: values)
        XCTAssertNil(f.value("A1", "BEDS"))
        XCTAssertEqual(f.interval("A1", "BEDS")?.high, 3)
        XCTAssertEqual(f.source("A1", "BEDS"), .reported)
        XCTAssertEqual(f.coverage("A1", "BEDS"), 1)
        XCTAssertEqual(f.source("A3", "BEDS"), RollupSource.none)
    }

    func testRatiosAtDeepestLeavesComeFromTheirOwnNumeratorAndDenominator() throws {
        let f = try RollupFixture(units: units, indicators: indicators, values: values)
        XCTAssertEqual(f.value("A2", "B10K"), 20)
        XCTAssertEqual(f.source("A2", "B10K"), .reported)
        XCTAssertEqual(f.coverage("A2", "B10K"), 1)
        XCTAssertNotNil(f.interval("A1", "B10K"))
        XCTAssertEqual(f.source("A1", "B10K"), .reported)
        // No N or D: the leaf's own report stays.
        XCTAssertEqual(f.value("A3", "B10K"), 7)
        XCTAssertEqual(f.source("A3", "B10K"), .reported)
        XCTAssertEqual(f.value("B", "B10K"), 2000)
        XCTAssertEqual(f.source("B", "B10K"), .reported)
    }

    func testColumnsShareTheReportedValuesOfTheDeepestLeaves() throws {
        let f = try RollupFixture(units: units, indicators: indicators, values: values)
        let reported = f.dataset.reported[0][0].values
        let column = f.rollup.periods[0].columns[0]
        for p in column.split..<column.values.count {
            XCTAssertEqual(column.values[p].bitPattern, reported[p].bitPattern, "position \(p)")
        }
        // The dataset's own figures are left as they were: the internal units' slots are copies.
        XCTAssertTrue(reported[0].isNaN)
        XCTAssertFalse(column.values[0].isNaN)
    }
}
