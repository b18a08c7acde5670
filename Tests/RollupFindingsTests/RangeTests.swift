import RollupFindings
import RollupModel
import XCTest

final class RangeTests: XCTestCase {
    func fixture(values: String, targets: String = "") throws -> FindingsFixture {
        try FindingsFixture(
            units: TargetReachabilityTests.units, indicators: TargetReachabilityTests.indicators,
            values: "unit,indicator,period,value\n" + values, targets: "unit,indicator,year,target\n" + targets)
    }

    func testShareAboveHundredIsAnError() throws {
        let f = try fixture(values: "W1,BHYT,2024,104.5\nW2,BHYT,2024,100\n")
        let found = f.findings(.outOfRange)
        XCTAssertEqual(found.map(\.severity), [.error])
        XCTAssertEqual(found.first?.value, "104.5")
        XCTAssertEqual(found.first?.expected, "[0, 100]")
        XCTAssertTrue(found.first?.message.contains("a share above 100") == true)
    }

    func testNegativeCountIsAnError() throws {
        let f = try fixture(values: "W1,BEDS,2024,-3\nW2,BEDS,2024,0\n")
        let found = f.findings(.outOfRange)
        XCTAssertEqual(found.map(\.severity), [.error])
        XCTAssertEqual(found.first?.expected, ">=0")
        XCTAssertTrue(found.first?.message.contains("a negative figure") == true)
    }

    func testBoundEntirelyOutsideIsAnErrorAndPartlyOutsideAWarning() throws {
        let f = try fixture(values: "W1,BHYT,2024,>105\nW2,BHYT,2024,95-105\nD,BHYT,2024,>95\n")
        let found = f.findings(.outOfRange)
        XCTAssertEqual(found.map(\.severity), [.error, .warning])
        XCTAssertEqual(found.map(\.value), [">105", "[95, 105]"])
    }

    func testValuesInsideTheRangeAreNoFinding() throws {
        let f = try fixture(values: "W1,BHYT,2024,0\nW2,BHYT,2024,100\nD,BEDS,2024,<3\nW1,HDI,2024,1\n")
        XCTAssertEqual(f.findings(.outOfRange), [])
    }

    func testFigureARoundingErrorBeyondTheLimitIsInRangeAndOneBeyondItIsNot() throws {
        let f = try fixture(values: "W1,BHYT,2024,100.00000000000001\nW2,BHYT,2024,100.001\nD,BEDS,2024,-0.0000000000001\n")
        XCTAssertEqual(f.findings(.outOfRange).map(\.value), ["100.001"])
    }

    func testTargetOutsideTheRangeIsAnError() throws {
        let f = try fixture(values: "", targets: "W1,BHYT,2030,101\nW2,BHYT,2030,100\n")
        let found = f.findings(.outOfRange)
        XCTAssertEqual(found.map(\.period), [2030])
        XCTAssertTrue(found.first?.message.contains("target") == true)
    }
}
