import RollupModel
import XCTest

@testable import RollupIO

/// units.csv, indicators.csv and targets.csv read from text, for the tests of the files read
/// against a catalogue and indicators.
enum SmallTables {
    /// POP (a sum) and BHYT (a share weighted by POP).
    static let indicators = "code,name,unit,aggregation,weight,low,high\nPOP,Dân số,người,sum,,0,\nBHYT,BHYT,%,weighted_mean,POP,0,100\n"

    /// The catalogue of units.csv text `units`.
    static func catalog(_ units: String, log: inout IssueLog) throws -> UnitCatalog {
        let table = try XCTUnwrap(
            CSVTable.open(CSVText(path: "units.csv", bytes: Array(units.utf8)), required: UnitsFile.required, optional: [], log: &log))
        return UnitsFile.read(table, log: &log).0
    }

    /// The indicators of indicators.csv text `text`.
    static func indicators(_ text: String = indicators, log: inout IssueLog) throws -> IndicatorTable {
        let table = try XCTUnwrap(
            CSVTable.open(
                CSVText(path: "indicators.csv", bytes: Array(text.utf8)), required: IndicatorsFile.required,
                optional: IndicatorsFile.optional, log: &log))
        return try XCTUnwrap(IndicatorsFile.read(table, vietnamese: false, log: &log).0)
    }

    /// targets.csv text `text` opened as a table.
    static func targets(_ text: String, log: inout IssueLog) throws -> CSVTable {
        try XCTUnwrap(
            CSVTable.open(CSVText(path: "targets.csv", bytes: Array(text.utf8)), required: TargetsFile.required, optional: [], log: &log))
    }
}
