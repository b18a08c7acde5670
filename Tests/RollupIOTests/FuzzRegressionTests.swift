import Foundation
import RollupTestSupport
import XCTest

@testable import RollupIO

/// Inputs the fuzzers (Fuzz/) stopped on, kept so that what was found stays fixed.
final class FuzzRegressionTests: XCTestCase {
    let units = "code,name,parent\nVN,Việt Nam,\nW1,Phường 1,VN\nW2,Phường 2,VN\n"
    let indicators = "code,name,unit,aggregation,weight,low,high\nPOP,Dân số,người,sum,,0,\nBHYT,BHYT,%,weighted_mean,POP,0,100\n"

    /// fuzz-values, crash-8b9457ce: a values.csv header naming `indicator` twice. The header
    /// error is logged when the table is opened, before any row; the fast path, which looks at
    /// rows only, accepted the rows, and the harness took that for a fast path accepting what the
    /// serial reader rejects. The loader never tries the fast path after an error, and a column
    /// named twice fails the run with or without --skip-invalid: both kept here.
    func testValuesHeaderNamingAColumnTwiceFailsEvenWithSkipInvalid() throws {
        let values = "unit,indicator,pe,indicator,period,value\nW1,BHYT,W2,BHYT,2024,\n"
        let folder = try DataFolder(["units.csv": units, "indicators.csv": indicators, "values.csv": values])
        for skipInvalid in [false, true] {
            var options = LoadOptions(threads: 1)
            options.skipInvalid = skipInvalid
            guard case .failure(let errors) = DatasetLoader.load(folder: folder.path, options: options) else {
                return XCTFail("loaded a values.csv naming a column twice (skipInvalid \(skipInvalid))")
            }
            XCTAssertEqual(
                errors.errors.map(\.description),
                [folder.file("values.csv") + ":1:19: found the column 'indicator' twice, expected each column once"])
        }
        // What the harness now compares: the rows' errors, not the header's.
        var log = IssueLog()
        let table = try XCTUnwrap(
            CSVTable.open(CSVText(path: "values.csv", bytes: Array(values.utf8)), required: ValuesFile.required, optional: [], log: &log))
        let headerErrors = log.errors.count
        XCTAssertEqual(headerErrors, 1)
        var unitsLog = IssueLog()
        let unitsTable = try XCTUnwrap(
            CSVTable.open(CSVText(path: "units.csv", bytes: Array(units.utf8)), required: UnitsFile.required, optional: [], log: &unitsLog))
        let catalog = UnitsFile.read(unitsTable, log: &unitsLog).0
        let indicatorsTable = try XCTUnwrap(
            CSVTable.open(
                CSVText(path: "indicators.csv", bytes: Array(indicators.utf8)), required: IndicatorsFile.required,
                optional: IndicatorsFile.optional, log: &unitsLog))
        let table2 = try XCTUnwrap(IndicatorsFile.read(indicatorsTable, vietnamese: false, log: &unitsLog).0)
        XCTAssertEqual(unitsLog.errors, [])
        var trees = TreeCache(catalog: catalog)
        _ = ValuesFile.read(table, catalog: catalog, indicators: table2, vietnamese: false, trees: &trees, checkExistence: true, log: &log)
        var fastTrees = TreeCache(catalog: catalog)
        XCTAssertNotNil(ValuesFastPath.read(table, catalog: catalog, indicators: table2, vietnamese: false, trees: &fastTrees, threads: 1))
        XCTAssertEqual(log.errors.count, headerErrors, "the rows themselves have no error")
    }
}
