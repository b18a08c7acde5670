import RollupModel

/// `outlier`: a value far from its siblings' (the children of the same parent, same indicator
/// and period), by the modified z-score of Iglewicz and Hoaglin:
///
///     z = 0.6745 × (x − median) / MAD,   MAD = median of |xᵢ − median|
///
/// over the siblings' exact effective values (reported or rolled up; the unit itself included;
/// bounds and ranges left out). A **warning** when |z| > `outlierThreshold` (3.5), computed only
/// among at least `outlierMinimumSiblings` (5) siblings with a value and when MAD > 0 (when more
/// than half the siblings share one value, nothing stands out by this measure). Level scales are
/// not checked; roots have no siblings.
enum OutlierCheck {
    static func run(_ c: FindingsContext) -> [Finding] {
        var findings: [Finding] = []
        var scratch = Scratch()
        for (k, periodRollup) in c.rollup.periods.enumerated() {
            for i in periodRollup.columns.indices {
                run(c, period: k, indicator: i, parents: 0..<Int.max, scratch: &scratch, into: &findings)
            }
        }
        return findings
    }

    /// Buffers reused from one parent to the next.
    struct Scratch {
        /// The children with an exact value: position and value.
        var values: [(position: Int, x: Double)] = []
        /// Their values, sorted.
        var sorted: [Double] = []
        /// Their absolute deviations from the median, sorted.
        var deviations: [Double] = []
    }

    /// Checks the children of the parents at the positions `parents` (clipped to the tree) of
    /// period `k`'s tree for indicator `i`, appending what it finds to `findings`.
    static func run(
        _ c: FindingsContext, period k: Int, indicator i: Int, parents: Range<Int>, scratch: inout Scratch, into findings: inout [Finding]
    ) {
        guard k < c.rollup.periods.count, i < c.dataset.indicators.count, c.dataset.indicators[i].levelScale == nil,
            i < c.rollup.periods[k].columns.count
        else { return }
        let minimum = max(3, c.options.outlierMinimumSiblings)
        let tree = c.rollup.periods[k].tree
        let column = c.rollup.periods[k].columns[i]
        guard column.values.count == tree.count else { return }
        column.values.withUnsafeBufferPointer { values in
            for p in parents.clamped(to: 0..<tree.count) {
                let children = tree.children(of: p)
                guard children.count >= minimum, children.lowerBound >= 0, children.upperBound <= values.count else { continue }
                scratch.values.removeAll(keepingCapacity: true)
                scratch.sorted.removeAll(keepingCapacity: true)
                for cp in children where values[cp].isFinite {
                    scratch.values.append((cp, values[cp]))
                    scratch.sorted.append(values[cp])
                }
                guard scratch.values.count >= minimum else { continue }
                scratch.sorted.sort()
                let med = median(scratch.sorted)
                scratch.deviations.removeAll(keepingCapacity: true)
                for x in scratch.sorted { scratch.deviations.append(abs(x - med)) }
                scratch.deviations.sort()
                let mad = median(scratch.deviations)
                guard mad > 0 else { continue }
                for (cp, x) in scratch.values {
                    let z = 0.6745 * (x - med) / mad
                    guard abs(z) > c.options.outlierThreshold else { continue }
                    findings.append(
                        finding(
                            c, k: k, parent: p, position: cp, indicator: i, x: x, z: z, median: med, mad: mad,
                            count: scratch.values.count))
                }
            }
        }
    }

    /// The median of sorted, non-empty numbers.
    static func median(_ sorted: [Double]) -> Double {
        let n = sorted.count
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2
    }

    private static func finding(
        _ c: FindingsContext, k: Int, parent: Int, position: Int, indicator i: Int, x: Double, z: Double, median: Double,
        mad: Double, count: Int
    ) -> Finding {
        let periodRollup = c.rollup.periods[k]
        let period = periodRollup.period
        let unit = Int(periodRollup.tree.unitAt[position])
        let parentUnit = Int(periodRollup.tree.unitAt[parent])
        let threshold = c.options.outlierThreshold
        let reach = threshold * mad / 0.6745
        let indicator = c.dataset.indicators[i]
        var usual = Interval(low: median - reach, high: median + reach)
        let clamped = Interval(
            low: max(usual.low, indicator.low ?? -.infinity), high: min(usual.high, indicator.high ?? .infinity))
        if clamped.low <= clamped.high { usual = clamped }
        let message =
            "\(c.unitName(unit, period))'s value \(FigureText.readable(x)) for \(c.indicatorName(i)) in \(period) is far from those of the \(count) children of \(c.unitName(parentUnit, period)) with a value (median \(FigureText.readable(median)), median absolute deviation \(FigureText.readable(mad))): modified z-score \(FigureText.readable(z)), beyond ±\(FigureText.readable(threshold))."
        return Finding(
            kind: .outlier, severity: .warning, unit: unit, indicator: i, period: period, value: FigureText.shortest(x),
            expected: FigureText.interval(usual), message: message)
    }
}
