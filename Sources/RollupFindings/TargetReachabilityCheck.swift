import RollupKernel
import RollupModel

/// `children_cannot_reach_target`: whether the children's own targets for a year, rolled up with
/// the indicator's aggregation (see ``TargetRollup``), can meet their parent's target.
///
/// For each target of a unit with children in the target year's tree, at least one of which has
/// a target for the same indicator and year:
/// - **error** when the roll-up definitely cannot meet the parent's target, even with every
///   child without a target at the best value the indicator allows;
/// - **warning** when every child has a target and the roll-up straddles the parent's target
///   (it may or may not be met: bounds, ranges, or unknown weights);
/// - **warning** when some children have no target and those that do cannot meet the parent's
///   target on their own, or may not: the message gives the unplanned share of the weight and,
///   for sums and means, what the unplanned children would need;
/// - nothing when the roll-up of the children with targets meets the parent's target.
///
/// Meeting follows ``Verdict``: `higher` compares the best case with the target's lower end,
/// `lower` with its upper end; with no direction the roll-up must lie inside the target (a level
/// scale is `higher`). Targets are compared by the numbers they name: children planning 4 reach a
/// parent's `<4` (the parent's open ends count as closed). `ratio` and `none` indicators are
/// skipped.
enum TargetReachabilityCheck {
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
        guard target.unit < tree.positionOf.count else { return }
        let position = Int(tree.positionOf[target.unit])
        guard position >= 0, !tree.isLeaf(position) else { return }
        guard let written = c.targetInterval(n, indicatorAt: target.indicator),
            let rollup = TargetRollup.summary(target, position: position, tree: tree, c),
            let planned = rollup.planned, let complete = rollup.complete
        else { return }
        // Targets naming the same number are equally ambitious: an open end of the parent's
        // target (`<4`, `> 95`) is reached by children planning that number.
        let goal = Interval(low: written.low, high: written.high)
        let direction = c.direction(indicatorAt: target.indicator)
        let completeVerdict = Verdict.of(complete, against: goal, direction: direction)
        let plannedVerdict = Verdict.of(planned, against: goal, direction: direction)
        let severity: Severity
        let shown: Interval
        if completeVerdict == .notMet {
            severity = .error
            shown = complete
        } else if rollup.unplannedCount == 0 {
            guard completeVerdict == .undetermined else { return }
            severity = .warning
            shown = complete
        } else {
            guard plannedVerdict != .met else { return }
            severity = .warning
            shown = planned
        }
        // A finding: the roll-up again, with its children, for the message.
        guard let full = TargetRollup.make(target, position: position, tree: tree, c) else { return }
        let message = describe(
            c, target, rollup: full, goal: goal, shown: shown, direction: direction, severity: severity,
            plannedVerdict: plannedVerdict)
        findings.append(
            Finding(
                kind: .childrenCannotReachTarget, severity: severity, unit: target.unit, indicator: target.indicator,
                period: target.year, value: c.text(shown, target.indicator), expected: c.text(written, target.indicator),
                message: message))

    }

    private static func describe(
        _ c: FindingsContext, _ target: Target, rollup: TargetRollup, goal: Interval, shown: Interval,
        direction: Direction?, severity: Severity, plannedVerdict: Verdict
    ) -> String {
        let i = target.indicator
        let year = target.year
        let parent = c.unitName(target.unit, year)
        // Units, named only as far as they are listed.
        let planned = rollup.plannedChildren.map(\.unit)
        let unplanned = rollup.unplanned.map(\.unit)
        let side: String
        switch direction {
        case .higher: side = "below"
        case .lower: side = "above"
        case nil: side = "outside"
        }
        let goalText = "\(year) target of \(parent) for \(c.indicatorName(i)) (\(target.text))"
        let how = basisText(c, rollup, i)
        let share = FigureText.percent(rollup.unplannedShare)
        let shareOf = rollup.weighted ? "of the weight" : "of the children"
        var text: String
        if severity == .error {
            text = "The children's targets cannot reach the \(goalText): "
            if !unplanned.isEmpty {
                text +=
                    "even with the children without a target (\(c.list(units: unplanned, year: year)): \(share) \(shareOf)) at the best value the indicator allows, "
            }
            text += "the targets of \(c.list(units: planned, year: year)) roll up to \(c.say(shown, i)) (\(how)), \(side) the target"
            return text + "."
        }
        if unplanned.isEmpty {
            return "The children's targets may or may not reach the \(goalText): "
                + "the targets of \(c.list(units: planned, year: year)) roll up to \(c.say(shown, i)) (\(how)), which straddles the target."
        }
        if plannedVerdict == .notMet {
            text = "The children with a target cannot reach the \(goalText) on their own: "
            text += "the targets of \(c.list(units: planned, year: year)) roll up to \(c.say(shown, i)) (\(how)), \(side) the target; "
            text +=
                "it can only be met if the children without a target (\(c.list(units: unplanned, year: year)): \(share) \(shareOf)) do better"
        } else {
            text = "The children with a target may or may not reach the \(goalText): "
            text +=
                "the targets of \(c.list(units: planned, year: year)) roll up to \(c.say(shown, i)) (\(how)), which straddles the target; "
            text += "\(share) \(shareOf) (\(c.list(units: unplanned, year: year))) has no target"
        }
        if let (need, together) = rollup.need(goal, direction) {
            let atLeast = direction == .higher ? "at least" : "at most"
            text +=
                together
                ? "; together they would need \(atLeast) \(FigureText.readable(need))"
                : "; they would need \(atLeast) \(FigureText.readable(need)) on average"
            let range = c.validRange(c.dataset.indicators[i])
            if (direction == .higher && need > range.high) || (direction == .lower && need < range.low) {
                text += ", beyond the valid range"
            }
        }
        return text + "."
    }

    /// How the children's targets were combined, for messages.
    static func basisText(_ c: FindingsContext, _ rollup: TargetRollup, _ i: Int) -> String {
        switch rollup.basis {
        case .each:
            switch rollup.aggregation {
            case .sum: return "their sum"
            case .mean: return "their unweighted mean"
            case .min: return "their minimum"
            case .max: return "their maximum"
            case .worstLevel: return "their worst level"
            default: return rollup.aggregation.keyword
            }
        case .period(let w, let period):
            return "weighted by \(c.indicatorName(w)) of \(period), the latest period with a weight for every child"
        case .leaves:
            return "weighted by the number of leaf units below each child"
        case .anyWeights(let w):
            return "no period has a weight \(c.indicatorName(w)) for every child, so for any weights: the range of the children's targets"
        }
    }
}
