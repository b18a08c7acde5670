import RollupModel
import RollupNotation

/// Reads `targets.csv`: each unit's target for an indicator and year, kept as written beside
/// what it means.
enum TargetsFile {
    static let required = ["unit", "indicator", "year", "target"]
    static let optional: [String] = []

    /// Reads every row; with a `quarantine`, a row with an error is set aside there (and not
    /// loaded) instead of failing the load.
    static func read(
        _ table: CSVTable, catalog: UnitCatalog, indicators: IndicatorTable, vietnamese: Bool, log: inout IssueLog,
        quarantine: Quarantine? = nil
    ) -> TargetTable {
        var targets: [Target] = []
        var firstLine: [ValuesFile.Key: Int] = [:]
        let options = indicators.indicators.map { NotationOptions(for: $0, vietnamese: vietnamese) }
        // Fields by index, not by column name: a name lookup per field was most of the time.
        let columns = table.columns
        let text = table.text
        let unitColumn = columns["unit"]
        let indicatorColumn = columns["indicator"]
        let yearColumn = columns["year"]
        let targetColumn = columns["target"]
        table.forEachRow(log: &log, quarantine: quarantine) { row, log in
            func string(_ column: Int?) -> String { column.map { text.text(row.fields[$0]) } ?? "" }
            let unitCode = string(unitColumn)
            let indicatorCode = string(indicatorColumn)
            let yearText = string(yearColumn)
            let unit = catalog.index(of: unitCode)
            if unit == nil {
                row.error("unit", "found the unit '\(unitCode)', expected the code of a unit in units.csv", &log)
            }
            let indicator = indicators.index(of: indicatorCode)
            if indicator == nil {
                row.error("indicator", "found the indicator '\(indicatorCode)', expected the code of an indicator in indicators.csv", &log)
            }
            var year: Int?
            if let yearColumn, case .year(let y) = Year.parse(row.fields[yearColumn], text) { year = y }
            if year == nil {
                row.error("year", "found '\(yearText)', expected a year such as 2030", &log)
            }
            guard let indicator else { return }
            let written = string(targetColumn)
            let figure: Figure?
            switch Notation.read(written, options[indicator]) {
            case .success(let reading): figure = reading.figure
            case .failure(let e):
                row.error("target", "found '\(e.found)', expected \(e.expected)", &log)
                return
            }
            guard let unit, let year else { return }
            let key = ValuesFile.Key(unit: unit, indicator: indicator, period: year)
            if let first = firstLine[key] {
                row.error(
                    "unit",
                    "found a second target for unit '\(unitCode)', indicator '\(indicatorCode)', year \(year), expected one target per unit, indicator and year (first on line \(first))",
                    &log)
                return
            }
            firstLine[key] = row.line
            guard let figure else { return }  // "-": no target that year, but the key is taken
            targets.append(
                Target(
                    unit: unit, indicator: indicator, year: year, figure: ValuesFile.clamp(figure, indicators[indicator]), text: written,
                    line: row.line))
        }
        return TargetTable(targets)
    }
}
