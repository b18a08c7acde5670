import RollupFindings
import RollupModel
import XCTest

final class CoverageTests: XCTestCase {
    static let units = """
        code,name,parent
        D,Quận Hải An,
        W1,Phường 1,D
        W2,Phường 2,D
        W3,Phường 3,D
        W4,Phường 4,D
        W5,Phường 5,D
        """

    func fixture(_ values: String) throws -> FindingsFixture {
        try FindingsFixture(
            units: Self.units, indicators: TargetReachabilityTests.indicators, values: "unit,indicator,period,value\n" + values)
    }

    func testRollupFromFewChildrenIsLowCoverage() throws {
        let f = try fixture("W1,BEDS,2024,10\nW2,BEDS,2024,10\n")
        let found = f.findings(.lowCoverage)
        XCTAssertEqual(found.map(\.severity), [.info])
        XCTAssertEqual(found.first?.value, "0.4")
        XCTAssertEqual(found.first?.expected, ">=0.8")
        let message = try XCTUnwrap(found.first?.message)
        XCTAssertTrue(message.contains("covers only 40% of the children") && message.contains("Phường 3, Phường 4, Phường 5"), message)
    }

    func testCoverageAtTheThresholdIsNoFinding() throws {
        let f = try fixture("W1,BEDS,2024,10\nW2,BEDS,2024,10\nW3,BEDS,2024,10\nW4,BEDS,2024,10\n")
        XCTAssertEqual(f.findings(.lowCoverage), [])
    }

    func testWeightedCoverageIsShareOfWeight() throws {
        // Weights 100 (reported) and 900 (not): 10% of the weight.
        let f = try fixture("W1,POP,2024,100\nW2,POP,2024,900\nW1,BHYT,2024,90\n")
        let found = f.findings(.lowCoverage, indicator: "BHYT")
        XCTAssertEqual(found.first?.value, "0.1")
        XCTAssertTrue(found.first?.message.contains("of the children's weight") == true)
    }

    func testThresholdIsAnOption() throws {
        var options = FindingsOptions()
        options.lowCoverageThreshold = 0.3
        let f = try FindingsFixture(
            units: Self.units, indicators: TargetReachabilityTests.indicators,
            values: "unit,indicator,period,value\nW1,BEDS,2024,10\nW2,BEDS,2024,10\n", options: options)
        XCTAssertEqual(f.findings(.lowCoverage), [])
    }
}
