import RollupModel

/// `target_below_parent`: a unit's target that asks less than the target of its nearest ancestor
/// with a target for the same indicator and year (in the target year's tree).
///
/// Targets are compared as intervals by the end that states what is asked: with `higher` (a level
/// scale counts as `higher`) the lower end (`≥ 95` asks 95 or more, `100` asks 100, `28-30` asks
/// 28 or more); with `lower` the upper end (`<3` asks less than 3). A child asking a strictly
/// smaller (`higher`) or larger (`lower`) number (`≥ 85` under `≥ 95`; `<3,5` under `<3` for a
/// lower-is-better indicator) is a **warning**. A child asking more (`<45` under `<60`) or the
/// same number is no finding: targets naming the same number are taken as equally ambitious,
/// whether an end is open or not (`4` under `<4`, `95` under `> 95`). Indicators without a
/// direction are not compared (a child's figure may rightly differ from its parent's).
enum TargetBelowParentCheck {
    static func run(_ c: FindingsContext) -> [Finding] {
        var findings: [Finding] = []
        run(c, targets: c.dataset.targets.targets.indices, into: &findings)
        return findings
    }

    /// Checks the targets `range` of `c.dataset.targets`, appending what it finds to `findings`.
    static func run(_ c: FindingsContext, targets range: Range<Int>, into findings: inout [Finding]) {
        // Findings are put in listing order afterwards.
        c.forEachTarget(in: range) { n, tree in check(c, n, tree: tree, into: &findings) }
    }

    /// Checks target `n` of `c.dataset.targets`, whose year's tree is `tree`.
    private static func check(_ c: FindingsContext, _ n: Int, tree: Hierarchy, into findings: inout [Finding]) {
        let target = c.dataset.targets.targets[n]
        guard let direction = c.direction(indicatorAt: target.indicator), let own = c.targetInterval(n, indicatorAt: target.indicator)
        else { return }
        guard target.unit < tree.positionOf.count else { return }
        var p = Int(tree.positionOf[target.unit])
        guard p >= 0 else { return }
        var ancestorUnit: Int?
        var theirs: Interval?
        while ancestorUnit == nil {
            p = Int(tree.parentAt[p])
            guard p >= 0 else { break }
            let u = Int(tree.unitAt[p])
            guard c.hasTarget(unit: u, indicator: target.indicator, year: target.year) else { continue }
            ancestorUnit = u
            theirs = c.targetInterval(unit: u, indicator: target.indicator, year: target.year)
        }
        guard let ancestorUnit, let theirs else { return }
        let asksLess = direction == .higher ? Verdict.order(own.low, theirs.low) < 0 : Verdict.order(own.high, theirs.high) > 0
        guard asksLess else { return }
        let year = target.year
        let i = target.indicator
        let name = c.unitName(target.unit, year)
        guard let ancestor = c.target(unit: ancestorUnit, indicator: i, year: year) else { return }
        let above = c.unitName(ancestor.unit, year)
        let better = direction == .higher ? "higher is better" : "lower is better"
        var message =
            "\(name)'s \(year) target for \(c.indicatorName(i)) (\(target.text)) asks less than that of \(above) (\(ancestor.text)), \(better)"
        if let scale = c.dataset.indicators[i].levelScale,
            let mine = scale.level(atRank: Int(direction == .higher ? own.low : own.high)),
            let their = scale.level(atRank: Int(direction == .higher ? theirs.low : theirs.high))
        {
            message += ": \(mine) is below \(their) on the scale \(scale.levels.joined(separator: " < "))"
        }
        findings.append(
            Finding(
                kind: .targetBelowParent, severity: .warning, unit: target.unit, indicator: i, period: year,
                value: c.text(own, i), expected: c.text(theirs, i), message: message + "."))

    }
}
