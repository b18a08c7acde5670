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
}
