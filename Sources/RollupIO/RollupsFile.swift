import RollupKernel
import RollupModel

/// Formats `rollups.csv`: one row for every unit, indicator and period that has a value, ordered
/// by period, then unit in `units.csv` order, then indicator in `indicators.csv` order.
///
/// Columns: `unit,indicator,period,value,low,high,coverage,source`. An exact value fills `value`;
/// an interval leaves it empty and fills `low`/`high` (an unbounded end is left empty); a level is
/// written as its name. Chunks of units are formatted in parallel and joined in order, so the
/// bytes do not depend on the thread count.
public enum RollupsFile {
    /// The header row's columns.
    public static let header = "unit,indicator,period,value,low,high,coverage,source"

    /// Units per formatting task.
    static let unitsPerChunk = 4096

    /// The file's bytes.
    public static func format(_ dataset: Dataset, _ rollup: Rollup, threads: Int = 1) -> [UInt8] {
        let unitFields = dataset.units.codes.map(field)
        let indicatorFields = dataset.indicators.indicators.map { field($0.code) }
        let levelFields = dataset.indicators.indicators.map { $0.levelScale?.levels.map(field) }
        let isLevel = levelFields.map { $0 != nil }
        let sources = (0...RollupSource.approximate.rawValue).map { Array((RollupSource(rawValue: $0)?.keyword ?? "").utf8) }
        let unitCount = dataset.units.count
        var tasks: [(period: Int, units: Range<Int>)] = []
        for k in rollup.periods.indices {
            var start = 0
            while start < unitCount {
                tasks.append((k, start..<min(unitCount, start + unitsPerChunk)))
                start += unitsPerChunk
            }
        }
        var pieces = Array(repeating: [UInt8](), count: tasks.count)
        pieces.withUnsafeMutableBufferPointer { slots in
            let slots = UncheckedSendable(slots)
            WorkRunner(threads: threads).run(tasks: tasks.count) { t in
                let periodRollup = rollup.periods[tasks[t].period]
                let periodField = Array(String(periodRollup.period).utf8)
                let positionOf = periodRollup.tree.positionOf
                var out: [UInt8] = []
                out.reserveCapacity(tasks[t].units.count * 64)
                let columns = periodRollup.columns
                for u in tasks[t].units {
                    let position = Int(positionOf[u])
                    guard position >= 0 else { continue }
                    for i in columns.indices {
                        let source = columns[i].sources[position]
                        guard source != .none else { continue }
                        out.append(contentsOf: unitFields[u])
                        out.append(0x2C)
                        out.append(contentsOf: indicatorFields[i])
                        out.append(0x2C)
                        out.append(contentsOf: periodField)
                        out.append(0x2C)
                        let v = columns[i].values[position]
                        if !v.isNaN {
                            if isLevel[i], let rank = Int(exactly: v), let levels = levelFields[i], levels.indices.contains(rank) {
                                out.append(contentsOf: levels[rank])
                            } else {
                                NumberFormat.append(v, to: &out)
                            }
                            out.append(0x2C)
                            out.append(0x2C)
                        } else if let interval = columns[i].intervals[Int32(position)] {
                            out.append(0x2C)
                            if interval.low.isFinite { NumberFormat.append(interval.low, to: &out) }
                            out.append(0x2C)
                            if interval.high.isFinite { NumberFormat.append(interval.high, to: &out) }
                        } else {
                            out.append(0x2C)
                            out.append(0x2C)
                        }
                        out.append(0x2C)
                        let coverage = columns[i].coverage[position]
                        if !coverage.isNaN { NumberFormat.append(coverage, to: &out) }
                        out.append(0x2C)
                        out.append(contentsOf: sources[Int(source.rawValue)])
                        out.append(0x0A)
                    }
                }
                slots.value[t] = out
            }
        }
        var out: [UInt8] = []
        out.reserveCapacity(pieces.reduce(header.utf8.count + 1) { $0 + $1.count })
        out.append(contentsOf: (header + "\n").utf8)
        for piece in pieces { out.append(contentsOf: piece) }
        return out
    }

    private static func field(_ text: String) -> [UInt8] {
        var bytes: [UInt8] = []
        CSVEscape.append(text, to: &bytes)
        return bytes
    }
}
