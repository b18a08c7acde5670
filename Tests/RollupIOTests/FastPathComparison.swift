import RollupModel
import XCTest

@testable import RollupIO

/// values.csv read both ways, by the parallel fast path and by the serial reader, against a small
/// catalogue and indicator table: for the tests that pin the fast path to the serial reader.
struct FastPathComparison {
    /// units.csv's text.
    let units: String
    /// indicators.csv's text.
    let indicators: String

    /// What each reader gave: the fast path's columns (nil where it gave up), the serial
    /// reader's and how many errors the serial reader logged.
    struct Loaded {
        var fast: [Int: ValuesFile.PeriodColumns]?
        var serial: [Int: ValuesFile.PeriodColumns]
        var serialErrors: Int
    }

    /// Reads `values` (values.csv's text) both ways, the fast path in chunks of `chunkBytes`.
    func load(_ values: String, chunkBytes: Int, threads: Int = 2) throws -> Loaded {
        var log = IssueLog()
        let unitsTable = try XCTUnwrap(
            CSVTable.open(CSVText(path: "units.csv", bytes: Array(units.utf8)), required: UnitsFile.required, optional: [], log: &log))
        let catalog = UnitsFile.read(unitsTable, log: &log).0
        let indicatorsTable = try XCTUnwrap(
            CSVTable.open(
                CSVText(path: "indicators.csv", bytes: Array(indicators.utf8)), required: IndicatorsFile.required,
                optional: IndicatorsFile.optional, log: &log))
        let table = try XCTUnwrap(IndicatorsFile.read(indicatorsTable, vietnamese: false, log: &log).0)
        XCTAssertEqual(log.errors, [])
        let values = try XCTUnwrap(
            CSVTable.open(CSVText(path: "values.csv", bytes: Array(values.utf8)), required: ValuesFile.required, optional: [], log: &log))
        var fastTrees = TreeCache(catalog: catalog)
        let fast = ValuesFastPath.read(
            values, catalog: catalog, indicators: table, vietnamese: false, trees: &fastTrees, threads: threads, chunkBytes: chunkBytes)
        var trees = TreeCache(catalog: catalog)
        var serialLog = IssueLog()
        let serial = ValuesFile.read(
            values, catalog: catalog, indicators: table, vietnamese: false, trees: &trees, checkExistence: true, log: &serialLog)
        return Loaded(fast: fast, serial: serial, serialErrors: serialLog.errors.count)
    }

    /// Asserts that two readings hold the same periods, columns, values (bit for bit), intervals and
    /// decimals.
    static func assertSame(
        _ a: [Int: ValuesFile.PeriodColumns], _ b: [Int: ValuesFile.PeriodColumns], file: StaticString = #filePath, line: UInt = #line
    ) {
        XCTAssertEqual(a.keys.sorted(), b.keys.sorted(), file: file, line: line)
        for (year, p) in a {
            guard let q = b[year] else { continue }
            XCTAssertEqual(p.columns.count, q.columns.count, file: file, line: line)
            for (x, y) in zip(p.columns, q.columns) {
                XCTAssertEqual(x.values.map(\.bitPattern), y.values.map(\.bitPattern), "\(year)", file: file, line: line)
                XCTAssertEqual(x.intervals, y.intervals, file: file, line: line)
                XCTAssertEqual(x.decimals, y.decimals, file: file, line: line)
            }
        }
    }
}
