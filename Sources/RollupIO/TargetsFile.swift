import RollupModel
import RollupNotation

/// Reads `targets.csv`: each unit's target for an indicator and year, kept as written beside
/// what it means.
enum TargetsFile {
    static let required = ["unit", "indicator", "year", "target"]
    static let optional: [String] = []

    /// Reads every row; with a `quarantine`, a row with an error is set aside there (and not
    /// loaded) instead of failing the load. `unitCodes`, the catalog's codes as a
    /// ``ByteCodeTable`` when the caller has one already, is made here otherwise.
    static func read(
        _ table: CSVTable, catalog: UnitCatalog, indicators: IndicatorTable, vietnamese: Bool, log: inout IssueLog,
        quarantine: Quarantine? = nil, unitCodes: ByteCodeTable? = nil
    ) -> TargetTable {
        var targets: [Target] = []
        var firstLine: [ValuesFile.Key: Int] = [:]
        // A row is at least 16 bytes or so: room for every key at once, not grown row by row.
        firstLine.reserveCapacity(table.text.bytes.count / 24)
        // The indicators as an array: the table's subscript copies an indicator per call.
        let indicatorList = indicators.indicators
        let options = indicators.indicators.map { NotationOptions(for: $0, vietnamese: vietnamese) }
        let numeric = indicators.indicators.map { $0.levelScale == nil }
        // Codes are looked up from the field's bytes; a code not found so (or written with
        // quotes) is looked up again as text, which decides.
        let unitCodes = unitCodes ?? ByteCodeTable(catalog.codes)
        let indicatorCodes = ByteCodeTable(indicators.indicators.map(\.code))
        // Plain views of the tables for the loop (the tables are kept alive below).
        let unitReader = unitCodes.reader
        let indicatorReader = indicatorCodes.reader
        // Fields by index, not by column name: a name lookup per field was most of the time.
        let columns = table.columns
        let text = table.text
        let unitColumn = columns["unit"]
        let indicatorColumn = columns["indicator"]
        let yearColumn = columns["year"]
        let targetColumn = columns["target"]
        withExtendedLifetime((unitCodes, indicatorCodes)) {
            table.forEachRow(log: &log, quarantine: quarantine) { row, log in
                func string(_ column: Int?) -> String { column.map { text.text(row.fields[$0]) } ?? "" }
                /// The trimmed bounds of a field written without quotes.
                func plain(_ column: Int?) -> (Int, Int)? {
                    guard let column else { return nil }
                    let field = row.fields[column]
                    guard !field.hasEscapes else { return nil }
                    return text.bytes.withUnsafeBufferPointer { bytes in
                        var s = max(0, field.start)
                        var e = min(bytes.count, field.end)
                        while s < e && (bytes[s] == 0x20 || bytes[s] == 0x09) { s += 1 }
                        while e > s && (bytes[e - 1] == 0x20 || bytes[e - 1] == 0x09) { e -= 1 }
                        return (s, e)
                    }
                }
                func code(_ column: Int?, _ codes: ByteCodeTable.Reader, _ byText: (String) -> Int?) -> Int? {
                    if let (s, e) = plain(column) {
                        let k = text.bytes.withUnsafeBufferPointer { codes.lookup($0, s, e) }
                        if k >= 0 { return k }
                    }
                    return byText(string(column))
                }
                let unit = code(unitColumn, unitReader) { catalog.index(of: $0) }
                if unit == nil {
                    row.error("unit", "found the unit '\(string(unitColumn))', expected the code of a unit in units.csv", &log)
                }
                let indicator = code(indicatorColumn, indicatorReader) { indicators.index(of: $0) }
                if indicator == nil {
                    row.error(
                        "indicator",
                        "found the indicator '\(string(indicatorColumn))', expected the code of an indicator in indicators.csv",
                        &log)
                }
                var year: Int?
                if let yearColumn, case .year(let y) = Year.parse(row.fields[yearColumn], text) { year = y }
                if year == nil {
                    row.error("year", "found '\(string(yearColumn))', expected a year such as 2030", &log)
                }
                guard let indicator else { return }
                let written = string(targetColumn)
                let figure: Figure?
                if numeric[indicator], let (s, e) = plain(targetColumn),
                    let (x, _) = text.bytes.withUnsafeBufferPointer({ FastDecimal.parse($0, s, e, vietnamese: vietnamese) })
                {
                    figure = .number(x)  // a plain number, as the notation reader reads it
                } else {
                    switch Notation.read(written, options[indicator]) {
                    case .success(let reading): figure = reading.figure
                    case .failure(let e):
                        row.error("target", "found '\(e.found)', expected \(e.expected)", &log)
                        return
                    }
                }
                guard let unit, let year else { return }
                let key = ValuesFile.Key(unit: unit, indicator: indicator, period: year)
                // One lookup for the usual first row of a key; a second row puts the first line back.
                if let first = firstLine.updateValue(row.line, forKey: key) {
                    firstLine[key] = first
                    row.error(
                        "unit",
                        "found a second target for unit '\(string(unitColumn))', indicator '\(string(indicatorColumn))', year \(year), expected one target per unit, indicator and year (first on line \(first))",
                        &log)
                    return
                }
                guard let figure else { return }  // "-": no target that year, but the key is taken
                targets.append(
                    Target(
                        unit: unit, indicator: indicator, year: year, figure: ValuesFile.clamp(figure, indicatorList[indicator]),
                        text: written,
                        line: row.line))
            }
        }
        return TargetTable(targets)
    }
}
