import RollupModel
import RollupNotation

/// Reads `indicators.csv`: each indicator's aggregation and the indicators it reads, checked
/// for unknown references and definition cycles.
enum IndicatorsFile {
    static let required = ["code", "name", "unit", "aggregation"]
    static let optional = ["weight", "numerator", "denominator", "scale", "direction", "area", "office", "low", "high"]

    private struct Draft {
        var indicator: Indicator
        var row: CSVRow
        var references: [(column: String, code: String)]
    }

    /// The table, and whether it is free of errors; with errors, the table still names every
    /// readable indicator (references dropped) so that values and targets can be checked too.
    static func read(_ table: CSVTable, vietnamese: Bool, log: inout IssueLog) -> (IndicatorTable?, valid: Bool) {
        var drafts: [Draft] = []
        var seen: [String: Int] = [:]
        let errorsBefore = log.errors.count
        table.forEachRow(log: &log) { row, log in
            let code = row.string("code")
            if code.isEmpty {
                row.error("code", "found an empty code, expected an indicator code", &log)
                return
            }
            if let first = seen[code] {
                row.error("code", "found the indicator '\(code)' again, expected each code once (first on line \(first))", &log)
                return
            }
            seen[code] = row.line
            let keyword = row.string("aggregation").lowercased()
            guard Aggregation.keywords.contains(keyword) else {
                row.error(
                    "aggregation", "found '\(row.string("aggregation"))', expected one of " + Aggregation.keywords.joined(separator: ", "),
                    &log)
                return
            }
            var references: [(String, String)] = []
            var aggregation = Aggregation.none
            var low: Double?
            var high: Double?
            switch keyword {
            case "weighted_mean":
                guard let weight = row.optional("weight") else {
                    row.error("weight", "found no weight for a weighted_mean, expected the code of the weight indicator", &log)
                    return
                }
                references.append(("weight", weight))
            case "ratio":
                for column in ["numerator", "denominator"] {
                    guard let code = row.optional(column) else {
                        row.error(column, "found no \(column) for a ratio, expected an indicator code", &log)
                        return
                    }
                    references.append((column, code))
                }
            case "worst_level":
                let scale = LevelScale.resolve(low: row.optional("low"), high: row.optional("high"))
                if scale == nil && (row.optional("low") != nil || row.optional("high") != nil) {
                    row.error(
                        "low",
                        "found levels '\(row.string("low"))'..'\(row.string("high"))', expected the lowest and highest level of a scale",
                        &log)
                    return
                }
                aggregation = .worstLevel(scale ?? LevelScale(name: "documented", levels: LevelScale.documented.flatMap(\.levels)))
            default:
                break
            }
            if keyword != "worst_level" {
                for column in ["low", "high"] {
                    guard let text = row.optional(column) else { continue }
                    switch Notation.read(text, NotationOptions(vietnamese: vietnamese, allowsPercent: true)) {
                    case .success(let reading):
                        if case .number(let x)? = reading.figure {
                            if column == "low" { low = x } else { high = x }
                        } else {
                            row.error(column, "found '\(text)', expected a number for the indicator's valid \(column) limit", &log)
                        }
                    case .failure(let e):
                        row.error(column, "found '\(e.found)', expected a number for the indicator's valid \(column) limit", &log)
                    }
                }
                if let low, let high, low > high {
                    row.error("high", "found a valid range \(low)..\(high), expected low <= high", &log)
                }
            }
            var direction: Direction?
            if let text = row.optional("direction") {
                direction = Direction(rawValue: text.lowercased())
                if direction == nil {
                    row.error("direction", "found '\(text)', expected higher, lower or empty", &log)
                }
            }
            switch keyword {
            case "sum": aggregation = .sum
            case "share_of_units": aggregation = .shareOfUnits
            case "mean": aggregation = .mean
            case "min": aggregation = .min
            case "max": aggregation = .max
            default: break
            }
            let indicator = Indicator(
                code: code, name: row.string("name"), unit: row.string("unit"), aggregation: aggregation,
                direction: direction, area: row.string("area"), office: row.string("office"), low: low, high: high)
            drafts.append(Draft(indicator: indicator, row: row, references: references))
        }
        // Resolve references now that every code is known.
        var indicators = drafts.map(\.indicator)
        let index = Dictionary(indicators.enumerated().map { ($1.code, $0) }, uniquingKeysWith: { a, _ in a })
        for (k, draft) in drafts.enumerated() {
            var resolved: [Int] = []
            for (column, code) in draft.references {
                if let i = index[code] {
                    resolved.append(i)
                } else {
                    draft.row.error(column, "found '\(code)', expected the code of an indicator in indicators.csv", &log)
                }
            }
            guard resolved.count == draft.references.count else { continue }
            switch draft.row.string("aggregation").lowercased() {
            case "weighted_mean":
                indicators[k].aggregation = .weightedMean(weight: resolved[0])
            case "ratio":
                var scale = 1.0
                if let text = draft.row.optional("scale") {
                    if case .success(let reading) = Notation.read(text, NotationOptions(vietnamese: vietnamese, allowsPercent: false)),
                        case .number(let x)? = reading.figure, x > 0
                    {
                        scale = x
                    } else {
                        draft.row.error("scale", "found '\(text)', expected a positive number such as 10000", &log)
                    }
                } else {
                    let at = draft.row.location("scale")
                    log.warning(table.text.path, at.line, at.column, "found no scale for the ratio '\(draft.indicator.code)', using 1")
                }
                indicators[k].aggregation = .ratio(numerator: resolved[0], denominator: resolved[1], scale: scale)
            default:
                break
            }
        }
        // Definition cycles, reported once each at the row that starts them.
        var reported = Set<Int>()
        for k in indicators.indices where !reported.contains(k) {
            guard let cycle = IndicatorTable.cycle(from: k, in: indicators) else { continue }
            reported.formUnion(cycle)
            let names = (cycle + [k]).map { indicators[$0].code }.joined(separator: " → ")
            let column = draft(drafts[k].row)
            drafts[k].row.error(
                column, "found a definition cycle \(names), expected every weight, numerator and denominator to be computable first", &log)
        }
        if log.errors.count == errorsBefore, let table = IndicatorTable(indicators) { return (table, true) }
        let stripped = indicators.map { indicator -> Indicator in
            var copy = indicator
            if !copy.aggregation.inputs.isEmpty { copy.aggregation = .none }
            return copy
        }
        return (IndicatorTable(stripped), false)
    }

    private static func draft(_ row: CSVRow) -> String {
        row.string("aggregation").lowercased() == "ratio" ? "numerator" : "weight"
    }
}
