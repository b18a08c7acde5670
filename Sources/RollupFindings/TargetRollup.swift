import RollupKernel
import RollupModel

/// The roll-up of the children's targets for one parent, indicator and year, as intervals, with
/// the indicator's own aggregation; shared by the reachability check and its tests.
///
/// Which weights a weighted mean uses:
/// - `weighted_mean`: the children's (rolled-up) values of the weight indicator in the latest
///   period in which every child has an exact, non-negative one; when no period has, the roll-up
///   is the range of the children's targets (true whatever the weights);
/// - `share_of_units`: the number of leaves below each child in the target year's tree;
/// - `sum`, `mean`, `min`, `max`, `worst_level`: each child once.
///
/// `ratio` and `none` are not rolled up (a ratio's target cannot be derived from the children's
/// ratio targets without targets for its numerator and denominator; `none` has no roll-up).
struct TargetRollup {
    /// What the children's targets were weighted by.
    enum Basis: Sendable, Hashable {
        /// Each child once (sum, mean, min, max, worst_level).
        case each
        /// The weight indicator's values of a period.
        case period(weight: Int, period: Int)
        /// The number of leaves below each child.
        case leaves
        /// No period has a weight for every child: any weighting (the range of the targets).
        case anyWeights(weight: Int)
    }

    /// One child: its unit, its target (nil when it has none) and its weight.
    struct Child {
        var unit: Int
        var target: Interval?
        var text: String?
        var weight: Double
    }

    let aggregation: Aggregation
    let basis: Basis
    let children: [Child]
    /// The roll-up of the children having a target.
    let planned: Interval?
    /// The roll-up with every child without a target at any valid value.
    let complete: Interval?

    var unplanned: [Child] { children.filter { $0.target == nil } }
    var plannedChildren: [Child] { children.filter { $0.target != nil } }

    /// Whether the basis has real weights (so shares of weight are meaningful).
    var weighted: Bool {
        switch basis {
        case .period, .leaves: return true
        case .each, .anyWeights: return false
        }
    }

    /// The unplanned children's share of the weight (of the children when unweighted), 0 to 1.
    var unplannedShare: Double {
        let total = weighted ? children.reduce(0) { $0 + $1.weight } : Double(children.count)
        guard total > 0 else { return 0 }
        let part = weighted ? unplanned.reduce(0) { $0 + $1.weight } : Double(unplanned.count)
        return part / total
    }

    /// Rolls up the children of `position` in `tree` for `target`'s indicator and year; `nil` for
    /// ratio and none indicators, a leaf, or no child with a target.
    static func make(_ target: Target, position: Int, tree: Hierarchy, _ c: FindingsContext) -> TargetRollup? {
        let indicator = c.dataset.indicators[target.indicator]
        switch indicator.aggregation {
        case .ratio, .none: return nil
        default: break
        }
        let childPositions = tree.children(of: position)
        guard !childPositions.isEmpty else { return nil }
        var children: [Child] = []
        for cp in childPositions {
            let u = Int(tree.unitAt[cp])
            let t = c.target(unit: u, indicator: target.indicator, year: target.year)
            let interval = t.flatMap { c.interval(of: $0.figure, indicator) }
            children.append(Child(unit: u, target: interval, text: interval == nil ? nil : t?.text, weight: 1))
        }
        guard children.contains(where: { $0.target != nil }) else { return nil }
        var basis = Basis.each
        switch indicator.aggregation {
        case .weightedMean(let w):
            if let (k, weights) = latestWeights(children.map(\.unit), weight: w, c) {
                basis = .period(weight: w, period: c.rollup.periods[k].period)
                for n in children.indices { children[n].weight = weights[n] }
            } else {
                basis = .anyWeights(weight: w)
            }
        case .shareOfUnits:
            basis = .leaves
            for (n, cp) in childPositions.enumerated() { children[n].weight = Double(tree.leafCount[cp]) }
        default:
            break
        }
        let range = c.validRange(indicator)
        let planned = combine(children.compactMap { child in child.target.map { ($0, child.weight) } }, indicator.aggregation, basis)
        let complete = combine(children.map { ($0.target ?? range, $0.weight) }, indicator.aggregation, basis)
        return TargetRollup(
            aggregation: indicator.aggregation, basis: basis, children: children, planned: planned, complete: complete)
    }

    /// The latest period in which every unit has an exact, non-negative value of `weight`.
    static func latestWeights(_ units: [Int], weight: Int, _ c: FindingsContext) -> (Int, [Double])? {
        for k in c.rollup.periods.indices.reversed() {
            var weights: [Double] = []
            weights.reserveCapacity(units.count)
            for u in units {
                guard let w = c.effective(u, weight, period: k), w.isPoint, w.low >= 0, w.low.isFinite else { break }
                weights.append(w.low)
            }
            if weights.count == units.count { return (k, weights) }
        }
        return nil
    }

    /// Combines children's intervals with their weights.
    static func combine(_ items: [(Interval, Double)], _ aggregation: Aggregation, _ basis: Basis) -> Interval? {
        guard !items.isEmpty else { return nil }
        switch aggregation {
        case .sum:
            var state = SumState()
            for (x, _) in items { state.add(x) }
            return state.finalize()
        case .mean:
            var state = MeanState()
            for (x, _) in items { state.add(x) }
            return state.finalize()
        case .min, .worstLevel, .max:
            var state = ExtremumState(takesMaximum: aggregation == .max)
            for (x, _) in items { state.add(x) }
            return state.finalize()
        case .weightedMean, .shareOfUnits:
            if case .anyWeights = basis { return hull(items.map(\.0)) }
            var state = WeightedMeanState()
            for (x, w) in items { state.add(x, weight: w) }
            return state.finalize() ?? hull(items.map(\.0))
        case .ratio, .none:
            return nil
        }
    }

    /// The smallest interval holding every one given.
    static func hull(_ intervals: [Interval]) -> Interval? {
        guard var result = intervals.first else { return nil }
        for x in intervals.dropFirst() {
            if x.low < result.low || (x.low == result.low && x.includesLow) {
                result.includesLow = x.low < result.low ? x.includesLow : (result.includesLow || x.includesLow)
                result.low = x.low
            }
            if x.high > result.high || (x.high == result.high && x.includesHigh) {
                result.includesHigh = x.high > result.high ? x.includesHigh : (result.includesHigh || x.includesHigh)
                result.high = x.high
            }
        }
        return result
    }

    /// What the unplanned children would need, together (sum) or on average (means), for the
    /// planned ones' best case to reach the parent's target; `nil` where it is not a linear
    /// question (min, max, levels, no weights) or cannot be said.
    func need(_ parent: Interval, _ direction: Direction?) -> (Double, together: Bool)? {
        let unplanned = self.unplanned
        guard !unplanned.isEmpty, let direction else { return nil }
        let together: Bool
        switch aggregation {
        case .sum: together = true
        case .mean, .weightedMean, .shareOfUnits: together = false
        default: return nil
        }
        if case .anyWeights = basis { return nil }
        let threshold = direction == .higher ? parent.low : parent.high
        guard threshold.isFinite else { return nil }
        var best = ExactSum()
        var total = ExactSum()
        var unplannedWeight = ExactSum()
        for child in children {
            total.add(child.weight)
            if let t = child.target {
                let end = direction == .higher ? t.high : t.low
                guard end.isFinite else { return nil }
                best.add(end * child.weight)
            } else {
                unplannedWeight.add(child.weight)
            }
        }
        if together { return (threshold - best.total, true) }
        let wu = unplannedWeight.total
        guard wu > 0 else { return nil }
        return ((threshold * total.total - best.total) / wu, false)
    }
}
