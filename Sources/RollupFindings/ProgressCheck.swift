import RollupKernel
import RollupModel

/// `progress.csv`, and the `off_track` and `missed` findings: every target against the unit's
/// values (reported or rolled up: the effective values of the roll-up).
///
/// For a target of year Y:
/// - the **latest value** is that of the latest period ≤ Y with a value (values after the target
///   year belong to later targets); the **baseline** is the earliest period with a value;
/// - **achieved** when the latest value meets the target (``Verdict``: `higher` compares with the
///   target's lower end, `lower` with its upper end, no direction asks for a value inside it, a
///   level compares by rank): `1,76` meets `<3`; `<2` does not meet `≥ 2`;
/// - **missed** when the latest period is Y and the value does not meet the target;
///   **undetermined** when it is Y and a bound or interval straddles the target (`<50` against
///   `<40`);
/// - before Y, the straight path from (baseline period, baseline value) to (Y, the target's
///   asked end) gives the value expected by the latest period; **on track** when the change since
///   the baseline is at least `onTrackRatio` (0.95) of the change the path asks for by then,
///   **off track** when it is definitely less, **undetermined** when a bound or interval
///   straddles that threshold; with a single value (baseline = latest) not meeting the target,
///   **off track** (no progress can be shown), or undetermined if it straddles the target;
/// - a level (ordinal, no straight path) not yet reached before Y is **on track** when it rose
///   since the baseline, **off track** when it did not;
/// - **no data** when no period up to Y has a value.
///
/// The progress ratio is (latest − baseline) / ((asked − baseline) × (latest period − baseline
/// period) / (Y − baseline period)): observed change over the change the straight path asks for
/// (Statistics Canada / Open SDG: 0.95 and above on track, below 0 moving away). It is given for
/// exact numbers only, when the baseline is earlier than the latest value and does not already
/// meet the target.
///
/// `off_track` and `missed` findings are warnings, with the target year as their period.
enum ProgressCheck {
    static func run(_ c: FindingsContext) -> (rows: [ProgressRow], findings: [Finding]) {
        var rows: [ProgressRow] = []
        var findings: [Finding] = []
        rows.reserveCapacity(c.dataset.targets.targets.count)
        var message = MessageText(capacity: 320)
        for n in c.dataset.targets.targets.indices {
            let (row, finding) = evaluate(c, n, message: &message)
            rows.append(row)
            if let finding { findings.append(finding) }
        }
        return (rows, findings)
    }

    /// Evaluates the targets `order` (indices into `c.dataset.targets.targets`) in that order,
    /// appending their rows to `rows` and their findings to `findings`.
    static func run(_ c: FindingsContext, order: ArraySlice<Int32>, rows: inout [ProgressRow], findings: inout [Finding]) {
        rows.reserveCapacity(rows.count + order.count)
        // One buffer for every message; each finding keeps a copy of its own size.
        var message = MessageText(capacity: 320)
        for n in order {
            let (row, finding) = evaluate(c, Int(n), message: &message)
            rows.append(row)
            if let finding { findings.append(finding) }
        }
    }

    private struct Observation {
        var k: Int
        var period: Int
        var value: Interval
        var derived = false
    }

    /// The row of target `n` and its finding, if any, whose message is built in `message`.
    private static func evaluate(_ c: FindingsContext, _ n: Int, message: inout MessageText) -> (ProgressRow, Finding?) {
        let target = c.dataset.targets.targets[n]
        let i = target.indicator
        let isLevel = c.isLevel(i)
        let year = target.year
        var first: Observation?
        var last: Observation?
        for k in c.rollup.periods.indices where c.rollup.periods[k].period <= year {
            guard let (v, derived) = c.comparable(target.unit, i, period: k) else { continue }
            let observation = Observation(k: k, period: c.rollup.periods[k].period, value: v, derived: derived)
            if first == nil { first = observation }
            last = observation
        }
        var row = ProgressRow(
            unit: target.unit, indicator: i, year: year, target: target.text, period: nil, value: nil, baselinePeriod: nil,
            baselineValue: nil, status: .noData, progressRatio: nil)
        guard let first, let last, let goal = c.targetInterval(n, indicatorAt: i) else { return (row, nil) }
        row.period = last.period
        row.valueFigure = figure(c, last.value, i, isLevel: isLevel)
        row.baselinePeriod = first.period
        // A single value is its own baseline: its text once.
        row.baselineFigure = first.k == last.k ? row.valueFigure : figure(c, first.value, i, isLevel: isLevel)
        row.baselineDerived = first.derived
        let direction = c.direction(indicatorAt: i)
        let verdict = Verdict.of(last.value, against: goal, direction: direction)
        let asked = askedEnd(goal, direction: direction, from: first.value)
        row.progressRatio = !isLevel ? ratio(first, last, asked: asked, year: year, direction: direction) : nil
        var path: Interval?
        if verdict == .met {
            row.status = .achieved
        } else if last.period == year {
            row.status = verdict == .notMet ? .missed : .undetermined
        } else if first.period == last.period {
            row.status = verdict == .notMet ? .offTrack : .undetermined
        } else if isLevel {
            // Levels are ordinal: no straight path, only whether the level rose since the baseline.
            let (v, b) = (last.value, first.value)
            row.status = v.low > b.high ? .onTrack : v.high <= b.low ? .offTrack : .undetermined
        } else if let asked {
            let fraction = Double(last.period - first.period) / Double(year - first.period)
            let b = first.value
            path = Interval(
                low: b.low + (asked - b.low) * fraction, high: b.high + (asked - b.high) * fraction,
                includesLow: b.includesLow, includesHigh: b.includesHigh)
            let g = c.options.onTrackRatio * fraction
            let threshold = Interval(
                low: (1 - g) * b.low + g * asked, high: (1 - g) * b.high + g * asked, includesLow: b.includesLow,
                includesHigh: b.includesHigh)
            let way = direction ?? (asked >= middle(b) ? .higher : .lower)
            let v = last.value
            switch way {
            case .higher:
                row.status =
                    Verdict.above(v, threshold.high, orEqual: true)
                    ? .onTrack : Verdict.below(v, threshold.low, orEqual: false) ? .offTrack : .undetermined
            case .lower:
                row.status =
                    Verdict.below(v, threshold.low, orEqual: true)
                    ? .onTrack : Verdict.above(v, threshold.high, orEqual: false) ? .offTrack : .undetermined
            }
        } else {
            row.status = .undetermined
        }
        guard row.status == .offTrack || row.status == .missed else { return (row, nil) }
        let finding = describe(c, target, row: row, first: first, last: last, goal: goal, path: path, message: &message)
        return (row, finding)
    }

    /// A value of indicator `i` for a progress row: the number itself where its text is the
    /// number's (an exact figure of a numeric indicator, as ``FindingsContext/text(_:_:)``
    /// writes it), else that text.
    private static func figure(_ c: FindingsContext, _ v: Interval, _ i: Int, isLevel: Bool) -> ProgressFigure {
        if !isLevel && v.isPoint && v.low.isFinite { return ProgressFigure(number: v.low) }
        return ProgressFigure(text: c.text(v, i))
    }

    /// The end of the target that states what is asked: the lower end for `higher`, the upper for
    /// `lower`; with no direction, the end nearer the baseline (nil when the baseline is inside).
    private static func askedEnd(_ goal: Interval, direction: Direction?, from baseline: Interval) -> Double? {
        let end: Double
        switch direction {
        case .higher: end = goal.low
        case .lower: end = goal.high
        case nil:
            let m = middle(baseline)
            end = m < goal.low ? goal.low : m > goal.high ? goal.high : m
        }
        return end.isFinite ? end : nil
    }

    private static func middle(_ i: Interval) -> Double {
        if i.low.isFinite && i.high.isFinite { return (i.low + i.high) / 2 }
        return i.low.isFinite ? i.low : i.high
    }

    private static func ratio(_ first: Observation, _ last: Observation, asked: Double?, year: Int, direction: Direction?) -> Double? {
        guard let asked, first.value.isPoint, last.value.isPoint, last.period > first.period, year > first.period else { return nil }
        let b = first.value.low
        let required = (asked - b) * Double(last.period - first.period) / Double(year - first.period)
        let sign: Double
        switch direction {
        case .higher: sign = 1
        case .lower: sign = -1
        case nil: sign = required >= 0 ? 1 : -1
        }
        guard required * sign > 0, Verdict.order(asked, b) != 0 else { return nil }
        return (last.value.low - b) / required
    }

    private static func describe(
        _ c: FindingsContext, _ target: Target, row: ProgressRow, first: Observation, last: Observation, goal: Interval,
        path: Interval?, message: inout MessageText
    ) -> Finding {
        let i = target.indicator
        let year = target.year
        let value = row.value ?? c.text(last.value, i)
        // "NAME missed its YEAR target for “INDICATOR” (TARGET): the YEAR value is FIGURE[SOURCE]."
        // "NAME is off track for its YEAR target for “INDICATOR” (TARGET): ..."
        message.clear()
        c.addUnitName(target.unit, year, to: &message)
        message.add(row.status == .missed ? " missed its " : " is off track for its ")
        message.add(year)
        message.add(" target for ")
        c.addIndicatorName(i, to: &message)
        message.add(" (")
        message.add(target.text)
        message.add("): ")
        if row.status == .missed {
            message.add("the ")
            message.add(year)
            message.add(" value is ")
            c.say(last.value, i, to: &message)
            addSource(c, target.unit, i, last.k, to: &message)
            message.add(".")
            return Finding(
                kind: .missed, severity: .warning, unit: target.unit, indicator: i, period: year, value: value,
                expected: c.text(goal, i), messageUTF8: message.exactBytes)
        }
        let expected: String
        if c.isLevel(i) && first.period != last.period {
            // "LAST in PERIOD[SOURCE], no higher than FIRST in PERIOD"
            c.say(last.value, i, to: &message)
            message.add(" in ")
            message.add(last.period)
            addSource(c, target.unit, i, last.k, to: &message)
            message.add(", no higher than ")
            c.say(first.value, i, to: &message)
            message.add(" in ")
            message.add(first.period)
            expected = c.text(goal, i)
        } else if let path {
            // "LAST in PERIOD[SOURCE], against PATH on the straight path from FIRST in PERIOD[ (progress ratio R; on track needs T)]"
            c.say(last.value, i, to: &message)
            message.add(" in ")
            message.add(last.period)
            addSource(c, target.unit, i, last.k, to: &message)
            message.add(", against ")
            c.say(path, i, to: &message)
            message.add(" on the straight path from ")
            c.say(first.value, i, to: &message)
            message.add(" in ")
            message.add(first.period)
            if let ratio = row.progressRatio {
                message.add(" (progress ratio ")
                message.add(readable: ratio)
                message.add("; on track needs ")
                message.add(readable: c.options.onTrackRatio)
                message.add(")")
            }
            expected = c.text(path, i)
        } else {
            // "its only value, LAST in PERIOD[SOURCE], does not meet the target and no progress since a baseline can be measured"
            message.add("its only value, ")
            c.say(last.value, i, to: &message)
            message.add(" in ")
            message.add(last.period)
            addSource(c, target.unit, i, last.k, to: &message)
            message.add(", does not meet the target and no progress since a baseline can be measured")
            expected = c.text(goal, i)
        }
        message.add(".")
        return Finding(
            kind: .offTrack, severity: .warning, unit: target.unit, indicator: i, period: year, value: value,
            expected: expected, messageUTF8: message.exactBytes)
    }

    /// Appends ", rolled up from its children (coverage 60%)" for a rolled-up value of `unit`
    /// for indicator `i` in period `k`; nothing for a report.
    static func addSource(_ c: FindingsContext, _ unit: Int, _ i: Int, _ k: Int, to text: inout MessageText) {
        guard let p = c.position(unit, period: k), i < c.rollup.periods[k].columns.count else { return }
        // Subscript chains borrow the column in place (no copy of it, no retain of its arrays).
        guard p < c.rollup.periods[k].columns[i].sources.count, c.rollup.periods[k].columns[i].sources[p] == .rollup,
            p < c.rollup.periods[k].columns[i].coverage.count
        else { return }
        let coverage = c.rollup.periods[k].columns[i].coverage[p]
        text.add(", rolled up from its children")
        guard coverage < c.options.completeCoverage else { return }
        text.add(" (coverage ")
        text.add(FigureText.percent(coverage))
        text.add(")")
    }
}
