import RollupModel
import XCTest

@testable import RollupIO

/// units.csv and targets.csv read by field index and from bytes give what the text readers gave.
final class SmallFilesTests: XCTestCase {
    func testYearFieldReadsAsTheTextParser() {
        for written in ["2024", " 2024 ", "1", "0", "0001", "12345", "20x4", "", "  ", "２０２４", "-5", "\"20\"\"24\""] {
            let bytes = Array(("a," + written + ",b").utf8)
            var start = 2
            var end = 2 + written.utf8.count
            var escapes = false
            if written.hasPrefix("\"") {
                start += 1
                end -= 1
                escapes = true
            }
            let text = CSVText(path: "t", bytes: bytes)
            let field = CSVField(start: start, end: end, hasEscapes: escapes)
            let trimmed = text.text(field)
            let expected: Year.Field = trimmed.isEmpty ? .empty : Year.parse(trimmed).map { .year($0) } ?? .invalid
            XCTAssertEqual(Year.parse(field, text), expected, written)
        }
    }

    func testUnitErrorFoundAfterReadingPointsAtItsRowAndColumn() throws {
        var log = IssueLog()
        let units = "code,name,parent\nVN,Việt Nam,\nA,Tỉnh A,VN\nB,  Tỉnh B,  NOPE\nC,Tỉnh C,A\n"
        let table = try XCTUnwrap(
            CSVTable.open(CSVText(path: "units.csv", bytes: Array(units.utf8)), required: UnitsFile.required, optional: [], log: &log))
        _ = UnitsFile.read(table, log: &log)
        XCTAssertEqual(
            log.errors.map(\.description),
            ["units.csv:4:12: found the parent 'NOPE', expected the code of a unit in units.csv"])
    }

    func testTargetCodesWrittenWithSpacesOrQuotesOrUnknownReadAsByText() throws {
        var log = IssueLog()
        let units = "code,name,parent\nVN,Việt Nam,\nHà1,Tỉnh,VN\nA,\"Tỉnh \"\"A\"\"\",VN\n"
        let catalog = try SmallTables.catalog(units, log: &log)
        let indicators = try SmallTables.indicators(log: &log)
        XCTAssertEqual(log.errors, [])
        let targets = """
            unit,indicator,year,target
            VN,BHYT,2025,95
            " Hà1 ",BHYT,2025,90.5
              A  , POP ,2030, 1200
            "A",BHYT,2030,<97
            NOPE,BHYT,2030,80
            VN,"BHY""T",2030,80
            VN,BHYT,2025,96
            VN,POP,2025,007.50

            """
        let table = try SmallTables.targets(targets, log: &log)
        let read = TargetsFile.read(table, catalog: catalog, indicators: indicators, vietnamese: false, log: &log)
        XCTAssertEqual(
            read.targets.map { "\($0.unit) \($0.indicator) \($0.year) \($0.text) \($0.line)" },
            ["0 0 2025 007.50 9", "0 1 2025 95 2", "1 1 2025 90.5 3", "2 0 2030 1200 4", "2 1 2030 <97 5"])
        XCTAssertEqual(read.targets.map(\.figure.isNumber), [true, true, true, true, false])
        XCTAssertEqual(read.targets.compactMap(\.figure.number), [7.5, 95, 90.5, 1200])
        XCTAssertEqual(
            log.errors.map(\.description),
            [
                "targets.csv:6:1: found the unit 'NOPE', expected the code of a unit in units.csv",
                "targets.csv:7:5: found the indicator 'BHY\"T', expected the code of an indicator in indicators.csv",
                "targets.csv:8:1: found a second target for unit 'VN', indicator 'BHYT', year 2025, expected one target per unit, indicator and year (first on line 2)",
            ])
    }
}

extension Figure {
    fileprivate var isNumber: Bool { number != nil }
    fileprivate var number: Double? {
        if case .number(let x) = self { return x }
        return nil
    }
}
