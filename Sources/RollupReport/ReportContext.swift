import RollupFindings
import RollupKernel
import RollupModel

/// What every section of the report reads: the dataset, its roll-up and findings, the facts of
/// the run, the limits, and helpers that name units and indicators and write figures.
final class ReportContext {
    let dataset: Dataset
    let rollup: Rollup
    let report: FindingsReport
    let facts: RunFacts
    let limits: ReportLimits
    /// The tree of the latest period (of every unit when there is no period).
    let latestTree: Hierarchy
    private var trees: [Int: Hierarchy] = [:]

    init(_ dataset: Dataset, _ rollup: Rollup, _ report: FindingsReport, _ facts: RunFacts, _ limits: ReportLimits) {
        self.dataset = dataset
        self.rollup = rollup
        self.report = report
        self.facts = facts
        self.limits = limits
        latestTree = rollup.periods.last?.tree ?? Hierarchy.build(dataset.units, year: nil).0
    }

    /// The latest period, if any.
    var latestPeriod: Int? { rollup.periods.last?.period }

    /// The tree a target year is checked over, as the findings engine does: built for the year
    /// when units have validity windows; else the latest period's up to the year (the earliest
    /// period's when all are later).
    func tree(forYear year: Int) -> Hierarchy {
        if let tree = trees[year] { return tree }
        let tree: Hierarchy
        if dataset.units.hasWindows {
            tree = Hierarchy.build(dataset.units, year: year).0
        } else if let k = rollup.periods.lastIndex(where: { $0.period <= year }) {
            tree = rollup.periods[k].tree
        } else if let first = rollup.periods.first {
            tree = first.tree
        } else {
            tree = latestTree
        }
        trees[year] = tree
        return tree
    }

    // MARK: names

    /// The unit's name as written (in the row valid in `year`).
    func unitName(_ unit: Int, _ year: Int? = nil) -> String {
        dataset.units.codes.indices.contains(unit) ? dataset.units.name(of: unit, in: year) : "?"
    }

    /// The unit's code.
    func unitCode(_ unit: Int) -> String {
        dataset.units.codes.indices.contains(unit) ? dataset.units.codes[unit] : "?"
    }

    /// The indicator's name as written.
    func indicatorName(_ indicator: Int) -> String {
        dataset.indicators.indicators.indices.contains(indicator) ? dataset.indicators[indicator].name : "?"
    }

    /// The indicator's code.
    func indicatorCode(_ indicator: Int) -> String {
        dataset.indicators.indicators.indices.contains(indicator) ? dataset.indicators[indicator].code : "?"
    }

    // MARK: figures

    /// The effective value (reported or rolled up) of `unit` for `indicator` in period index `k`.
    func effective(_ unit: Int, _ indicator: Int, period k: Int) -> Interval? {
        let period = rollup.periods[k]
        guard unit < period.tree.positionOf.count, indicator < period.columns.count else { return nil }
        let p = Int(period.tree.positionOf[unit])
        guard p >= 0 else { return nil }
        let column = period.columns[indicator]
        guard p < column.sources.count, column.sources[p] != .none else { return nil }
        return column.interval(at: p)
    }

    /// The latest value of `unit` for `indicator` in a period up to `year` (any period when
    /// `nil`), with its period.
    func latestValue(_ unit: Int, _ indicator: Int, upTo year: Int? = nil) -> (period: Int, value: Interval)? {
        for k in rollup.periods.indices.reversed() {
            if let year, rollup.periods[k].period > year { continue }
            if let v = effective(unit, indicator, period: k) { return (rollup.periods[k].period, v) }
        }
        return nil
    }

    /// A target as an interval (a level as the point of its rank), with an unbounded end closed
    /// by the indicator's valid limit; `nil` for a level not on the scale.
    func interval(of figure: Figure, _ indicator: Indicator) -> Interval? {
        switch figure {
        case .number(let x): return Interval(point: x)
        case .interval(let i): return i.clamped(low: indicator.low, high: indicator.high)
        case .level(let text):
            guard let rank = indicator.levelScale?.rank(of: text) else { return nil }
            return Interval(point: Double(rank))
        }
    }

    /// A figure of `indicator` as shown in the report: a level by name, a number to 6
    /// significant digits, an interval as a bound (`<3`, `≥ 97`) where one end is the valid limit
    /// or unbounded, else in brackets.
    func text(_ i: Interval, _ indicator: Int) -> String {
        ReportNumber.figure(i, dataset.indicators[indicator])
    }
}

/// Numbers and intervals as the report shows them.
enum ReportNumber {
    /// `x` rounded to 6 significant digits, `.` as the decimal point, no exponent for ordinary
    /// magnitudes, never `-0`.
    static func readable(_ x: Double) -> String {
        guard x.isFinite else { return x.isNaN ? "" : (x > 0 ? "∞" : "-∞") }
        if x == 0 { return "0" }
        if x == x.rounded(), abs(x) < 1e15 { return String(Int64(x)) }
        var magnitude = 0
        var m = abs(x)
        while m >= 10 {
            m /= 10
            magnitude += 1
        }
        while m < 1 {
            m *= 10
            magnitude -= 1
        }
        let decimals = min(12, max(0, 5 - magnitude))
        var scale = 1.0
        for _ in 0..<decimals { scale *= 10 }
        let rounded = (x * scale).rounded() / scale
        if rounded == 0 { return "0" }
        if rounded == rounded.rounded(), abs(rounded) < 1e15 { return String(Int64(rounded)) }
        var text = rounded.description
        if text.hasSuffix(".0") { text.removeLast(2) }
        return text
    }

    /// A share (0 to 1) as a percentage with at most one decimal (`0.753` → `75.3%`).
    static func percent(_ share: Double) -> String {
        guard share.isFinite else { return "–" }
        let tenths = (share * 1000).rounded()
        let whole = Int64(tenths) / 10
        let fraction = Int64(tenths) % 10
        return fraction == 0 ? "\(whole)%" : "\(whole).\(abs(fraction))%"
    }

    /// An interval of `indicator` as text.
    static func figure(_ i: Interval, _ indicator: Indicator) -> String {
        if let scale = indicator.levelScale {
            let low = i.low.isFinite ? scale.level(atRank: Int(i.low)) : nil
            let high = i.high.isFinite ? scale.level(atRank: Int(i.high)) : nil
            if i.isPoint, let low { return low }
            if let low, let high { return low + " to " + high }
        }
        if i.isPoint { return readable(i.low) }
        let lowFree = !i.low.isFinite || (indicator.low == i.low && i.includesLow)
        let highFree = !i.high.isFinite || (indicator.high == i.high && i.includesHigh)
        switch (lowFree, highFree) {
        case (true, true) where !i.low.isFinite && !i.high.isFinite:
            return "any"
        case (true, false):
            return (i.includesHigh ? "≤ " : "< ") + readable(i.high)
        case (false, true):
            return (i.includesLow ? "≥ " : "> ") + readable(i.low)
        default:
            return (i.includesLow ? "[" : "(") + readable(i.low) + ", " + readable(i.high) + (i.includesHigh ? "]" : ")")
        }
    }

    /// A byte count for people (`18.4 kB`, `1.2 MB`).
    static func bytes(_ n: Int) -> String {
        if n < 1000 { return "\(n) B" }
        let units = ["kB", "MB", "GB", "TB"]
        var x = Double(n) / 1000
        var k = 0
        while x >= 1000 && k < units.count - 1 {
            x /= 1000
            k += 1
        }
        let tenths = (x * 10).rounded()
        return (tenths.truncatingRemainder(dividingBy: 10) == 0 ? String(Int64(tenths / 10)) : String(tenths / 10)) + " " + units[k]
    }

    /// An integer with thin groups of three digits (`103 356`).
    static func count(_ n: Int) -> String {
        let digits = String(abs(n))
        var out = ""
        for (k, c) in digits.enumerated() {
            if k > 0 && (digits.count - k) % 3 == 0 { out += "\u{202F}" }
            out.append(c)
        }
        return (n < 0 ? "-" : "") + out
    }
}
