import RollupKernel
import RollupModel

/// Formats `rollups.csv`: one row for every unit, indicator and period that has a value, ordered
/// by period, then unit in `units.csv` order, then indicator in `indicators.csv` order.
///
/// Columns: `unit,indicator,period,value,low,high,coverage,source`. An exact value fills `value`;
/// an interval leaves it empty and fills `low`/`high` (an unbounded end is left empty); a level is
/// written as its name.
public enum RollupsFile {
    /// The header row's columns.
    public static let header = "unit,indicator,period,value,low,high,coverage,source"

    /// The file's bytes.
    public static func format(_ dataset: Dataset, _ rollup: Rollup) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(1 << 16)
        out.append(contentsOf: (header + "\n").utf8)
        let unitFields = dataset.units.codes.map { code -> [UInt8] in
            var field: [UInt8] = []
            CSVEscape.append(code, to: &field)
            return field
        }
        let indicatorFields = dataset.indicators.indicators.map { indicator -> [UInt8] in
            var field: [UInt8] = []
            CSVEscape.append(indicator.code, to: &field)
            return field
        }
        for periodRollup in rollup.periods {
            let periodField = Array(String(periodRollup.period).utf8)
            let tree = periodRollup.tree
            for u in 0..<dataset.units.count {
                let position = Int(tree.positionOf[u])
                guard position >= 0 else { continue }
                for (i, column) in periodRollup.columns.enumerated() {
                    let source = column.sources[position]
                    guard source != .none else { continue }
                    out.append(contentsOf: unitFields[u])
                    out.append(0x2C)
                    out.append(contentsOf: indicatorFields[i])
                    out.append(0x2C)
                    out.append(contentsOf: periodField)
                    out.append(0x2C)
                    let v = column.values[position]
                    if !v.isNaN {
                        if let scale = dataset.indicators[i].levelScale, let level = scale.level(atRank: Int(v)) {
                            CSVEscape.append(level, to: &out)
                        } else {
                            NumberFormat.append(v, to: &out)
                        }
                        out.append(0x2C)
                        out.append(0x2C)
                    } else if let interval = column.intervals[Int32(position)] {
                        out.append(0x2C)
                        if interval.low.isFinite { NumberFormat.append(interval.low, to: &out) }
                        out.append(0x2C)
                        if interval.high.isFinite { NumberFormat.append(interval.high, to: &out) }
                    } else {
                        out.append(0x2C)
                        out.append(0x2C)
                    }
                    out.append(0x2C)
                    let coverage = column.coverage[position]
                    if !coverage.isNaN { NumberFormat.append(coverage, to: &out) }
                    out.append(0x2C)
                    out.append(contentsOf: source.keyword.utf8)
                    out.append(0x0A)
                }
            }
        }
        return out
    }
}
