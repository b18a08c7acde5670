import RollupModel

/// How a unit's figure for a period was obtained, for periods before a merger.
public enum FigureBasis: String, Sendable, Hashable {
    /// The unit existed then: its own effective value (reported or rolled up).
    case own
    /// The unit did not exist then: its predecessors' figures combined with the indicator's
    /// aggregation and weights.
    case derived
    /// A unit it stands for had several successors: its figures cannot be divided.
    case split
    /// Derived from only some of the units it stands for (the others have no figure): a sum is
    /// then a lower part of the whole, a mean covers only part of it.
    case partial
    /// The indicator has no roll-up (`none`), so predecessors' figures cannot be combined.
    case notAdditive = "not_additive"
    /// Nothing to go on.
    case none
}

/// A unit's figure in a period as seen from a later tree: its own, or derived from the units it
/// replaced.
public struct DerivedFigure: Sendable, Hashable {
    /// The figure (a point when exact); `nil` when there is none.
    public var interval: Interval?
    /// How it was obtained.
    public var basis: FigureBasis
    /// The units whose figures were used (the unit itself for `own`).
    public var sources: [Int]
}

/// Figures of units across changes of the tree: a merged province's 2023 figure is the roll-up
/// of its predecessors' 2023 figures, with the indicator's own aggregation and weights.
///
/// Combining follows the roll-up's rules: sums and means exactly rounded, a weighted mean over
/// predecessors with a weight, a ratio from the derived numerator and denominator, a share of
/// units from the predecessors' leaf counts, the lowest level for qualitative indicators.
public struct DerivedFigures: Sendable {
    let dataset: Dataset
    let rollup: Rollup
    let succession: Succession

    /// Prepares derivations over `dataset` and its roll-up.
    public init(_ dataset: Dataset, _ rollup: Rollup) {
        self.dataset = dataset
        self.rollup = rollup
        self.succession = Succession(dataset.units)
    }

    private func own(_ unit: Int, _ indicator: Int, _ k: Int) -> Interval? {
        let period = rollup.periods[k]
        let p = Int(period.tree.positionOf[unit])
        guard p >= 0 else { return nil }
        return period.columns[indicator].interval(at: p)
    }

    /// The figure of `unit` for `indicator` in the period at `periodIndex`.
    public func figure(unit: Int, indicator: Int, periodIndex k: Int) -> DerivedFigure {
        let year = rollup.periods[k].period
        let (units, split) = succession.sources(of: unit, in: year, catalog: dataset.units)
        if units == [unit] {
            return DerivedFigure(interval: own(unit, indicator, k), basis: .own, sources: [unit])
        }
        if split { return DerivedFigure(interval: nil, basis: .split, sources: units) }
        guard !units.isEmpty else { return DerivedFigure(interval: nil, basis: .none, sources: []) }
        if dataset.indicators[indicator].aggregation == .none {
            return DerivedFigure(interval: nil, basis: .notAdditive, sources: units)
        }
        let combined = combine(units, indicator, k)
        let complete = units.allSatisfy { own($0, indicator, k) != nil }
        return DerivedFigure(interval: combined, basis: combined == nil ? .none : complete ? .derived : .partial, sources: units)
    }

    private func combine(_ units: [Int], _ indicator: Int, _ k: Int) -> Interval? {
        let aggregation = dataset.indicators[indicator].aggregation
        let values = units.compactMap { own($0, indicator, k) }
        switch aggregation {
        case .none:
            return nil
        case .sum:
            guard !values.isEmpty else { return nil }
            var state = SumState()
            for v in values { state.add(v) }
            return state.finalize()
        case .mean:
            var state = MeanState()
            for v in values { state.add(v) }
            return state.finalize()
        case .min, .max, .worstLevel:
            var state = ExtremumState(takesMaximum: aggregation == .max)
            for v in values { state.add(v) }
            return state.finalize()
        case .weightedMean(let w):
            // One figure is its own weighted mean, whatever its weight.
            if values.count == 1 { return values[0] }
            var state = WeightedMeanState()
            for u in units {
                guard let x = own(u, indicator, k), let weight = own(u, w, k), weight.isPoint, weight.low >= 0 else { continue }
                state.add(x, weight: weight.low)
            }
            return state.finalize()
        case .ratio(let n, let d, let scale):
            guard let numerator = combine(units, n, k), let denominator = combine(units, d, k) else { return nil }
            return ratioInterval(numerator: numerator, denominator: denominator, scale: scale)
        case .shareOfUnits:
            var total = ShareCount()
            let period = rollup.periods[k]
            for u in units {
                let p = Int(period.tree.positionOf[u])
                guard p >= 0, let x = period.columns[indicator].interval(at: p) else { continue }
                let coverage = period.columns[indicator].coverage[p]
                let reported = Int32((coverage.isNaN ? 0 : coverage * Double(period.tree.leafCount[p])).rounded())
                guard reported > 0 else { continue }
                var count = ShareCount()
                count.reported = reported
                count.surelyMet = Int32((x.low * Double(reported) / 100).rounded())
                count.possiblyMet = Int32((x.high * Double(reported) / 100).rounded())
                total.combine(count)
            }
            return total.finalize()
        }
    }
}
