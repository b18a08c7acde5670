import RollupKernel
import RollupModel

/// One check of the results: the suite exits non-zero when any fails.
struct CheckResult: Codable {
    var name: String
    var passed: Bool
    var detail: String
}

/// Checks of the engine's results: thread counts compared bit for bit, and known values
/// computed independently (``IndependentTotals``).
enum ResultChecks {
    /// The first difference between two roll-ups, bit for bit (values, intervals, sources,
    /// coverage), or `nil` when they are identical.
    static func firstDifference(_ a: Rollup, _ b: Rollup, _ dataset: Dataset) -> String? {
        guard a.periods.count == b.periods.count else { return "\(a.periods.count) periods against \(b.periods.count)" }
        for (pa, pb) in zip(a.periods, b.periods) {
            guard pa.period == pb.period, pa.columns.count == pb.columns.count else { return "period \(pa.period) differs in shape" }
            for (i, (ca, cb)) in zip(pa.columns, pb.columns).enumerated() {
                let code = dataset.indicators[i].code
                guard ca.values.count == cb.values.count else { return "\(code) \(pa.period): column sizes differ" }
                for p in ca.values.indices {
                    if ca.values[p].bitPattern != cb.values[p].bitPattern || ca.coverage[p].bitPattern != cb.coverage[p].bitPattern
                        || ca.sources[p] != cb.sources[p]
                    {
                        let unit = dataset.units.codes[Int(pa.tree.unitAt[p])]
                        return "\(unit) \(code) \(pa.period): \(ca.values[p]) (\(ca.sources[p])) against \(cb.values[p]) (\(cb.sources[p]))"
                    }
                }
                if ca.intervals != cb.intervals { return "\(code) \(pa.period): the intervals differ" }
            }
        }
        return nil
    }

    /// The roots' POP, BEDS, NTM and BEDS10K against the independent computation.
    static func knownValues(_ dataset: Dataset, _ rollup: Rollup, _ totals: IndependentTotals) -> [CheckResult] {
        var results: [CheckResult] = []
        let pop = dataset.indicators.index(of: "POP")
        let beds = dataset.indicators.index(of: "BEDS")
        let ntm = dataset.indicators.index(of: "NTM")
        let ratio = dataset.indicators.index(of: "BEDS10K")
        guard let pop, let beds, let ntm, let ratio else {
            return [CheckResult(name: "known values", passed: false, detail: "POP, BEDS, NTM or BEDS10K missing from the indicators")]
        }
        guard Set(totals.figures.keys) == Set(rollup.periods.map(\.period)) else {
            return [
                CheckResult(
                    name: "known values", passed: false,
                    detail: "periods \(rollup.periods.map(\.period)) against \(totals.figures.keys.sorted()) in values.csv")
            ]
        }
        for period in rollup.periods {
            let tree = period.tree
            let rootPositions = tree.levelStart[0]..<tree.levelStart[1]
            for p in rootPositions {
                let code = dataset.units.codes[Int(tree.unitAt[p])]
                guard let expected = totals.figures[period.period]?[code] else {
                    results.append(CheckResult(name: "root \(code)", passed: false, detail: "not a root in units.csv"))
                    continue
                }
                func value(_ i: Int) -> Double? {
                    if let interval = period.columns[i].interval(at: p), interval.isPoint { return interval.low }
                    return nil
                }
                func check(_ name: String, _ got: Double?, _ want: Double?, exact: Bool) {
                    let passed: Bool
                    switch (got, want) {
                    case (nil, nil): passed = true
                    case (let g?, let w?): passed = exact ? g == w : abs(g - w) <= 1e-12 * max(abs(g), abs(w))
                    default: passed = false
                    }
                    results.append(
                        CheckResult(
                            name: "\(code) \(name) \(period.period)", passed: passed,
                            detail: "rollup \(got.map { "\($0)" } ?? "none"), independent \(want.map { "\($0)" } ?? "none")"))
                }
                check("POP", value(pop), expected.population, exact: true)
                check("BEDS", value(beds), expected.beds, exact: true)
                check("NTM", value(ntm), expected.newRural, exact: false)
                check("BEDS10K", value(ratio), expected.bedsPerTenThousand, exact: false)
                let coverage = period.columns[ntm].coverage[p]
                let wantCoverage = expected.leaves > 0 ? Double(expected.newRuralReported) / Double(expected.leaves) : .nan
                results.append(
                    CheckResult(
                        name: "\(code) NTM coverage \(period.period)",
                        passed: coverage == wantCoverage || (coverage.isNaN && wantCoverage.isNaN),
                        detail: "rollup \(coverage), independent \(wantCoverage)"))
            }
        }
        return results
    }
}
