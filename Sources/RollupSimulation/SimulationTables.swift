import RollupModel

/// A CSV file as rows of fields, before quoting (the CLI quotes them with RollupIO's writer).
public struct CSVRows: Sendable, Hashable {
    /// The header's column names.
    public var header: [String]
    /// The records.
    public var rows: [[String]]

    /// Makes a table.
    public init(header: [String], rows: [[String]]) {
        self.header = header
        self.rows = rows
    }
}

/// The files `rollup simulate` writes beside `findings.csv` and `progress.csv`, as rows.
public enum SimulationTables {
    /// `changes.csv`: `change,kind,unit,indicator,period,before,after`, one row per finding or
    /// progress status the changes resolved, introduced or altered.
    public static func changes(_ effects: [Effect], _ dataset: Dataset) -> CSVRows {
        CSVRows(
            header: ["change", "kind", "unit", "indicator", "period", "before", "after"],
            rows: effects.map { e in
                [
                    e.change.rawValue, e.kind, code(e.unit, dataset), indicatorCode(e.indicator, dataset), String(e.period), e.before,
                    e.after,
                ]
            })
    }

    /// The method names of `needs.csv`.
    public enum Method: String, Sendable, CaseIterable {
        /// Every free child below F raised to F.
        case commonFloor = "common_floor"
        /// Every free child's gap to the best closed by the same fraction.
        case proportionalUplift = "proportional_uplift"
        /// No plan of the free children reaches the target (`needed_target` empty).
        case unreachable
    }

    /// `needs.csv`: `parent,indicator,year,child,current_target,needed_target,method`. For each
    /// parent target solved, one row per child under the common floor, then one per child under
    /// the proportional uplift (when it can be computed); when no plan of the free children can
    /// reach the target, one row per child with an empty `needed_target` and the method
    /// `unreachable`. Targets that cannot be solved (no direction) have no rows.
    public static func needs(_ list: [Needs], _ dataset: Dataset) -> CSVRows {
        var rows: [[String]] = []
        for needs in list where needs.reason == nil {
            let prefix = [code(needs.parent.unit, dataset), indicatorCode(needs.parent.indicator, dataset), String(needs.parent.year)]
            if needs.outcome == .unreachable {
                for line in needs.lines {
                    rows.append(prefix + [code(line.unit, dataset), line.current, "", Method.unreachable.rawValue])
                }
                continue
            }
            for line in needs.lines {
                rows.append(prefix + [code(line.unit, dataset), line.current, line.floor ?? "", Method.commonFloor.rawValue])
            }
            if needs.lines.contains(where: { $0.uplift != nil }) {
                for line in needs.lines {
                    rows.append(prefix + [code(line.unit, dataset), line.current, line.uplift ?? "", Method.proportionalUplift.rawValue])
                }
            }
        }
        return CSVRows(header: ["parent", "indicator", "year", "child", "current_target", "needed_target", "method"], rows: rows)
    }

    /// `targets.csv` of the plan: `unit,indicator,year,target`, the loaded targets in their file
    /// order (changed ones in place, removed ones left out), then the added ones.
    public static func targets(_ plan: TargetPlan, _ dataset: Dataset) -> CSVRows {
        CSVRows(
            header: ["unit", "indicator", "year", "target"],
            rows: plan.fileOrder.map { [code($0.unit, dataset), indicatorCode($0.indicator, dataset), String($0.year), $0.text] })
    }

    static func code(_ unit: Int, _ dataset: Dataset) -> String {
        dataset.units.codes.indices.contains(unit) ? dataset.units.codes[unit] : ""
    }

    static func indicatorCode(_ indicator: Int, _ dataset: Dataset) -> String {
        dataset.indicators.indicators.indices.contains(indicator) ? dataset.indicators[indicator].code : ""
    }
}

/// A small table of text, columns aligned with spaces (widths in characters).
public enum TextTable {
    /// The header, a rule, and the rows, each line without trailing spaces.
    public static func render(_ header: [String], _ rows: [[String]]) -> [String] {
        var widths = header.map(\.count)
        for row in rows {
            for (k, cell) in row.enumerated() {
                if k < widths.count { widths[k] = max(widths[k], cell.count) } else { widths.append(cell.count) }
            }
        }
        func line(_ cells: [String]) -> String {
            var text = ""
            for (k, cell) in cells.enumerated() {
                if k > 0 { text += "  " }
                text += cell
                if k < cells.count - 1 { text += String(repeating: " ", count: max(0, widths[k] - cell.count)) }
            }
            while text.hasSuffix(" ") { text.removeLast() }
            return text
        }
        var lines = ["  " + line(header), "  " + line(widths.map { String(repeating: "-", count: $0) })]
        for row in rows { lines.append("  " + line(row)) }
        return lines
    }
}
