import RollupKernel
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

    /// Buffers reused from one parent to the next, as long as the largest family seen.
    struct Scratch {
        /// The children with an exact value: their positions.
        var positions: [Int] = []
        /// Their values, in tree order.
        var values: [Double] = []
        /// Their values, sorted to find the median and the median absolute deviation.
        var sorted: [Double] = []
        /// The buffer every message is built in (each finding keeps a copy of its own size).
        var message = MessageText(capacity: 320)

        /// Makes every buffer hold at least `n` slots.
        mutating func reserve(_ n: Int) {
            guard values.count < n else { return }
            positions = [Int](repeating: 0, count: n)
            values = [Double](repeating: 0, count: n)
            sorted = values
        }
    }

    /// Checks the children of the parents at the positions `parents` (clipped to the tree) of
    /// period `k`'s tree for indicator `i`, appending what it finds to `findings`.
    static func run(
        _ c: FindingsContext, period k: Int, indicator i: Int, parents: Range<Int>, scratch: inout Scratch, into findings: inout [Finding]
    ) {
        guard k < c.rollup.periods.count, i < c.dataset.indicators.count, !c.isLevel(i),
            i < c.rollup.periods[k].columns.count
        else { return }
        let minimum = max(3, c.options.outlierMinimumSiblings)
        let tree = c.rollup.periods[k].tree
        let column = c.rollup.periods[k].columns[i]
        guard column.values.count == tree.count, tree.childStart.count == tree.count, tree.childEnd.count == tree.count else { return }
        // Only positions with children (most are leaves).
        for parent in c.parents(period: k, in: parents.clamped(to: 0..<tree.count)) {
            let p = Int(parent)
            let start = Int(tree.childStart[p])
            let end = Int(tree.childEnd[p])
            guard end - start >= minimum, start >= 0, end <= tree.count else { continue }
            scratch.reserve(end - start)
            // The family's exact values, their median and their median absolute deviation.
            let (count, med, mad) = Self.spread(
                column.values, start..<end, minimum: minimum, threshold: c.options.outlierThreshold, &scratch)
            guard count >= minimum, mad > 0 else { continue }
            for n in 0..<count {
                let x = scratch.values[n]
                let z = 0.6745 * (x - med) / mad
                guard abs(z) > c.options.outlierThreshold else { continue }
                findings.append(
                    finding(
                        c, k: k, parent: p, position: scratch.positions[n], indicator: i, x: x, z: z, median: med, mad: mad, count: count,
                        message: &scratch.message))
            }
        }
    }

    /// Fills `scratch` with the finite values of `values[children]` (positions and values in
    /// order, and the buffers the medians are selected in) and gives their count, median and median absolute
    /// deviation (both 0 when there are fewer than `minimum`; the deviation 0 when no value of a
    /// large family can be beyond `threshold`, see ``noneBeyond(_:median:threshold:)``); assumes
    /// `scratch` holds `children.count` slots and `children` lies within `values`.
    private static func spread(
        _ values: RollupValues, _ children: Range<Int>, minimum: Int, threshold: Double, _ scratch: inout Scratch
    ) -> (Int, Double, Double) {
        var count = 0
        scratch.positions.withUnsafeMutableBufferPointer { positions in
            scratch.values.withUnsafeMutableBufferPointer { xs in
                scratch.sorted.withUnsafeMutableBufferPointer { sorted in
                    for cp in children where values[cp].isFinite {
                        positions[count] = cp
                        xs[count] = values[cp]
                        sorted[count] = values[cp]
                        count += 1
                    }
                }
            }
        }
        guard count >= max(1, minimum) else { return (count, 0, 0) }
        if count <= Median.sortedUpTo {
            let (med, mad) = scratch.sorted.withUnsafeMutableBufferPointer { sorted in
                Median.withDeviation(overwriting: UnsafeMutableBufferPointer(rebasing: sorted[0..<count]))
            }
            return (count, med, mad)
        }
        // A large family: its median by selection; the deviations' median only when some value
        // may be beyond the threshold.
        return scratch.sorted.withUnsafeMutableBufferPointer { sorted in
            scratch.values.withUnsafeBufferPointer { xs in
                let sorted = UnsafeMutableBufferPointer(rebasing: sorted[0..<count])
                let xs = UnsafeBufferPointer(rebasing: xs[0..<count])
                let med = Median.of(sorted)
                if noneBeyond(xs, median: med, threshold: threshold) { return (count, med, 0) }
                for n in 0..<count { sorted[n] = abs(xs[n] - med) }
                return (count, med, Median.of(sorted))
            }
        }
    }

    /// Whether no modified z-score of `xs` (`0.6745 × (x − median) / MAD`, as ``run`` computes
    /// it) can exceed `threshold`, found without the MAD: with D the largest deviation
    /// `|x − median|` and c a little above `0.6745 × D / threshold`, when at most `(n − 1) / 2`
    /// deviations are below c the MAD is at least c, so every |z| is at most `0.6745 × D / c`,
    /// below the threshold (every operation rounds monotonically). `false` when it cannot tell.
    private static func noneBeyond(_ xs: UnsafeBufferPointer<Double>, median: Double, threshold: Double) -> Bool {
        guard threshold > 0, threshold.isFinite, !xs.isEmpty else { return false }
        var largest = 0.0
        for x in xs {
            let d = abs(x - median)
            largest = d > largest ? d : largest
        }
        let bound = 0.6745 * largest / threshold * (1 + 1e-9)
        guard bound.isFinite else { return false }
        var below = 0
        for x in xs { below += abs(x - median) < bound ? 1 : 0 }
        return below <= (xs.count - 1) / 2
    }

    private static func finding(
        _ c: FindingsContext, k: Int, parent: Int, position: Int, indicator i: Int, x: Double, z: Double, median: Double,
        mad: Double, count: Int, message: inout MessageText
    ) -> Finding {
        // Subscript chains borrow the period's roll-up in place (no copy, no retain of its arrays).
        let period = c.rollup.periods[k].period
        let unit = Int(c.rollup.periods[k].tree.unitAt[position])
        let parentUnit = Int(c.rollup.periods[k].tree.unitAt[parent])
        let threshold = c.options.outlierThreshold
        let reach = threshold * mad / 0.6745
        let limits = c.validRange(indicatorAt: i)
        var usual = Interval(low: median - reach, high: median + reach)
        let clamped = Interval(low: max(usual.low, limits.low), high: min(usual.high, limits.high))
        if clamped.low <= clamped.high { usual = clamped }
        // "NAME's value X for “INDICATOR” in PERIOD is far from those of the COUNT children of PARENT with a
        // value (median M, median absolute deviation D): modified z-score Z, beyond ±T."
        message.clear()
        c.addUnitName(unit, period, to: &message)
        message.add("'s value ")
        message.add(readable: x)
        message.add(" for ")
        c.addIndicatorName(i, to: &message)
        message.add(" in ")
        message.add(period)
        message.add(" is far from those of the ")
        message.add(count)
        message.add(" children of ")
        c.addUnitName(parentUnit, period, to: &message)
        message.add(" with a value (median ")
        message.add(readable: median)
        message.add(", median absolute deviation ")
        message.add(readable: mad)
        message.add("): modified z-score ")
        message.add(readable: z)
        message.add(", beyond ±")
        message.add(readable: threshold)
        message.add(".")
        return Finding(
            kind: .outlier, severity: .warning, unit: unit, indicator: i, period: period, value: FigureText.shortest(x),
            expected: FigureText.interval(usual), messageUTF8: message.exactBytes)
    }
}
