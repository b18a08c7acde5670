import XCTest

@testable import RollupFindings

final class ListingOrderTests: XCTestCase {
    /// Findings with few distinct keys and texts, so that many keys are equal and ties are broken
    /// by the texts or by position.
    func randomFindings(count: Int, unitPool: Int, periods: ClosedRange<Int>, using generator: inout some RandomNumberGenerator)
        -> [Finding]
    {
        let texts = ["", "1", "2", "<3", "Ä", "A\u{308}", "b"]
        return (0..<count).map { _ in
            Finding(
                kind: FindingKind.allCases.randomElement(using: &generator) ?? .missed,
                severity: Severity.allCases.randomElement(using: &generator) ?? .info,
                unit: Int.random(in: 0..<unitPool, using: &generator), indicator: Int.random(in: 0..<3, using: &generator),
                period: Int.random(in: periods, using: &generator), value: texts.randomElement(using: &generator) ?? "",
                expected: texts.randomElement(using: &generator) ?? "", message: texts.randomElement(using: &generator) ?? "")
        }
    }

    func testPackedKeysGiveTheOrderOfComparedKeys() throws {
        var generator = SystemRandomNumberGenerator()
        for count in [1, 2, 3, 10, 100, 1000] {
            for unitPool in [1, 2, 1 << 20] {
                for periods in [2024...2024, 2023...2030, -5...5] {
                    let findings = randomFindings(count: count, unitPool: unitPool, periods: periods, using: &generator)
                    let keys = try XCTUnwrap(ListingKeys(findings))
                    XCTAssertEqual(keys.order(findings), FindingsEngine.comparedOrder(findings), "\(count) \(unitPool) \(periods)")
                }
            }
        }
    }

    func testEqualFindingsKeepTheirPositions() throws {
        let finding = Finding(
            kind: .outlier, severity: .warning, unit: 4, indicator: 1, period: 2024, value: "1", expected: "2", message: "m")
        let findings = Array(repeating: finding, count: 50)
        XCTAssertEqual(try XCTUnwrap(ListingKeys(findings)).order(findings), Array(0..<50))
    }

    func testKeysThatDoNotFitAreNotPacked() {
        func finding(unit: Int, period: Int) -> Finding {
            Finding(kind: .missed, severity: .warning, unit: unit, indicator: 0, period: period, value: "", expected: "", message: "")
        }
        XCTAssertNil(ListingKeys([]))
        XCTAssertNil(ListingKeys([finding(unit: -1, period: 2024)]))
        XCTAssertNil(ListingKeys([finding(unit: 0, period: Int.min), finding(unit: 0, period: Int.max)]))
        XCTAssertNil(ListingKeys([finding(unit: Int.max, period: 0), finding(unit: 0, period: 0)]))
    }

    func testListingOrderFallsBackToComparingWhenKeysDoNotFit() {
        var findings = randomFindings(count: 40, unitPool: 5, periods: 2023...2024, using: &generator)
        findings[3].unit = Int.max
        findings[7].unit = Int.max
        XCTAssertNil(ListingKeys(findings))
        XCTAssertEqual(FindingsEngine.listingOrder(findings), findings.sorted(by: Finding.listedBefore))
    }

    private var generator = SystemRandomNumberGenerator()
}
