import RollupModel

/// `low_coverage`: a roll-up computed from less than `lowCoverageThreshold` (0.8) of what lies
/// below the unit: of the children's weight (`weighted_mean`, among children with a weight), of
/// the leaves below (`share_of_units`), of the children (`sum`, `mean`, `min`, `max`,
/// `worst_level`), the smaller of the numerator's and denominator's (`ratio`). **Info**: the
/// figure is computed correctly, but from a part of the whole. Only roll-ups (source `rollup`)
/// are checked; own reports and leaves are not.
enum CoverageCheck {
    static func run(_ c: FindingsContext) -> [Finding] {
        var findings: [Finding] = []
        for (k, periodRollup) in c.rollup.periods.enumerated() {
            for i in periodRollup.columns.indices {
                run(c, period: k, indicator: i, positions: 0..<Int.max, into: &findings)
            }
        }
        return findings
    }

    /// Checks the roll-ups at the positions `positions` (clipped to the tree) of period `k`'s
    /// tree for indicator `i`, appending what it finds to `findings`.
    static func run(_ c: FindingsContext, period k: Int, indicator i: Int, positions: Range<Int>, into findings: inout [Finding]) {
        guard k < c.rollup.periods.count, i < c.dataset.indicators.count, i < c.rollup.periods[k].columns.count else { return }
        let periodRollup = c.rollup.periods[k]
        let tree = periodRollup.tree
        let period = periodRollup.period
        let column = periodRollup.columns[i]
        guard column.sources.count == tree.count else { return }
        // Only positions with children (most are leaves).
        for parent in c.parents(period: k, in: positions.clamped(to: 0..<tree.count)) where column.sources[Int(parent)] == .rollup {
            let p = Int(parent)
            let coverage = column.coverage[p]
            guard !coverage.isNaN, coverage < c.options.lowCoverageThreshold else { continue }
            let unit = Int(tree.unitAt[p])
            let missing = tree.children(of: p).filter { column.sources[$0] == .none }.map {
                c.unitName(Int(tree.unitAt[$0]), period)
            }
            let of: String
            switch c.dataset.indicators[i].aggregation {
            case .weightedMean: of = "of the children's weight"
            case .shareOfUnits: of = "of the leaf units below"
            case .ratio: of = "of its numerator's or denominator's children"
            default: of = "of the children"
            }
            var message =
                "\(c.unitName(unit, period))'s \(period) roll-up of \(c.indicatorName(i)) covers only \(FigureText.percent(coverage)) \(of), below \(FigureText.readable(100 * c.options.lowCoverageThreshold))%"
            if !missing.isEmpty { message += "; children without a value: \(c.list(missing))" }
            findings.append(
                Finding(
                    kind: .lowCoverage, severity: .info, unit: unit, indicator: i, period: period,
                    value: FigureText.shortest(coverage), expected: ">=" + FigureText.shortest(c.options.lowCoverageThreshold),
                    message: message + "."))
        }
    }
}
