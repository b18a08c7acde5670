import RollupModel

/// `out_of_range`: a reported figure, or a target, outside the indicator's valid `low`..`high`
/// (a share above 100, a negative count).
///
/// An exact figure outside the range, or an interval entirely outside it (`>105` on a share), is
/// an **error**; an interval partly outside (`95-105` on a share) is a **warning**. Indicators
/// without `low` and `high`, and level scales, are not checked. Reported figures are checked, not
/// roll-ups (a roll-up of valid figures is valid). A target's finding has the target year as its
/// period and says it is a target.
enum RangeCheck {
    static func run(_ c: FindingsContext) -> [Finding] {
        var findings: [Finding] = []
        for k in c.dataset.periods.indices {
            for i in 0..<c.dataset.indicators.count {
                run(c, period: k, indicator: i, positions: 0..<Int.max, into: &findings)
            }
        }
        run(c, targets: c.dataset.targets.targets.indices, into: &findings)
        return findings
    }

    /// Checks the figures reported in period `k` for indicator `i` at the tree positions
    /// `positions` (clipped to the column), appending what it finds to `findings`.
    static func run(_ c: FindingsContext, period k: Int, indicator i: Int, positions: Range<Int>, into findings: inout [Finding]) {
        guard k < c.dataset.periods.count, k < c.dataset.reported.count, k < c.dataset.trees.count, i < c.dataset.indicators.count,
            i < c.dataset.reported[k].count, let valid = range(c.dataset.indicators[i])
        else { return }
        let period = c.dataset.periods[k]
        let tree = c.dataset.trees[k]
        let column = c.dataset.reported[k][i]
        let end = min(column.count, tree.count)
        let (low, high) = (valid.low, valid.high)
        let hasIntervals = column.hasIntervals
        for p in positions.clamped(to: 0..<end) {
            // An exact figure within the range, or nothing: no finding, without making intervals.
            let v = column.values[p]
            if v.isNaN ? !hasIntervals : (v >= low && v <= high) { continue }
            guard let x = column.interval(at: p), let severity = judge(x, valid) else { continue }
            let unit = Int(tree.unitAt[p])
            let message = "\(c.unitName(unit, period)) reported \(c.say(x, i)) for \(c.indicatorName(i)) in \(period)"
            findings.append(finding(c, unit: unit, indicator: i, period: period, x, valid, severity, message))
        }
    }

    /// Checks the targets `range` of `c.dataset.targets`, appending what it finds to `findings`.
    static func run(_ c: FindingsContext, targets range: Range<Int>, into findings: inout [Finding]) {
        let targets = c.dataset.targets.targets
        for n in range {
            let target = targets[n]
            let indicator = c.dataset.indicators[target.indicator]
            guard let valid = self.range(indicator), let x = c.targetInterval(n, indicator), let severity = judge(x, valid) else {
                continue
            }
            let message =
                "\(c.unitName(target.unit, target.year))'s \(target.year) target for \(c.indicatorName(target.indicator)) is \(target.text)"
            findings.append(finding(c, unit: target.unit, indicator: target.indicator, period: target.year, x, valid, severity, message))
        }
    }

    /// The valid range of a numeric indicator with a `low` or a `high`.
    static func range(_ indicator: Indicator) -> Interval? {
        guard indicator.levelScale == nil, indicator.low != nil || indicator.high != nil else { return nil }
        return Interval(low: indicator.low ?? -.infinity, high: indicator.high ?? .infinity)
    }

    /// Error when entirely outside, warning when partly, nil when inside.
    static func judge(_ x: Interval, _ valid: Interval) -> Severity? {
        if Verdict.contains(valid, x) { return nil }
        return x.overlaps(valid) ? .warning : .error
    }

    private static func finding(
        _ c: FindingsContext, unit: Int, indicator i: Int, period: Int, _ x: Interval, _ valid: Interval, _ severity: Severity,
        _ start: String
    ) -> Finding {
        var message = start
        message += severity == .error ? ", outside" : ", partly outside"
        message += " the indicator's valid range \(FigureText.interval(valid, number: FigureText.readable))"
        if let high = c.dataset.indicators[i].high, high == 100, x.low > 100 || (severity == .warning && x.high > 100) {
            message += " (a share above 100)"
        } else if let low = c.dataset.indicators[i].low, low == 0, x.high < 0 || (severity == .warning && x.low < 0) {
            message += " (a negative figure)"
        }
        return Finding(
            kind: .outOfRange, severity: severity, unit: unit, indicator: i, period: period,
            value: FigureText.interval(x), expected: FigureText.interval(valid), message: message + ".")
    }
}
