import RollupFindings
import RollupModel
import XCTest

final class MissingReportTests: XCTestCase {
    func fixture(_ values: String) throws -> FindingsFixture {
        try FindingsFixture(
            units: TargetReachabilityTests.units, indicators: TargetReachabilityTests.indicators,
            values: "unit,indicator,period,value\n" + values)
    }

    func testLeafThatStoppedReportingIsMissing() throws {
        let f = try fixture("W1,BEDS,2023,10\nW1,BEDS,2024,12\nW2,BEDS,2024,5\nW2,BEDS,2025,6\n")
        let found = f.findings(.missingReport)
        XCTAssertEqual(found.map(\.severity), [.warning])
        XCTAssertEqual(f.dataset.units.codes[found.first?.unit ?? 0], "W1")
        XCTAssertEqual(found.first?.period, 2025)
        XCTAssertEqual(found.first?.expected, "12")
        XCTAssertTrue(found.first?.message.contains("in 2024 but nothing in 2025") == true)
    }

    func testLeafReportingEveryPeriodOrOnlyTheLatestIsNotMissing() throws {
        let f = try fixture("W1,BEDS,2024,12\nW1,BEDS,2025,13\nW2,BEDS,2025,6\n")
        XCTAssertEqual(f.findings(.missingReport), [])
    }

    func testSinglePeriodHasNoMissingReport() throws {
        let f = try fixture("W1,BEDS,2024,12\n")
        XCTAssertEqual(f.findings(.missingReport), [])
    }

    func testInternalUnitRolledUpIsNotMissing() throws {
        // The district reported itself in 2024; in 2025 its wards report, so it has a roll-up.
        let f = try fixture("D,BEDS,2024,20\nW1,BEDS,2025,13\nW2,BEDS,2025,6\n")
        XCTAssertEqual(f.findings(.missingReport), [])
        XCTAssertEqual(f.findings(.missingOwnReport), [])
    }

    func testInternalUnitWithNoValueLeftIsAMissingOwnReport() throws {
        let f = try fixture("D,BHYT,2024,91\nW1,BEDS,2025,13\n")
        let found = f.findings(.missingOwnReport)
        XCTAssertEqual(found.map(\.severity), [.info])
        XCTAssertEqual(f.dataset.units.codes[found.first?.unit ?? 0], "D")
        XCTAssertEqual(f.findings(.missingReport), [])
    }
}
