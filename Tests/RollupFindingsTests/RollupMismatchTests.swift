import RollupFindings
import RollupModel
import XCTest

final class RollupMismatchTests: XCTestCase {
    func fixture(_ values: String) throws -> FindingsFixture {
        try FindingsFixture(
            units: TargetReachabilityTests.units + "\nW3,Phường Đồng Hòa,D\n", indicators: TargetReachabilityTests.indicators,
            values: "unit,indicator,period,value\n" + values)
    }

    func testOwnFigureBeyondRoundingOfChildrenSumIsAnError() throws {
        let f = try fixture("D,BEDS,2024,250\nW1,BEDS,2024,100\nW2,BEDS,2024,120\nW3,BEDS,2024,0\n")
        let found = f.findings(.rollupMismatch)
        XCTAssertEqual(found.map(\.severity), [.error])
        XCTAssertEqual(found.first?.value, "250")
        XCTAssertEqual(found.first?.expected, "220")
        let message = try XCTUnwrap(found.first?.message)
        XCTAssertTrue(message.contains("Imbalance (own figure minus roll-up): +30"), message)
        XCTAssertTrue(message.contains("Largest contributions: Phường Nam Sơn 120; Phường Bắc Sơn 100"), message)
    }

    func testMismatchInsideTheReportingPrecisionIsNoFinding() throws {
        // "94,2" stands for [94.15, 94.25): a roll-up of 94.24 agrees with it, 94.26 does not.
        let inside = try fixture(
            "D,BHYT,2024,\"94,2\"\nW1,POP,2024,1\nW2,POP,2024,1\nW3,POP,2024,2\nW1,BHYT,2024,94.24\nW2,BHYT,2024,94.24\nW3,BHYT,2024,94.24\n"
        )
        XCTAssertEqual(inside.findings(.rollupMismatch), [])
        let edge = try fixture(
            "D,BHYT,2024,\"94,2\"\nW1,POP,2024,1\nW2,POP,2024,1\nW3,POP,2024,2\nW1,BHYT,2024,94.26\nW2,BHYT,2024,94.26\nW3,BHYT,2024,94.26\n"
        )
        XCTAssertEqual(edge.findings(.rollupMismatch).map(\.severity), [.error])
        XCTAssertTrue(edge.findings(.rollupMismatch).first?.message.contains("[94.15, 94.25)") == true)
    }

    func testTrailingZerosNarrowTheTolerance() throws {
        // "94,20" is written to two decimals: [94.195, 94.205) does not hold 94.24.
        let f = try fixture(
            "D,BHYT,2024,\"94,20\"\nW1,POP,2024,1\nW2,POP,2024,1\nW3,POP,2024,2\nW1,BHYT,2024,94.24\nW2,BHYT,2024,94.24\nW3,BHYT,2024,94.24\n"
        )
        XCTAssertEqual(f.findings(.rollupMismatch).map(\.severity), [.error])
    }

    func testWeightedContributionsAreListed() throws {
        let f = try fixture(
            "D,BHYT,2024,90\nW1,POP,2024,1000\nW2,POP,2024,3000\nW3,POP,2024,0\nW1,BHYT,2024,80\nW2,BHYT,2024,96\nW3,BHYT,2024,10\n")
        let message = try XCTUnwrap(f.findings(.rollupMismatch).first?.message)
        // (80 × 1000 + 96 × 3000) / 4000 = 92; Nam Sơn contributes 96 × 75% = 72.
        XCTAssertTrue(message.contains("roll up to 92"), message)
        XCTAssertTrue(message.contains("Phường Nam Sơn 72 (value 96, 75% of “Dân số trung bình”)"), message)
        XCTAssertTrue(message.contains("-2"), message)
    }

    func testPartialCoverageIsReportedAsInfo() throws {
        let f = try fixture("D,BEDS,2024,250\nW1,BEDS,2024,100\nW2,BEDS,2024,120\n")
        let found = f.findings(.rollupMismatch)
        XCTAssertEqual(found.map(\.severity), [.info])
        XCTAssertTrue(found.first?.message.contains("may close the gap") == true)
    }

    func testIntervalsDisagreeOnlyWhenDefinitely() throws {
        // 2 + <3 on a count (low 0) + 0 = [2, 5): an own 4 may agree, an own 6 cannot.
        let maybe = try fixture("D,BEDS,2024,4\nW1,BEDS,2024,2\nW2,BEDS,2024,<3\nW3,BEDS,2024,0\n")
        XCTAssertEqual(maybe.findings(.rollupMismatch), [])
        let wrong = try fixture("D,BEDS,2024,6\nW1,BEDS,2024,2\nW2,BEDS,2024,<3\nW3,BEDS,2024,0\n")
        let found = wrong.findings(.rollupMismatch)
        XCTAssertEqual(found.map(\.severity), [.error])
        XCTAssertEqual(found.first?.expected, "[2, 5)")
        XCTAssertTrue(found.first?.message.contains("(+1, +4]") == true, found.first?.message ?? "")
    }

    func testOwnReportWithoutContributingChildrenIsNotCompared() throws {
        let f = try fixture("D,BEDS,2024,250\n")
        XCTAssertEqual(f.findings(.rollupMismatch), [])
    }

    func testLevelMustEqualTheWorstChildLevel() throws {
        let f = try fixture("D,MAL,2024,Loại trừ\nW1,MAL,2024,Kiểm soát\nW2,MAL,2024,Loại trừ\nW3,MAL,2024,Chấm dứt\n")
        let found = f.findings(.rollupMismatch)
        XCTAssertEqual(found.map(\.severity), [.error])
        XCTAssertEqual(found.first?.expected, "Kiểm soát")
        XCTAssertTrue(found.first?.message.contains("Lowest children: Phường Bắc Sơn Kiểm soát") == true, found.first?.message ?? "")
    }
}
