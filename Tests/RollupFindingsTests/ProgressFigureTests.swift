import RollupFindings
import RollupModel
import XCTest

final class ProgressFigureTests: XCTestCase {
    static let edgeNumbers: [Double] = [
        0, -0.0, 1, -1, 0.1, 94.15, 1e-5, 1.5e-7, 123_456_789_012_345, 1e15, 1e16, 1e21, 1e300, 5e-324, -2.5e-300,
        Double.greatestFiniteMagnitude, 3426, 0.3 + 0.6,
    ]

    func numbers() -> [Double] {
        var generator = SystemRandomNumberGenerator()
        let random = (0..<2000).map { n -> Double in
            let x = Double.random(in: -1000...1000, using: &generator)
            return n % 2 == 0 ? x : (x * 100).rounded() / 100
        }
        return ProgressFigureTests.edgeNumbers + random
    }

    func testANumberReadsAsItsShortestText() {
        for x in numbers() {
            let figure = ProgressFigure(number: x)
            XCTAssertEqual(figure.text, NumberFormat.text(x), "\(x)")
            XCTAssertEqual(figure.number, x)
        }
    }

    func testANumberEqualsItsTextAndHashesAlike() {
        for x in numbers() {
            let number = ProgressFigure(number: x)
            let text = ProgressFigure(text: NumberFormat.text(x))
            XCTAssertEqual(number, text, "\(x)")
            XCTAssertEqual(number.hashValue, text.hashValue, "\(x)")
            XCTAssertNotEqual(number, ProgressFigure(text: NumberFormat.text(x) + "0"), "\(x)")
        }
        XCTAssertEqual(ProgressFigure(number: 0), ProgressFigure(number: -0.0))
    }

    func testNonFiniteNumbersAreKeptAsTheirText() {
        for x in [Double.infinity, -Double.infinity, Double.nan] {
            XCTAssertNil(ProgressFigure(number: x).number)
            XCTAssertEqual(ProgressFigure(number: x).text, NumberFormat.text(x))
        }
    }

    func testRowValuesReadAndWriteThroughTheirFigures() {
        var row = ProgressRow(
            unit: 0, indicator: 0, year: 2030, target: "95", period: 2024, value: "94.2", baselinePeriod: 2023, baselineValue: nil,
            status: .offTrack, progressRatio: nil)
        XCTAssertEqual(row.valueFigure, ProgressFigure(text: "94.2"))
        XCTAssertNil(row.baselineFigure)
        row.baselineFigure = ProgressFigure(number: 90)
        XCTAssertEqual(row.baselineValue, "90")
        row.value = nil
        XCTAssertNil(row.valueFigure)
    }
}
