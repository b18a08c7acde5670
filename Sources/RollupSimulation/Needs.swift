import RollupFindings
import RollupModel

/// What each child of a parent would need so that the children's targets meet the parent's
/// target, under the two methods of `needs.csv`.
public struct Needs: Sendable, Hashable {
    /// One child.
    public struct Line: Sendable, Hashable {
        /// The unit index.
        public var unit: Int
        /// Its weight in the roll-up (1 when unweighted).
        public var weight: Double
        /// Whether it was held at its current target.
        public var held: Bool
        /// Its target as written; empty without one.
        public var current: String
        /// Its target under the common floor (its current one where it keeps it); `nil` when
        /// unreachable, or for a held child without a target.
        public var floor: String?
        /// Its target under the proportional uplift; `nil` when not computed.
        public var uplift: String?
    }

    /// The parent's target.
    public var parent: TargetKey
    /// The parent's target as written.
    public var parentTarget: String
    /// Why nothing could be solved (no target, a leaf, no direction, a ratio, ...); `nil` when
    /// solved.
    public var reason: String?
    /// How the children combine.
    public var rule: NeedsRule?
    /// The weights, as the findings use them.
    public var weighting: ChildrenTargets.Weighting?
    /// Met, reachable or unreachable.
    public var outcome: NeedsOutcome?
    /// The common floor F, as text.
    public var floor: String?
    /// The proportional uplift's fraction of every free child's gap to the best (0 to 1).
    public var fraction: Double?
    /// Why the proportional uplift was not computed, when it was not.
    public var upliftNote: String?
    /// The children's targets rolled up as the findings roll them up (the planned children's).
    public var planned: String?
    /// The best value a child can plan, as text (empty when unbounded).
    public var best: String
    /// The children, in tree order.
    public var lines: [Line]
}

extension PlanSimulation {
    /// What the children of the target `key` would need, holding the children in `holds` at their
    /// current targets.
    ///
    /// Every figure is taken by the end it asks for (the lower end of a higher-is-better target,
    /// the upper end of a lower-is-better one; a target's open end counts as closed, as the
    /// findings compare targets), with the weights of the findings. The common floor F is the
    /// least level such that raising every free child below F (and every free child without a
    /// target) to F meets the parent's target; the proportional uplift closes every free child's
    /// gap to the best possible value (the indicator's `high`, or `low` when lower is better) by
    /// the same fraction, a free child without a target (no gap of its own) being given the
    /// parent's target. A held child without a target counts at the worst possible value. Needed figures are rounded
    /// towards better to 6 significant digits, so the rounded plan still meets the target.
    public func needs(_ key: TargetKey, holds: Set<Int> = []) -> Needs {
        var needs = Needs(
            parent: key, parentTarget: plan.target(key)?.text ?? "", reason: nil, rule: nil, weighting: nil, outcome: nil, floor: nil,
            fraction: nil, upliftNote: nil, planned: nil, best: "", lines: [])
        let indicator = dataset.indicators[key.indicator]
        guard let target = plan.target(key) else {
            needs.reason = "it has no target for that indicator and year"
            return needs
        }
        guard let direction = checks.direction(key.indicator) else {
            needs.reason = "the indicator has no direction (higher or lower is better), so no child target can be said to be needed"
            return needs
        }
        switch indicator.aggregation {
        case .ratio:
            needs.reason = "a ratio's target cannot be derived from its children's ratio targets"
            return needs
        case .none:
            needs.reason = "the indicator does not roll up"
            return needs
        default: break
        }
        guard let children = checks.childrenTargets(of: target, in: plan) else {
            needs.reason = "it has no children in the \(key.year) tree, or none of them has a target for it"
            return needs
        }
        guard let goalInterval = checks.interval(of: target) else {
            needs.reason = "its target cannot be read as a figure"
            return needs
        }
        let higher = direction == .higher
        let sign = higher ? 1.0 : -1.0
        let goal = higher ? goalInterval.low : -goalInterval.high
        guard goal.isFinite else {
            needs.reason = "its target sets no limit on the side it asks for"
            return needs
        }
        let range = checks.validRange(key.indicator)
        let best = higher ? range.high : -range.low
        let worst = higher ? range.low : -range.high
        let rule: NeedsRule
        let totalWeight = children.children.reduce(0) { $0 + $1.weight }
        switch (children.aggregation, children.weighting) {
        case (_, .anyWeights): rule = .minimum
        case (.sum, _): rule = .sum
        case (.mean, _), (.shareOfUnits, _): rule = .weighted
        case (.weightedMean, _): rule = totalWeight > 0 ? .weighted : .minimum
        case (.min, _): rule = higher ? .minimum : .maximum
        case (.max, _): rule = higher ? .maximum : .minimum
        case (.worstLevel, _): rule = .minimum
        default:
            needs.reason = "the indicator's aggregation has no roll-up of targets"
            return needs
        }
        needs.rule = rule
        needs.weighting = children.weighting
        needs.planned = children.planned.map { checks.readable($0, indicator: key.indicator) }
        let problem = NeedsProblem(
            rule: rule,
            children: children.children.map { child in
                let end = child.target.map { higher ? $0.low : -$0.high }
                return NeedsChild(current: end.flatMap { $0.isFinite ? $0 : nil }, weight: child.weight, held: holds.contains(child.unit))
            }, goal: goal, best: best, worst: worst)
        var solution = NeedsSolver.rounded(problem, NeedsSolver.solve(problem))
        let levels = indicator.levelScale
        if levels != nil, solution.outcome == .reachable {
            solution.fraction = nil
            solution.upliftTargets = nil
            solution.upliftNote = "levels are ranks, not amounts"
        }
        func text(_ x: Double) -> String {
            let value = sign * x
            if let levels {
                let rank = Int((value - 1e-9).rounded(.up))
                return levels.level(atRank: max(0, rank)) ?? NumberFormat.text(value)
            }
            return NumberFormat.text(value)
        }
        needs.outcome = solution.outcome
        needs.floor = solution.outcome == .reachable ? solution.floor.map(text) : nil
        needs.fraction = solution.outcome == .reachable ? solution.fraction : nil
        needs.upliftNote = solution.upliftNote
        needs.best = best.isFinite ? text(best) : ""
        for (n, child) in children.children.enumerated() {
            let c = problem.children[n]
            let current = child.text ?? ""
            func shown(_ x: Double?) -> String? {
                guard let x else { return nil }
                if let now = c.current, x == now { return current }
                return text(x)
            }
            let unreachable = solution.outcome == .unreachable
            needs.lines.append(
                Needs.Line(
                    unit: child.unit, weight: child.weight, held: c.held, current: current,
                    floor: unreachable ? nil : shown(solution.floorTargets[n]),
                    uplift: unreachable ? nil : solution.upliftTargets.flatMap { shown($0[n]) }))
        }
        return needs
    }

    /// ``needs(_:holds:)`` for every target with a `children_cannot_reach_target` finding in the
    /// current plan, by unit, indicator, year.
    public func allNeeds(holds: Set<Int> = []) -> [Needs] {
        unreachableParents().map { needs($0, holds: holds) }
    }
}
