import RollupModel

/// The roll-up of one column over a range of positions at one depth, once the depth below is
/// done: the hot loops, over raw buffers, free of dictionaries, strings and allocation on exact
/// data. Each position's children are folded in order, so the result does not depend on how
/// positions are split among threads.
///
/// Intervals are handled per parent: a parent none of whose children holds an interval (one look
/// at the column's bitmap) takes the exact loop; only the others take the interval-aware one. The
/// two give the same result on exact children, so which one runs never shows in the output.
struct ColumnKernel {
    let aggregation: Aggregation
    let tree: FlatTree
    let out: ColumnStorage
    /// The weight column (weighted_mean) or the numerator and denominator columns (ratio).
    let weight: ColumnStorage?
    let numerator: ColumnStorage?
    let denominator: ColumnStorage?

    /// Intervals produced for positions in the range (`nil`: the position is now exact or empty).
    typealias IntervalUpdates = [(Int32, Interval?)]

    /// Whether the kernel does anything at a leaf of the deepest level (a ratio computes it; a
    /// share counts those leaves from their parents); folds of children skip that level.
    var visitsLeaves: Bool {
        if case .ratio = aggregation { return true }
        return false
    }

    func run(_ range: Range<Int>, updates: inout IntervalUpdates) {
        switch aggregation {
        case .ratio(_, _, let scale):
            ratio(range, scale: scale, updates: &updates)
        case .shareOfUnits:
            share(range, updates: &updates)
        case .none:
            return
        case .sum:
            sum(range, dividing: false, updates: &updates)
        case .mean:
            sum(range, dividing: true, updates: &updates)
        case .min, .worstLevel:
            extremum(range, takesMaximum: false, updates: &updates)
        case .max:
            extremum(range, takesMaximum: true, updates: &updates)
        case .weightedMean:
            weightedMean(range, updates: &updates)
        }
    }

    private func finish(_ p: Int, _ result: Interval?, coverage: Double, updates: inout IntervalUpdates) {
        guard let result else { return }  // keeps the own report, if any
        if result.isPoint {
            out.set(p, value: result.low, source: .rollup, coverage: coverage)
            if out.hasInterval(p) { updates.append((Int32(p), nil)) }
        } else {
            out.set(p, value: .nan, source: .rollup, coverage: coverage)
            updates.append((Int32(p), result))
        }
    }

    /// Stores the result of the exact loop at `p` (dropping an own report's interval there, if
    /// any). In a column holding intervals (`mixed`), a result that is not finite goes through
    /// ``finish(_:_:coverage:updates:)`` as the interval-aware loop would send it (an infinite
    /// end is open, so it is stored as an interval); elsewhere it is stored as the number.
    @inline(__always)
    private func store(_ p: Int, _ value: Double, coverage: Double, mixed: Bool, updates: inout IntervalUpdates) {
        if mixed && !value.isFinite {
            finish(p, Interval(point: value), coverage: coverage, updates: &updates)
            return
        }
        out.set(p, value: value, source: .rollup, coverage: coverage)
        if mixed && out.hasInterval(p) { updates.append((Int32(p), nil)) }
    }

    /// `sum` (or `mean`, `dividing` by the count): integer columns by plain additions (see
    /// ``IntegerSum``), others by split sums (``SplitSum``) or on a fixed-point grid
    /// (``FixedPointSum``), and what none can sum by ``ExactSum``; all give the exactly rounded sum.
    private func sum(_ range: Range<Int>, dividing: Bool, updates: inout IntervalUpdates) {
        let mixed = out.hasIntervals
        var integers = true  // whether the last parent's children were integers: try that first
        for p in range {
            let s = Int(tree.childStart[p])
            let e = Int(tree.childEnd[p])
            if s == e { continue }
            if mixed && out.anyInterval(s, e) {
                general(p, s, e, updates: &updates)
                continue
            }
            let values = out.children(s)
            var n = 0
            var total = 0.0
            var done = false
            if integers {
                let (plain, count) = IntegerSum.of(values, s, e)
                n = count
                if n == 0 { continue }
                if plain.isExact {
                    total = plain.total
                    done = true
                } else {
                    integers = false
                }
            }
            if !done {
                // Fractions: split sums (see ``SplitSum``), else the fixed-point grid, else ExactSum.
                let (split, count) = SplitSum.of(values, s, e)
                n = count
                if n == 0 { continue }
                if let splitTotal = split.total {
                    total = splitTotal
                    done = true
                }
            }
            if !done {
                n = 0
                var fixed = FixedPointSum()
                for c in s..<e {
                    let v = values[c]
                    if !v.isNaN {
                        fixed.add(v)
                        n += 1
                    }
                }
                if n == 0 { continue }
                if let fixedTotal = fixed.total {
                    total = fixedTotal
                } else {
                    var exact = ExactSum()
                    for c in s..<e where !values[c].isNaN { exact.add(values[c]) }
                    total = exact.total
                }
            }
            if dividing { total /= Double(n) }
            store(p, total, coverage: Double(n) / Double(e - s), mixed: mixed, updates: &updates)
        }
    }

    /// `min`, `worst_level` or `max` (`takesMaximum`): the first extreme child value.
    private func extremum(_ range: Range<Int>, takesMaximum: Bool, updates: inout IntervalUpdates) {
        let mixed = out.hasIntervals
        for p in range {
            let s = Int(tree.childStart[p])
            let e = Int(tree.childEnd[p])
            if s == e { continue }
            if mixed && out.anyInterval(s, e) {
                general(p, s, e, updates: &updates)
                continue
            }
            let values = out.children(s)
            var n = 0
            var result: Double
            if takesMaximum {
                result = -.infinity
                for c in s..<e {
                    let v = values[c]
                    if !v.isNaN {
                        if v > result { result = v }
                        n += 1
                    }
                }
            } else {
                result = .infinity
                for c in s..<e {
                    let v = values[c]
                    if !v.isNaN {
                        if v < result { result = v }
                        n += 1
                    }
                }
            }
            if n > 0 { store(p, result, coverage: Double(n) / Double(e - s), mixed: mixed, updates: &updates) }
        }
    }

    /// `weighted_mean`: Σ wᵢ·xᵢ / Σ wᵢ over children with a value and a positive exact weight;
    /// the weights' sums by plain additions where they are integers (``WeightSum``), the
    /// products' by split sums (``WeightedTerms``), else on a fixed-point grid
    /// (``FixedPointSum``), each falling back to ``ExactSum``.
    private func weightedMean(_ range: Range<Int>, updates: inout IntervalUpdates) {
        guard let weight else { return }
        let mixed = out.hasIntervals
        for p in range {
            let s = Int(tree.childStart[p])
            let e = Int(tree.childEnd[p])
            if s == e { continue }
            if mixed && out.anyInterval(s, e) {
                general(p, s, e, updates: &updates)
                continue
            }
            let values = out.children(s)
            let weights = weight.children(s)
            // Four children at a time with split sums; where a sum is not shown exact, the loop
            // below sums the same terms one by one.
            let terms = WeightedTerms.of(values, weights, s, e)
            if terms.count == 0 { continue }
            if terms.allExact, let splitNumerator = terms.numerator.total {
                guard terms.contributing > 0 else { continue }
                let cover = terms.all > 0 ? terms.contributing / terms.all : 0
                store(p, splitNumerator / terms.contributing, coverage: cover, mixed: mixed, updates: &updates)
                continue
            }
            var numerator = FixedPointSum()
            var all = WeightSum()
            // A subset of `all`'s terms: exact whenever `all` is (see ``WeightSum``).
            var contributingTotal = -0.0
            var n = 0
            for c in s..<e {
                let w = weights[c]
                if w.isNaN || w < 0 { continue }
                all.add(w)
                let v = values[c]
                if !v.isNaN && w > 0 {
                    numerator.add(w * v)
                    contributingTotal += w
                    n += 1
                }
            }
            guard n > 0 else { continue }
            let fixedNumerator = numerator.total
            var numeratorTotal = fixedNumerator ?? 0
            var allTotal = all.total
            if fixedNumerator == nil || !all.isExact {
                // The same sums in the same order with ExactSum (`all` bounds `contributing`).
                var exactNumerator = ExactSum()
                var exactContributing = ExactSum()
                var exactAll = ExactSum()
                for c in s..<e {
                    let w = weights[c]
                    if w.isNaN || w < 0 { continue }
                    exactAll.add(w)
                    let v = values[c]
                    if !v.isNaN && w > 0 {
                        exactNumerator.add(w * v)
                        exactContributing.add(w)
                    }
                }
                numeratorTotal = exactNumerator.total
                contributingTotal = exactContributing.total
                allTotal = exactAll.total
            }
            guard contributingTotal > 0 else { continue }
            let cover = allTotal > 0 ? contributingTotal / allTotal : 0
            store(p, numeratorTotal / contributingTotal, coverage: cover, mixed: mixed, updates: &updates)
        }
    }

    /// The aggregations when some child of `p` (children `s..<e`) holds an interval: sums and
    /// means of the ends on the fixed-point grid where they fit, extremes without an interval per
    /// child (``fastGeneral``), the interval states otherwise.
    private func general(_ p: Int, _ s: Int, _ e: Int, updates: inout IntervalUpdates) {
        if fastGeneral(p, s, e, updates: &updates) { return }
        var n = 0
        var result: Interval?
        var cover = 0.0
        switch aggregation {
        case .sum:
            var state = SumState()
            for c in s..<e {
                if let x = out.interval(at: c) {
                    state.add(x)
                    n += 1
                }
            }
            result = state.finalize()
        case .mean:
            var state = MeanState()
            for c in s..<e {
                if let x = out.interval(at: c) {
                    state.add(x)
                    n += 1
                }
            }
            result = state.finalize()
        case .min, .max, .worstLevel:
            var state = ExtremumState(takesMaximum: aggregation == .max)
            for c in s..<e {
                if let x = out.interval(at: c) {
                    state.add(x)
                    n += 1
                }
            }
            result = state.finalize()
        case .weightedMean:
            guard let weights = weight?.children(s) else { return }
            var state = WeightedMeanState()
            var all = ExactSum()
            var contributing = ExactSum()
            for c in s..<e {
                let w = weights[c]
                if w.isNaN || w < 0 { continue }
                all.add(w)
                if w > 0, let x = out.interval(at: c) {
                    state.add(x, weight: w)
                    contributing.add(w)
                    n += 1
                }
            }
            result = state.finalize()
            let allTotal = all.total
            cover = allTotal > 0 ? contributing.total / allTotal : 0
        default:
            return
        }
        if case .weightedMean = aggregation {} else { cover = Double(n) / Double(e - s) }
        finish(p, result, coverage: cover, updates: &updates)
    }

    /// What ``SumState``, ``MeanState`` and ``WeightedMeanState`` give, with both ends summed on
    /// the fixed-point grid (``FixedPointSum``) and the weights by plain additions
    /// (``WeightSum``): the same exactly rounded sums, so the same interval; and what
    /// ``ExtremumState`` gives (``extremumWithIntervals(_:_:_:takesMaximum:updates:)``). Returns
    /// false, having written nothing, where a sum leaves the grid or is zero (or for another
    /// aggregation).
    private func fastGeneral(_ p: Int, _ s: Int, _ e: Int, updates: inout IntervalUpdates) -> Bool {
        let values = out.children(s)
        // Exact terms go to `both`, the ends of intervals to `low` and `high`; the ends' sums are
        // `both` plus each (integer sums: exact in any order).
        var both = FixedPointSum()
        var low = FixedPointSum()
        var high = FixedPointSum()
        var includesLow = true
        var includesHigh = true
        var n = 0
        switch aggregation {
        case .sum, .mean:
            if splitSumWithIntervals(p, s, e, updates: &updates) { return true }
            for c in s..<e {
                let v = values[c]
                if !v.isNaN {
                    both.add(v)
                } else if out.hasInterval(c), let x = out.intervals[Int32(c)] {
                    low.add(x.low)
                    high.add(x.high)
                    includesLow = includesLow && x.includesLow
                    includesHigh = includesHigh && x.includesHigh
                } else {
                    continue
                }
                n += 1
            }
            if n == 0 { return true }  // nothing contributed: the own report stays
            low.add(both)
            high.add(both)
            guard let lowTotal = low.total, let highTotal = high.total else { return false }
            let divisor = aggregation == .mean ? Double(n) : 1
            let result = Interval(
                low: lowTotal / divisor, high: highTotal / divisor, includesLow: includesLow, includesHigh: includesHigh)
            finish(p, result, coverage: Double(n) / Double(e - s), updates: &updates)
            return true
        case .weightedMean:
            guard let weights = weight?.children(s) else { return true }
            if splitWeightedMeanWithIntervals(p, s, e, weights, updates: &updates) { return true }
            var contributing = WeightSum()
            var all = WeightSum()
            for c in s..<e {
                let w = weights[c]
                if w.isNaN || w < 0 { continue }
                all.add(w)
                if w == 0 { continue }
                let v = values[c]
                if !v.isNaN {
                    both.add(w * v)
                } else if out.hasInterval(c), let x = out.intervals[Int32(c)] {
                    // x.scaled(by: w) for w > 0; an end that is not finite leaves the grid.
                    low.add(x.low * w)
                    high.add(x.high * w)
                    includesLow = includesLow && x.includesLow
                    includesHigh = includesHigh && x.includesHigh
                } else {
                    continue
                }
                contributing.add(w)
                n += 1
            }
            if n == 0 { return true }
            low.add(both)
            high.add(both)
            guard all.isExact, let lowTotal = low.total, let highTotal = high.total else { return false }
            let weightTotal = contributing.total
            guard weightTotal > 0 else { return true }
            let result = Interval(
                low: lowTotal / weightTotal, high: highTotal / weightTotal, includesLow: includesLow,
                includesHigh: includesHigh)
            let allTotal = all.total
            finish(p, result, coverage: allTotal > 0 ? weightTotal / allTotal : 0, updates: &updates)
            return true
        case .min, .max, .worstLevel:
            extremumWithIntervals(p, s, e, takesMaximum: aggregation == .max, updates: &updates)
            return true
        default:
            return false
        }
    }

    /// ``fastGeneral(_:_:_:updates:)``'s `sum` and `mean` with split sums: the children's
    /// numbers summed two at a time (``SplitSum/of(_:_:_:)``: interval children are NaN there),
    /// then each interval's ends added to a copy for each end. The same exactly rounded sums, so
    /// the same interval; returns false, having written nothing, where a split sum gives none.
    private func splitSumWithIntervals(_ p: Int, _ s: Int, _ e: Int, updates: inout IntervalUpdates) -> Bool {
        let values = out.children(s)
        var (low, n) = SplitSum.of(values, s, e)
        var high = low
        var includesLow = true
        var includesHigh = true
        for c in s..<e where out.hasInterval(c) && values[c].isNaN {
            guard let x = out.intervals[Int32(c)] else { continue }
            low.add(SIMD2(x.low, 0))
            high.add(SIMD2(x.high, 0))
            includesLow = includesLow && x.includesLow
            includesHigh = includesHigh && x.includesHigh
            n += 1
        }
        if n == 0 { return true }  // nothing contributed: the own report stays
        guard let lowTotal = low.total, let highTotal = high.total else { return false }
        let divisor = aggregation == .mean ? Double(n) : 1
        let result = Interval(low: lowTotal / divisor, high: highTotal / divisor, includesLow: includesLow, includesHigh: includesHigh)
        finish(p, result, coverage: Double(n) / Double(e - s), updates: &updates)
        return true
    }

    /// ``fastGeneral(_:_:_:updates:)``'s `weighted_mean` with split sums: the children's numbers
    /// two at a time (``WeightedTerms``: interval children are NaN there), then each interval's
    /// ends times its weight added to a copy for each end, and its weight to the contributing
    /// weights (exact in any order when the weights are, see ``WeightSum``). Returns false,
    /// having written nothing, where a sum is not shown exact.
    private func splitWeightedMeanWithIntervals(
        _ p: Int, _ s: Int, _ e: Int, _ weights: UnsafeBufferPointer<Double>, updates: inout IntervalUpdates
    ) -> Bool {
        let values = out.children(s)
        let terms = WeightedTerms.of(values, weights, s, e)
        guard terms.allExact else { return false }
        var low = terms.numerator
        var high = low
        var weightTotal = terms.contributing
        var n = terms.count
        var includesLow = true
        var includesHigh = true
        for c in s..<e where out.hasInterval(c) && values[c].isNaN {
            let w = weights[c]
            guard w > 0, let x = out.intervals[Int32(c)] else { continue }  // false for NaN
            low.add(SIMD2(x.low * w, 0))
            high.add(SIMD2(x.high * w, 0))
            includesLow = includesLow && x.includesLow
            includesHigh = includesHigh && x.includesHigh
            weightTotal += w
            n += 1
        }
        if n == 0 { return true }
        guard let lowTotal = low.total, let highTotal = high.total else { return false }
        guard weightTotal > 0 else { return true }
        let result = Interval(
            low: lowTotal / weightTotal, high: highTotal / weightTotal, includesLow: includesLow, includesHigh: includesHigh)
        finish(p, result, coverage: terms.all > 0 ? weightTotal / terms.all : 0, updates: &updates)
        return true
    }

    /// What ``ExtremumState`` gives over the children `s..<e` of `p`, taken in the same order with
    /// the same comparisons, without an ``Interval`` per child.
    private func extremumWithIntervals(_ p: Int, _ s: Int, _ e: Int, takesMaximum: Bool, updates: inout IntervalUpdates) {
        let values = out.children(s)
        var low = 0.0
        var high = 0.0
        var includesLow = true
        var includesHigh = true
        var n = 0
        for c in s..<e {
            let v = values[c]
            let (xLow, xHigh, xIncludesLow, xIncludesHigh): (Double, Double, Bool, Bool)
            if !v.isNaN {
                (xLow, xHigh, xIncludesLow, xIncludesHigh) = (v, v, v.isFinite, v.isFinite)  // Interval(point: v)
            } else if out.hasInterval(c), let x = out.intervals[Int32(c)] {
                (xLow, xHigh, xIncludesLow, xIncludesHigh) = (x.low, x.high, x.includesLow, x.includesHigh)
            } else {
                continue
            }
            if n == 0 {
                (low, high, includesLow, includesHigh) = (xLow, xHigh, xIncludesLow, xIncludesHigh)
            } else if takesMaximum {
                if xLow > low {
                    (low, includesLow) = (xLow, xIncludesLow)
                } else if !(low > xLow) {
                    includesLow = includesLow && xIncludesLow
                }
                if xHigh > high {
                    (high, includesHigh) = (xHigh, xIncludesHigh)
                } else if !(high > xHigh) {
                    includesHigh = includesHigh || xIncludesHigh
                }
            } else {
                if xLow < low {
                    (low, includesLow) = (xLow, xIncludesLow)
                } else if !(low < xLow) {
                    includesLow = includesLow || xIncludesLow
                }
                if xHigh < high {
                    (high, includesHigh) = (xHigh, xIncludesHigh)
                } else if !(high < xHigh) {
                    includesHigh = includesHigh && xIncludesHigh
                }
            }
            n += 1
        }
        guard n > 0 else { return }  // nothing contributed: the own report stays
        let result = Interval(low: low, high: high, includesLow: includesLow, includesHigh: includesHigh)
        finish(p, result, coverage: Double(n) / Double(e - s), updates: &updates)
    }

    /// `scale × N / D` at every position, leaves included, from the unit's own N and D.
    private func ratio(_ range: Range<Int>, scale: Double, updates: inout IntervalUpdates) {
        guard let numerator, let denominator else { return }
        let inexact = numerator.hasIntervals || denominator.hasIntervals
        let mixed = out.hasIntervals
        if range.lowerBound >= out.split {
            leafRatio(range, scale: scale, inexact: inexact, mixed: mixed, updates: &updates)
            return
        }
        for p in range {
            let leaf = tree.childStart[p] == tree.childEnd[p]
            let n = numerator.value(p)
            let d = denominator.value(p)
            if !n.isNaN && !d.isNaN {
                // Both exact: what `ratioInterval` gives for two points.
                if d == 0 { continue }
                let r = scale * n / d
                let cover = leaf ? 1 : Swift.min(coverageOrZero(numerator, p), coverageOrZero(denominator, p))
                if r.isFinite {
                    store(p, r, coverage: cover, mixed: mixed, updates: &updates)
                } else {
                    finish(p, Interval(point: r), coverage: cover, updates: &updates)  // not a point
                }
                if leaf { out.markReported(p) }
                continue
            }
            guard inexact, let ni = numerator.interval(at: p), let di = denominator.interval(at: p),
                let result = ratioInterval(numerator: ni, denominator: di, scale: scale)
            else { continue }
            let cover = leaf ? 1 : Swift.min(coverageOrZero(numerator, p), coverageOrZero(denominator, p))
            finish(p, result, coverage: cover, updates: &updates)
            if leaf { out.markReported(p) }
        }
    }

    /// ``ratio(_:scale:updates:)`` over leaves of the deepest level (`range` from `split` on):
    /// only their values change, their source and coverage follow from presence.
    private func leafRatio(_ range: Range<Int>, scale: Double, inexact: Bool, mixed: Bool, updates: inout IntervalUpdates) {
        guard let numerator, let denominator else { return }
        let (n, d) = (numerator.leaves, denominator.leaves)
        let values = out.values
        guard range.upperBound <= Swift.min(n.count, d.count, values.count) else { return }
        for p in range {
            let x = n[p]
            let y = d[p]
            if !x.isNaN && !y.isNaN {
                // Both exact: what `ratioInterval` gives for two points (see `ratio`).
                if y == 0 { continue }
                let r = scale * x / y
                if r.isFinite {
                    values[p] = r
                    if mixed && out.hasInterval(p) { updates.append((Int32(p), nil)) }
                } else {
                    finish(p, Interval(point: r), coverage: 1, updates: &updates)
                }
                continue
            }
            guard inexact, let ni = numerator.interval(at: p), let di = denominator.interval(at: p),
                let result = ratioInterval(numerator: ni, denominator: di, scale: scale)
            else { continue }
            finish(p, result, coverage: 1, updates: &updates)
        }
    }

    private func coverageOrZero(_ column: ColumnStorage, _ p: Int) -> Double {
        let c = column.coverage(p)
        return c.isNaN ? 0 : c
    }

    /// `share_of_units`: leaf counts summed up the tree; the percentage where any leaf reported.
    /// The leaves of the deepest level are counted by their parents, straight from their values;
    /// every other position keeps its count in `shares`.
    private func share(_ range: Range<Int>, updates: inout IntervalUpdates) {
        guard let shares = out.shares else { return }
        for p in range where p < shares.count {
            let s = Int(tree.childStart[p])
            let e = Int(tree.childEnd[p])
            if s == e {
                shares[p] = leafShare(p) ?? ShareCount()
                continue
            }
            var count = ShareCount()
            if s >= out.split {
                for c in s..<e {
                    if let leaf = leafShare(c) { count.combine(leaf) }
                }
            } else {
                for c in s..<e where c < shares.count { count.combine(shares[c]) }
            }
            shares[p] = count
            let cover = Double(count.reported) / Double(tree.leafCount[p])
            finish(p, count.finalize(), coverage: cover, updates: &updates)
        }
    }

    /// The count of the leaf at `p`, or `nil` when it reported nothing; assumes `0 <= p < count`.
    @inline(__always)
    private func leafShare(_ p: Int) -> ShareCount? {
        let v = out.value(p)
        if !v.isNaN {
            // ShareCount(leaf: Interval(point: v)): a point meets the standard iff it is 100.
            let met: Int32 = v == 100 ? 1 : 0
            var count = ShareCount()
            count.reported = 1
            count.surelyMet = met
            count.possiblyMet = met
            return count
        }
        if out.hasInterval(p), let x = out.intervals[Int32(p)] { return ShareCount(leaf: x) }
        return nil
    }
}
