import RollupModel

/// `missing_report`: a leaf of the latest period's tree that has no value for an indicator in the
/// latest period but reported one in an earlier period (a **warning**; the message names the last
/// period it reported, and `expected` holds that figure for reference).
///
/// Also `missing_own_report` (rollup's own kind, **info**): an internal unit with no value at all
/// in the latest period (neither its own report nor a roll-up from its children) that reported
/// its own figure in an earlier period.
enum MissingReportCheck {
    static func run(_ c: FindingsContext) -> [Finding] {
        var findings: [Finding] = []
        for i in 0..<c.dataset.indicators.count {
            run(c, indicator: i, positions: 0..<Int.max, into: &findings)
        }
        return findings
    }

    /// Checks indicator `i` at the positions `positions` (clipped to the tree) of the latest
    /// period's tree, appending what it finds to `findings`.
    static func run(_ c: FindingsContext, indicator i: Int, positions: Range<Int>, into findings: inout [Finding]) {
        guard let last = c.dataset.periods.indices.last, last < c.rollup.periods.count, last < c.dataset.reported.count, last > 0 else {
            return
        }
        let tree = c.rollup.periods[last].tree
        let latest = c.dataset.periods[last]
        guard i < c.dataset.indicators.count, i < c.dataset.reported[last].count, i < c.rollup.periods[last].columns.count else { return }
        let reportedNow = c.dataset.reported[last][i]
        let effectiveNow = c.rollup.periods[last].columns[i]
        guard reportedNow.count == tree.count else { return }
        let hasIntervals = reportedNow.hasIntervals
        // One buffer for every message; each finding keeps a copy of its own size.
        var message = MessageText(capacity: 256)
        // What follows the figure depends only on the earlier period and on whether the unit is
        // a leaf: made once per pair (most findings of a large tree share a handful).
        var tails: [[UInt8]?] = Array(repeating: nil, count: 2 * last)
        for p in positions.clamped(to: 0..<tree.count) {
            // A value now, reported or computed (a leaf's ratio, an internal unit's roll-up), is no gap.
            // The effective value first: most units have one, and it needs no look-up of intervals.
            if p < effectiveNow.sources.count && effectiveNow.sources[p] != .none { continue }
            if !reportedNow.values[p].isNaN || (hasIntervals && reportedNow.isPresent(p)) { continue }
            let leaf = tree.isLeaf(p)
            let unit = Int(tree.unitAt[p])
            guard let (k, before) = lastReport(c, unit, i, before: last) else { continue }
            let period = c.dataset.periods[k]
            // "NAME reported FIGURE for “INDICATOR” in PERIOD but nothing in LATEST, the latest period."
            let slot = 2 * k + (leaf ? 1 : 0)
            if tails[slot] == nil {
                message.clear()
                message.add(" for ")
                c.addIndicatorName(i, to: &message)
                message.add(" in ")
                message.add(period)
                message.add(leaf ? " but nothing in " : " but has no value in ")
                message.add(latest)
                message.add(
                    leaf ? ", the latest period." : ", the latest period: neither its own report nor one from its children.")
                tails[slot] = message.exactBytes
            }
            message.clear()
            c.addUnitName(unit, latest, to: &message)
            message.add(leaf ? " reported " : " reported its own ")
            c.say(before, i, to: &message)
            if let tail = tails[slot] { message.add(utf8: tail) }
            findings.append(
                Finding(
                    kind: leaf ? .missingReport : .missingOwnReport, severity: leaf ? .warning : .info, unit: unit, indicator: i,
                    period: latest, value: "", expected: c.text(before, i), messageUTF8: message.exactBytes))
        }
    }

    /// The latest period before `last` in which `unit` reported `indicator` itself, and the figure.
    private static func lastReport(_ c: FindingsContext, _ unit: Int, _ indicator: Int, before last: Int) -> (Int, Interval)? {
        var k = last - 1
        while k >= 0 {
            if let x = c.reported(unit, indicator, period: k) { return (k, x) }
            k -= 1
        }
        return nil
    }
}
