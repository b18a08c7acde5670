import RollupKernel
import RollupModel

/// `rollup_mismatch`: an internal unit's own reported figure against the roll-up of its children.
///
/// Compared wherever an internal unit reported a figure and its children contributed (the roll-up
/// column's source is `rollup`; for a `ratio`, the ratio of its rolled-up numerator and
/// denominator). An exact own figure written with d decimals stands for everything that rounds to
/// it: `94,2` agrees with any roll-up in [94.15, 94.25) (d is the larger of the decimals written
/// and those of the number itself; a negative figure's interval is (x − h, x + h]). A bound or a
/// range is taken as written; a level must equal the children's worst level. A mismatch is
/// raised only when that interval and the roll-up (an interval too when children reported bounds)
/// share no number:
/// - **error** when the roll-up's coverage is complete (every child contributed);
/// - **info** when it is partial: the children that have not reported may close the gap.
///
/// The message gives the imbalance (own figure minus roll-up) and the children's largest
/// contributions: their value (sum), their value's share of the mean (mean), value × weight share
/// (weighted_mean), value × share of the denominator (ratio), or the extreme values (min, max,
/// worst_level).
enum RollupMismatchCheck {
    static func run(_ c: FindingsContext) -> [Finding] {
        var findings: [Finding] = []
        for k in c.rollup.periods.indices {
            for i in 0..<c.dataset.indicators.count {
                run(c, period: k, indicator: i, positions: 0..<Int.max, into: &findings)
            }
        }
        return findings
    }

    /// Checks the internal units at the positions `positions` (clipped to the tree) of period
    /// `k`'s tree for indicator `i`, appending what it finds to `findings`.
    static func run(_ c: FindingsContext, period k: Int, indicator i: Int, positions: Range<Int>, into findings: inout [Finding]) {
        guard k < c.rollup.periods.count, i < c.dataset.indicators.count else { return }
        let periodRollup = c.rollup.periods[k]
        let tree = periodRollup.tree
        let indicator = c.dataset.indicators[i]
        if case .none = indicator.aggregation { return }
        guard k < c.dataset.reported.count, i < c.dataset.reported[k].count, i < periodRollup.columns.count else { return }
        let reported = c.dataset.reported[k][i]
        let column = periodRollup.columns[i]
        guard reported.count == tree.count, column.sources.count == tree.count else { return }
        // Only positions with children (most are leaves).
        for parent in c.parents(period: k, in: positions.clamped(to: 0..<tree.count)) {
            let p = Int(parent)
            guard column.sources[p] == .rollup, let own = reported.interval(at: p),
                let rolled = column.interval(at: p)
            else { continue }
            let written = writtenInterval(own, decimals: Int(reported.decimals[Int32(p)] ?? 0), indicator)
            // The roll-up is computed: give it the floating-point slack of its ends.
            let computed = Interval(
                low: rolled.low - Verdict.slack(rolled.low), high: rolled.high + Verdict.slack(rolled.high))
            if written.overlaps(computed) { continue }
            let coverage = column.coverage[p]
            let complete = coverage >= c.options.completeCoverage
            findings.append(
                finding(
                    c, k: k, position: p, indicator: i, own: own, written: written, rolled: rolled,
                    coverage: coverage, complete: complete))
        }
    }

    /// Everything an own figure written with `decimals` decimals stands for.
    static func writtenInterval(_ own: Interval, decimals: Int, _ indicator: Indicator) -> Interval {
        guard own.isPoint, indicator.levelScale == nil else { return own }
        let x = own.low
        let d = min(15, max(decimals, FigureText.decimals(of: x)))
        var scale = 1.0
        for _ in 0..<d { scale *= 10 }
        let scaled = (x * scale).rounded()
        guard abs(scaled) < 9e15 else { return own }
        let low = (scaled - 0.5) / scale
        let high = (scaled + 0.5) / scale
        return x >= 0
            ? Interval(low: low, high: high, includesLow: true, includesHigh: false)
            : Interval(low: low, high: high, includesLow: false, includesHigh: true)
    }

    private static func finding(
        _ c: FindingsContext, k: Int, position p: Int, indicator i: Int, own: Interval, written: Interval, rolled: Interval,
        coverage: Double, complete: Bool
    ) -> Finding {
        let periodRollup = c.rollup.periods[k]
        let period = periodRollup.period
        let unit = Int(periodRollup.tree.unitAt[p])
        let indicator = c.dataset.indicators[i]
        let name = c.unitName(unit, period)
        var message = "\(name) reported \(c.say(own, i)) for \(c.indicatorName(i)) in \(period)"
        if written != own {
            message += " (as written, anything in \(FigureText.interval(written, number: FigureText.readable)))"
        }
        message += ", but its children roll up to \(c.say(rolled, i)) (\(indicator.aggregation.keyword)"
        if complete {
            message += ", every child contributing)"
        } else {
            message += ", covering \(FigureText.percent(coverage)): the children that have not reported may close the gap)"
        }
        if indicator.levelScale == nil {
            let imbalance = Interval(
                low: own.low - rolled.high, high: own.high - rolled.low, includesLow: own.includesLow && rolled.includesHigh,
                includesHigh: own.includesHigh && rolled.includesLow)
            let imbalanceText =
                imbalance.isPoint ? FigureText.signed(imbalance.low) : FigureText.interval(imbalance, number: FigureText.signed)
            message += ". Imbalance (own figure minus roll-up): \(imbalanceText)"
        }
        let parts = contributions(c, k: k, position: p, indicator: i)
        if !parts.isEmpty { message += ". " + parts }
        return Finding(
            kind: .rollupMismatch, severity: complete ? .error : .info, unit: unit, indicator: i, period: period,
            value: c.text(own, i), expected: c.text(rolled, i), message: message + ".")
    }

    /// The children's largest contributions to the roll-up, as a sentence.
    static func contributions(_ c: FindingsContext, k: Int, position p: Int, indicator i: Int) -> String {
        let periodRollup = c.rollup.periods[k]
        let tree = periodRollup.tree
        let period = periodRollup.period
        let indicator = c.dataset.indicators[i]
        var items: [(unit: Int, value: Interval, amount: Double?, note: String)] = []
        var leaves: [Int: Int32] = [:]
        for cp in tree.children(of: p) {
            guard let v = c.effective(at: cp, i, period: k) else { continue }
            items.append((Int(tree.unitAt[cp]), v, nil, ""))
            leaves[Int(tree.unitAt[cp])] = tree.leafCount[cp]
        }
        guard !items.isEmpty else { return "" }
        let mid: (Interval) -> Double = { v in v.low.isFinite && v.high.isFinite ? (v.low + v.high) / 2 : (v.low.isFinite ? v.low : v.high)
        }
        var ordered: [(unit: Int, value: Interval, amount: Double?, note: String)]
        var heading = "Largest contributions"
        switch indicator.aggregation {
        case .sum:
            ordered = items.map { ($0.unit, $0.value, mid($0.value), "") }
        case .mean:
            let n = Double(items.count)
            ordered = items.map { ($0.unit, $0.value, mid($0.value) / n, "1 of \(items.count) children") }
        case .weightedMean(let w), .ratio(_, let w, _):
            var weights: [Double?] = []
            var total = ExactSum()
            for item in items {
                if let x = c.effective(item.unit, w, period: k), x.isPoint, x.low > 0 {
                    weights.append(x.low)
                    total.add(x.low)
                } else {
                    weights.append(nil)
                }
            }
            let sum = total.total
            ordered = []
            for (n, item) in items.enumerated() {
                guard let weight = weights[n], sum > 0 else { continue }
                let share = weight / sum
                ordered.append(
                    (item.unit, item.value, mid(item.value) * share, FigureText.percent(share) + " of \(c.indicatorName(w))"))
            }
        case .min, .worstLevel:
            heading = "Lowest children"
            ordered = items.sorted { mid($0.value) < mid($1.value) }
        case .max:
            heading = "Highest children"
            ordered = items.sorted { mid($0.value) > mid($1.value) }
        case .shareOfUnits:
            heading = "Children"
            ordered = items.map { ($0.unit, $0.value, nil, "\(leaves[$0.unit] ?? 0) leaf units") }
        case .none:
            return ""
        }
        if ordered.contains(where: { $0.amount != nil }) {
            ordered = ordered.enumerated().sorted { a, b in
                let x = abs(a.element.amount ?? 0)
                let y = abs(b.element.amount ?? 0)
                return x != y ? x > y : a.offset < b.offset
            }.map(\.element)
        }
        let shown = ordered.prefix(c.options.largestContributions).map { item -> String in
            var text = c.unitName(item.unit, period) + " "
            if let amount = item.amount, case .sum = indicator.aggregation {
                text += FigureText.readable(amount)
            } else if let amount = item.amount {
                text += FigureText.readable(amount) + " (value \(c.say(item.value, i))" + (item.note.isEmpty ? "" : ", " + item.note) + ")"
            } else {
                text += c.say(item.value, i) + (item.note.isEmpty ? "" : " (" + item.note + ")")
            }
            return text
        }
        var sentence = heading + ": " + shown.joined(separator: "; ")
        if ordered.count > shown.count { sentence += "; and \(ordered.count - shown.count) more" }
        return sentence
    }
}
