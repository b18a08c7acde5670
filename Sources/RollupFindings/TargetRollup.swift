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
        var children: [Child] = []
        guard let folded = fold(target, position: position, tree: tree, c, keep: true, children: &children) else { return nil }
        return TargetRollup(
            aggregation: folded.aggregation, basis: folded.basis, children: children, planned: folded.planned,
            complete: folded.complete)
    }

    /// The two roll-ups and how many children have no target: what the check decides on, without
    /// the list of children (no allocation). `nil` exactly when ``make(_:position:tree:_:)`` is.
    static func summary(_ target: Target, position: Int, tree: Hierarchy, _ c: FindingsContext) -> Summary? {
        var none: [Child] = []
        guard let folded = fold(target, position: position, tree: tree, c, keep: false, children: &none) else { return nil }
        return Summary(planned: folded.planned, complete: folded.complete, unplannedCount: folded.unplannedCount)
    }

    /// The roll-ups of ``summary(_:position:tree:_:)``.
    struct Summary {
        /// The roll-up of the children having a target.
        var planned: Interval?
        /// The roll-up with every child without a target at any valid value.
        var complete: Interval?
        /// The number of children without a target.
        var unplannedCount: Int
    }

    /// The one roll-up of children's targets behind ``make(_:position:tree:_:)`` and
    /// ``summary(_:position:tree:_:)``: visits the children in tree order, appending each to
    /// `children` when `keep` is set.
    private static func fold(
        _ target: Target, position: Int, tree: Hierarchy, _ c: FindingsContext, keep: Bool, children: inout [Child]
    ) -> (aggregation: Aggregation, basis: Basis, planned: Interval?, complete: Interval?, unplannedCount: Int)? {
        guard target.indicator >= 0, target.indicator < c.dataset.indicators.count, position >= 0, position < tree.count
        else { return nil }
        let aggregation = c.dataset.indicators.indicators[target.indicator].aggregation
        switch aggregation {
        case .ratio, .none: return nil
        default: break
        }
        let childPositions = tree.children(of: position)
        guard !childPositions.isEmpty else { return nil }
        let (i, year) = (target.indicator, target.year)
        guard childPositions.contains(where: { c.targetInterval(unit: Int(tree.unitAt[$0]), indicator: i, year: year) != nil })
        else { return nil }
        var basis = Basis.each
        var weightPeriod = 0
        switch aggregation {
        case .weightedMean(let w):
            if let k = latestWeightPeriod(childPositions, tree: tree, weight: w, c) {
                basis = .period(weight: w, period: c.rollup.periods[k].period)
                weightPeriod = k
            } else {
                basis = .anyWeights(weight: w)
            }
        case .shareOfUnits:
            basis = .leaves
        default:
            break
        }
        let range = c.validRange(indicatorAt: i)
        var planned = Combiner(aggregation, basis)
        var complete = Combiner(aggregation, basis)
        var unplannedCount = 0
        for cp in childPositions {
            let u = Int(tree.unitAt[cp])
            let interval = c.targetInterval(unit: u, indicator: i, year: year)
            var weight = 1.0
            switch basis {
            case .period(let w, _):
                // Every child has an exact weight in that period (latestWeightPeriod).
                weight = c.effective(u, w, period: weightPeriod)?.low ?? 0
            case .leaves:
                weight = Double(tree.leafCount[cp])
            case .each, .anyWeights:
                break
            }
            if let interval {
                planned.add(interval, weight: weight)
            } else {
                unplannedCount += 1
            }
            complete.add(interval ?? range, weight: weight)
            if keep {
                let text = interval == nil ? nil : c.target(unit: u, indicator: i, year: year)?.text
                children.append(Child(unit: u, target: interval, text: text, weight: weight))
            }
        }
        return (aggregation, basis, planned.finalize(), complete.finalize(), unplannedCount)
    }

    /// The latest period in which every child has an exact, non-negative, finite value of
    /// `weight`.
    private static func latestWeightPeriod(_ children: Range<Int>, tree: Hierarchy, weight: Int, _ c: FindingsContext) -> Int? {
        for k in c.rollup.periods.indices.reversed() {
            let everyChild = children.allSatisfy { cp in
                guard let w = c.effective(Int(tree.unitAt[cp]), weight, period: k) else { return false }
                return w.isPoint && w.low >= 0 && w.low.isFinite
            }
            if everyChild { return k }
        }
        return nil
    }

    /// Combines children's intervals with their weights, in order, as the indicator's
    /// aggregation does (see the type's documentation).
    struct Combiner {
        /// The aggregation, without its payload (no copy of a level scale per child).
        private enum Kind {
            case sum, mean, extremum, weighted, nothing
        }

        private let kind: Kind
        private let anyWeights: Bool
        private var sum = SumState()
        private var mean = MeanState()
        private var extremum: ExtremumState
        private var weighted = WeightedMeanState()
        private var hull: Interval?
        private var count = 0

        /// An empty combination for `aggregation` weighted by `basis`.
        init(_ aggregation: Aggregation, _ basis: Basis) {
            switch aggregation {
            case .sum: kind = .sum
            case .mean: kind = .mean
            case .min, .worstLevel, .max: kind = .extremum
            case .weightedMean, .shareOfUnits: kind = .weighted
            case .ratio, .none: kind = .nothing
            }
            if case .anyWeights = basis { anyWeights = true } else { anyWeights = false }
            if case .max = aggregation {
                extremum = ExtremumState(takesMaximum: true)
            } else {
                extremum = ExtremumState(takesMaximum: false)
            }
        }

        /// Adds one child's interval with its weight.
        mutating func add(_ x: Interval, weight: Double) {
            count += 1
            switch kind {
            case .sum: sum.add(x)
            case .mean: mean.add(x)
            case .extremum: extremum.add(x)
            case .weighted:
                if !anyWeights { weighted.add(x, weight: weight) }
                hull = TargetRollup.widen(hull, x)
            case .nothing: break
            }
        }

        /// The combination; `nil` when nothing was added, for `ratio` and `none`.
        func finalize() -> Interval? {
            guard count > 0 else { return nil }
            switch kind {
            case .sum: return sum.finalize()
            case .mean: return mean.finalize()
            case .extremum: return extremum.finalize()
            case .weighted: return anyWeights ? hull : weighted.finalize() ?? hull
            case .nothing: return nil
            }
        }
    }

    /// Combines children's intervals with their weights.
    static func combine(_ items: [(Interval, Double)], _ aggregation: Aggregation, _ basis: Basis) -> Interval? {
        var combiner = Combiner(aggregation, basis)
        for (x, w) in items { combiner.add(x, weight: w) }
        return combiner.finalize()
    }

    /// The smallest interval holding every one given.
    static func hull(_ intervals: [Interval]) -> Interval? {
        var result: Interval?
        for x in intervals { result = widen(result, x) }
        return result
    }

    /// The smallest interval holding `hull` (if any) and `x`.
    static func widen(_ hull: Interval?, _ x: Interval) -> Interval {
        guard var result = hull else { return x }
        if x.low < result.low || (x.low == result.low && x.includesLow) {
            result.includesLow = x.low < result.low ? x.includesLow : (result.includesLow || x.includesLow)
            result.low = x.low
        }
        if x.high > result.high || (x.high == result.high && x.includesHigh) {
            result.includesHigh = x.high > result.high ? x.includesHigh : (result.includesHigh || x.includesHigh)
            result.high = x.high
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
