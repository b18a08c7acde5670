import RollupModel

/// The roll-up of one column over a range of positions at one depth, once the depth below is
/// done: the hot loops, over raw buffers, free of dictionaries, strings and allocation on exact
/// data. Each position's children are folded in order, so the result does not depend on how
/// positions are split among threads.
struct ColumnKernel {
    let aggregation: Aggregation
    let tree: FlatTree
    let out: ColumnStorage
    /// The weight column (weighted_mean) or the numerator and denominator columns (ratio).
    let weight: ColumnStorage?
    let numerator: ColumnStorage?
    let denominator: ColumnStorage?
    /// Whether any figure this column reads is an interval, so the interval-aware path is needed.
    let inexact: Bool

    /// Intervals produced for positions in the range (`nil`: the position is now exact or empty).
    typealias IntervalUpdates = [(Int32, Interval?)]

    func run(_ range: Range<Int>, updates: inout IntervalUpdates) {
        switch aggregation {
        case .ratio(_, _, let scale):
            ratio(range, scale: scale, updates: &updates)
        case .shareOfUnits:
            share(range, updates: &updates)
        case .none:
            return
        default:
            if inexact {
                general(range, updates: &updates)
            } else {
                exact(range)
            }
        }
    }

    private func finish(_ p: Int, _ result: Interval?, coverage: Double, updates: inout IntervalUpdates) {
        guard let result else { return }  // keeps the own report, if any
        if result.isPoint {
            out.values[p] = result.low
            if out.intervals[Int32(p)] != nil { updates.append((Int32(p), nil)) }
        } else {
            out.values[p] = .nan
            updates.append((Int32(p), result))
        }
        out.sources[p] = RollupSource.rollup.rawValue
        out.coverage[p] = coverage
    }

    /// sum, mean, min, max, weighted_mean and worst_level over exact numbers.
    private func exact(_ range: Range<Int>) {
        let values = out.values
        for p in range {
            let s = Int(tree.childStart[p])
            let e = Int(tree.childEnd[p])
            if s == e { continue }
            var result = 0.0
            var n = 0
            var cover = 0.0
            switch aggregation {
            case .sum, .mean:
                var total = ExactSum()
                for c in s..<e {
                    let v = values[c]
                    if !v.isNaN {
                        total.add(v)
                        n += 1
                    }
                }
                result = total.total
                if aggregation == .mean && n > 0 { result /= Double(n) }
                cover = Double(n) / Double(e - s)
            case .min, .worstLevel:
                result = .infinity
                for c in s..<e {
                    let v = values[c]
                    if !v.isNaN {
                        if v < result { result = v }
                        n += 1
                    }
                }
                cover = Double(n) / Double(e - s)
            case .max:
                result = -.infinity
                for c in s..<e {
                    let v = values[c]
                    if !v.isNaN {
                        if v > result { result = v }
                        n += 1
                    }
                }
                cover = Double(n) / Double(e - s)
            case .weightedMean:
                guard let weights = weight?.values else { return }
                var numerator = ExactSum()
                var contributing = ExactSum()
                var all = ExactSum()
                for c in s..<e {
                    let w = weights[c]
                    if w.isNaN || w < 0 { continue }
                    all.add(w)
                    let v = values[c]
                    if !v.isNaN && w > 0 {
                        numerator.add(w * v)
                        contributing.add(w)
                        n += 1
                    }
                }
                let total = contributing.total
                if total > 0 {
                    result = numerator.total / total
                } else {
                    n = 0
                }
                let allTotal = all.total
                cover = allTotal > 0 ? total / allTotal : 0
            default:
                return
            }
            if n > 0 {
                out.values[p] = result
                out.sources[p] = RollupSource.rollup.rawValue
                out.coverage[p] = cover
            }
        }
    }

    /// The same aggregations when some figure is an interval.
    private func general(_ range: Range<Int>, updates: inout IntervalUpdates) {
        for p in range {
            let s = Int(tree.childStart[p])
            let e = Int(tree.childEnd[p])
            if s == e { continue }
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
                guard let weights = weight?.values else { return }
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
    }

    /// `scale × N / D` at every position, leaves included, from the unit's own N and D.
    private func ratio(_ range: Range<Int>, scale: Double, updates: inout IntervalUpdates) {
        guard let numerator, let denominator else { return }
        for p in range {
            let leaf = tree.childStart[p] == tree.childEnd[p]
            let n = numerator.values[p]
            let d = denominator.values[p]
            var result: Interval?
            if !inexact {
                if !n.isNaN && !d.isNaN && d != 0 { result = Interval(point: scale * n / d) }
            } else if let ni = numerator.interval(at: p), let di = denominator.interval(at: p) {
                result = ratioInterval(numerator: ni, denominator: di, scale: scale)
            }
            guard let result else { continue }
            let cover = leaf ? 1 : Swift.min(coverageOrZero(numerator, p), coverageOrZero(denominator, p))
            finish(p, result, coverage: cover, updates: &updates)
            if leaf { out.sources[p] = RollupSource.reported.rawValue }
        }
    }

    private func coverageOrZero(_ column: ColumnStorage, _ p: Int) -> Double {
        let c = column.coverage[p]
        return c.isNaN ? 0 : c
    }

    /// `share_of_units`: leaf counts summed up the tree; the percentage where any leaf reported.
    private func share(_ range: Range<Int>, updates: inout IntervalUpdates) {
        guard let shares = out.shares else { return }
        for p in range {
            let s = Int(tree.childStart[p])
            let e = Int(tree.childEnd[p])
            if s == e {
                if let x = out.interval(at: p) { shares[p] = ShareCount(leaf: x) }
                continue
            }
            var count = ShareCount()
            for c in s..<e { count.combine(shares[c]) }
            shares[p] = count
            let cover = Double(count.reported) / Double(tree.leafCount[p])
            finish(p, count.finalize(), coverage: cover, updates: &updates)
        }
    }
}
