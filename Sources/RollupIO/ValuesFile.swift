import RollupModel
import RollupNotation

/// Reads `values.csv` into per-period columns laid out by each period's tree.
enum ValuesFile {
    static let required = ["unit", "indicator", "period", "value"]
    static let optional: [String] = []

    /// The reported figures of one period while they are being read.
    struct PeriodColumns {
        var tree: Hierarchy
        var columns: [FigureColumn]
        var lines: [Int32: Int32] = [:]  // only filled while looking for the first of duplicates
    }

    /// Reads every row; with a `quarantine`, a row with an error is set aside there (and not
    /// loaded) instead of failing the load.
    static func read(
        _ table: CSVTable, catalog: UnitCatalog, indicators: IndicatorTable, vietnamese: Bool, trees: inout TreeCache,
        checkExistence: Bool, log: inout IssueLog, quarantine: Quarantine? = nil
    ) -> [Int: PeriodColumns] {
        var periods: [Int: PeriodColumns] = [:]
        let options = indicators.indicators.map { NotationOptions(for: $0, vietnamese: vietnamese) }
        var duplicates: [Key: [Int]] = [:]
        var nothingLines: [Key: Int] = [:]
        table.forEachRow(log: &log, quarantine: quarantine) { row, log in
            let unitCode = row.string("unit")
            let indicatorCode = row.string("indicator")
            let periodText = row.string("period")
            var ok = true
            let unit = catalog.index(of: unitCode)
            if unit == nil {
                row.error("unit", "found the unit '\(unitCode)', expected the code of a unit in units.csv", &log)
                ok = false
            }
            let indicator = indicators.index(of: indicatorCode)
            if indicator == nil {
                row.error("indicator", "found the indicator '\(indicatorCode)', expected the code of an indicator in indicators.csv", &log)
                ok = false
            }
            let period = Year.parse(periodText)
            if period == nil {
                row.error("period", "found '\(periodText)', expected a year such as 2024", &log)
                ok = false
            }
            guard let indicator else { return }
            var field = row.field("value") ?? CSVField(start: row.offset, end: row.offset)
            let text = row.table.text
            let reading: Result<Reading, NotationError>
            if field.hasEscapes {
                reading = Notation.read(text.text(field), options[indicator])
            } else {
                reading = text.bytes.withUnsafeBufferPointer { buffer in
                    field.end = max(field.start, field.end)
                    return Notation.read(bytes: UnsafeBufferPointer(rebasing: buffer[field.start..<field.end]), options[indicator])
                }
            }
            let parsed: Reading
            switch reading {
            case .success(let r): parsed = r
            case .failure(let e):
                row.error("value", "found '\(e.found)', expected \(e.expected)", &log)
                return
            }
            guard ok, let unit, let period else { return }
            let key = Key(unit: unit, indicator: indicator, period: period)
            if let first = nothingLines[key] {
                row.error(
                    "unit",
                    "found a second value for unit '\(unitCode)', indicator '\(indicatorCode)', period \(period), expected one value per unit, indicator and period (first on line \(first))",
                    &log)
                return
            }
            guard let figure = parsed.figure else {
                // "Nothing" still claims its key: a second row with the same key is a duplicate.
                if let position = periods[period].map({ Int($0.tree.positionOf[unit]) }), position >= 0,
                    periods[period]?.columns[indicator].isPresent(position) == true
                {
                    duplicates[key, default: []].append(row.line)
                    row.error(
                        "unit",
                        "found a second value for unit '\(unitCode)', indicator '\(indicatorCode)', period \(period), expected one value per unit, indicator and period",
                        &log)
                } else {
                    nothingLines[key] = row.line
                }
                return
            }
            if periods[period] == nil {
                let tree = trees.tree(for: period)
                periods[period] = PeriodColumns(
                    tree: tree, columns: Array(repeating: FigureColumn(count: tree.count), count: indicators.count))
            }
            let position = Int(periods[period]?.tree.positionOf[unit] ?? -1)
            guard position >= 0 else {
                guard checkExistence else { return }
                row.error(
                    "unit",
                    "found the unit '\(unitCode)' in \(period), expected a unit that exists in that period (see valid_from/valid_to in units.csv)",
                    &log)
                return
            }
            let ind = indicators[indicator]
            if periods[period]?.columns[indicator].isPresent(position) == true {
                duplicates[Key(unit: unit, indicator: indicator, period: period), default: []].append(row.line)
                let at = row.location("unit")
                log.error(
                    row.table.text.path, at.line, at.column,
                    "found a second value for unit '\(unitCode)', indicator '\(indicatorCode)', period \(period), expected one value per unit, indicator and period"
                )
                return
            }
            let stored = clamp(figure, ind)
            periods[period]?.columns[indicator].set(stored, at: position, scale: ind.levelScale)
            if periods[period]?.tree.isLeaf(position) == false {
                periods[period]?.columns[indicator].decimals[Int32(position)] = Int8(clamping: parsed.decimals)
            }
        }
        if !duplicates.isEmpty {
            nameFirstLines(table, catalog: catalog, indicators: indicators, duplicates: duplicates, log: &log, quarantine: quarantine)
        }
        return periods
    }

    /// Replaces an unbounded end of a bound by the indicator's valid limit.
    static func clamp(_ figure: Figure, _ indicator: Indicator) -> Figure {
        guard case .interval(let i) = figure else { return figure }
        let clamped = i.clamped(low: indicator.low, high: indicator.high)
        return clamped.isPoint ? .number(clamped.low) : .interval(clamped)
    }

    struct Key: Hashable {
        var unit: Int
        var indicator: Int
        var period: Int
    }

    /// Rewrites duplicate messages to name the line of the first row with the same key.
    private static func nameFirstLines(
        _ table: CSVTable, catalog: UnitCatalog, indicators: IndicatorTable, duplicates: [Key: [Int]], log: inout IssueLog,
        quarantine: Quarantine?
    ) {
        var first: [Key: Int] = [:]
        var scratch = IssueLog()
        table.forEachRow(log: &scratch) { row, _ in
            guard let unit = catalog.index(of: row.string("unit")), let indicator = indicators.index(of: row.string("indicator")),
                let period = Year.parse(row.string("period"))
            else { return }
            let key = Key(unit: unit, indicator: indicator, period: period)
            if duplicates[key] != nil && first[key] == nil { first[key] = row.line }
        }
        var keyOfLine: [Int: Key] = [:]
        for (key, lines) in duplicates { for line in lines { keyOfLine[line] = key } }
        let path = table.text.path
        for k in log.errors.indices where log.errors[k].file == path && log.errors[k].message.hasPrefix("found a second value") {
            if let key = keyOfLine[log.errors[k].line], let line = first[key] { log.errors[k].message += " (first on line \(line))" }
        }
        for (line, key) in keyOfLine {
            guard let firstLine = first[key] else { continue }
            quarantine?.amend(line: line) { reason in
                if reason.hasPrefix("found a second value") && !reason.contains("(first on line") {
                    reason += " (first on line \(firstLine))"
                }
            }
        }
    }
}

/// The trees of the periods met so far, built once per distinct shape.
struct TreeCache {
    let catalog: UnitCatalog
    /// Whether some unit row has a validity window (`catalog.hasWindows`, which scans every
    /// row: computed once here, not per tree asked for).
    let hasWindows: Bool
    private var shared: Hierarchy?
    private var byYear: [Int: Hierarchy] = [:]

    /// A cache for `catalog`, holding already the trees in `built` (by year, `nil` for the one
    /// tree of a catalog without windows), each `Hierarchy.build(catalog, year:)`'s tree.
    init(catalog: UnitCatalog, built: [Int?: Hierarchy] = [:]) {
        self.catalog = catalog
        hasWindows = catalog.hasWindows
        shared = hasWindows ? nil : built[nil]
        for case (let year?, let tree) in built { byYear[year] = tree }
    }

    mutating func tree(for year: Int) -> Hierarchy {
        if !hasWindows {
            if let shared { return shared }
            let tree = Hierarchy.build(catalog, year: nil).0
            shared = tree
            return tree
        }
        if let tree = byYear[year] { return tree }
        let tree = Hierarchy.build(catalog, year: year).0
        byYear[year] = tree
        return tree
    }
}
