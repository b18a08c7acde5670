import RollupKernel
import RollupModel

/// Formats `comparison.csv`: for every unit of the later period's tree and every indicator with
/// a value then, the change since the earlier period, the earlier figure mapped through
/// successors (a merged unit's earlier figure derived from its predecessors).
///
/// Columns: `unit,indicator,from_period,from_value,from_low,from_high,from_basis,to_period,
/// to_value,to_low,to_high,change,change_low,change_high,sources`. `from_basis` is `own`,
/// `derived`, `partial` (derived from only some of the units it stands for), `split`,
/// `not_additive` or `none`; `sources` lists the units whose figures were
/// used, separated by `;`. Intervals as in `rollups.csv`; the change of intervals is an interval.
public enum ComparisonFile {
    /// The header row.
    public static let header =
        "unit,indicator,from_period,from_value,from_low,from_high,from_basis,to_period,to_value,to_low,to_high,change,change_low,change_high,sources"

    /// Counts of the rows by how the earlier figure was obtained.
    public struct Summary: Sendable, Hashable {
        /// Rows written.
        public var rows = 0
        /// Rows per basis.
        public var byBasis: [FigureBasis: Int] = [:]
    }

    /// The file's bytes and a summary; `from` and `to` are indices into `rollup.periods`.
    public static func format(_ dataset: Dataset, _ rollup: Rollup, from: Int, to: Int) -> ([UInt8], Summary) {
        let derived = DerivedFigures(dataset, rollup)
        var out = Array((header + "\n").utf8)
        var summary = Summary()
        let later = rollup.periods[to]
        let earlierYear = rollup.periods[from].period
        for u in 0..<dataset.units.count {
            let p = Int(later.tree.positionOf[u])
            guard p >= 0 else { continue }
            for i in 0..<dataset.indicators.count {
                guard let now = later.columns[i].interval(at: p) else { continue }
                let before = derived.figure(unit: u, indicator: i, periodIndex: from)
                let scale = dataset.indicators[i].levelScale
                CSVEscape.append(dataset.units.codes[u], to: &out)
                out.append(0x2C)
                CSVEscape.append(dataset.indicators[i].code, to: &out)
                out.append(contentsOf: Array(",\(earlierYear),".utf8))
                appendFigure(before.interval, scale, &out)
                out.append(0x2C)
                out.append(contentsOf: Array(before.basis.rawValue.utf8))
                out.append(contentsOf: Array(",\(later.period),".utf8))
                appendFigure(now, scale, &out)
                out.append(0x2C)
                if scale == nil, let b = before.interval {
                    let change = Interval(
                        low: now.low - b.high, high: now.high - b.low, includesLow: now.includesLow && b.includesHigh,
                        includesHigh: now.includesHigh && b.includesLow)
                    appendFigure(change, nil, &out)
                } else {
                    out.append(contentsOf: [0x2C, 0x2C])
                }
                out.append(0x2C)
                CSVEscape.append(before.sources.map { dataset.units.codes[$0] }.joined(separator: ";"), to: &out)
                out.append(0x0A)
                summary.rows += 1
                summary.byBasis[before.basis, default: 0] += 1
            }
        }
        return (out, summary)
    }

    /// Writes `value,low,high` for a figure: a point as the value (a level by name), an interval
    /// as its ends (an unbounded end empty), nothing as three empty fields.
    private static func appendFigure(_ figure: Interval?, _ scale: LevelScale?, _ out: inout [UInt8]) {
        guard let figure else {
            out.append(contentsOf: [0x2C, 0x2C])
            return
        }
        if figure.isPoint {
            if let scale, let rank = Int(exactly: figure.low), let level = scale.level(atRank: rank) {
                CSVEscape.append(level, to: &out)
            } else {
                NumberFormat.append(figure.low, to: &out)
            }
            out.append(contentsOf: [0x2C, 0x2C])
        } else {
            out.append(0x2C)
            if figure.low.isFinite { NumberFormat.append(figure.low, to: &out) }
            out.append(0x2C)
            if figure.high.isFinite { NumberFormat.append(figure.high, to: &out) }
        }
    }
}
