import Foundation

/// Writes `values.csv`: first every leaf's figures (every indicator but HDI, each period), then,
/// from the deepest internal level up, the internal units' own reports (POP and BHYT of the
/// ``OwnReportPlan`` units, HDI of the root and the level below it).
///
/// Leaves are streamed: only one leaf's figures exist at a time. The roll-ups that own reports
/// are checked against are kept per internal unit and period (O(internal units × periods)).
enum ValuesFile {
    /// What was written.
    struct Outcome {
        var bytes = 0
        var rows = 0
        var ownReportUnits = 0
        var plantedMismatchUnits = 0
    }

    /// Writes the values of `tree` for `options` (periods sorted and distinct) to `url`.
    static func write(
        _ tree: SyntheticTree, options: SyntheticOptions, periods: [Int], notation: Notation, merges: MergePlan = .none,
        to url: URL
    ) throws -> Outcome {
        let sink = try ByteSink(url: url)
        sink.bytes(Array("unit,indicator,period,value\n".utf8))
        var rows = ValueRowWriter(
            sink: sink, naming: UnitNaming(), notation: notation,
            boundThreshold: SeededGenerator.threshold(for: options.boundRate))
        var ownGenerator = SeededGenerator.stream(4, of: options.seed)
        let plan = OwnReportPlan(
            tree: tree, ownReportRate: options.ownReportRate, mismatchRate: options.mismatchRate,
            using: &ownGenerator)
        var rollups = tree.levels.dropLast().map {
            [PopulationRollup](repeating: PopulationRollup(), count: $0.count * periods.count)
        }
        if !periods.isEmpty {
            writeLeaves(tree, options: options, periods: periods, rows: &rows, rollups: &rollups)
            writeInternal(
                tree, periods: periods, plan: plan, merges: merges, rows: &rows, rollups: &rollups, using: &ownGenerator)
        }
        try sink.close()
        return Outcome(
            bytes: sink.bytesWritten, rows: rows.rows, ownReportUnits: periods.isEmpty ? 0 : plan.reporters,
            plantedMismatchUnits: periods.isEmpty ? 0 : plan.mismatches)
    }

    /// The leaf pass: every leaf in `units.csv` order, its periods in order.
    private static func writeLeaves(
        _ tree: SyntheticTree, options: SyntheticOptions, periods: [Int], rows: inout ValueRowWriter,
        rollups: inout [[PopulationRollup]]
    ) {
        var generator = SeededGenerator.stream(2, of: options.seed)
        let rate = min(max(options.missingRate, 0), 1)
        let several = periods.count > 1
        // Earlier periods lose rows at half the rate; the latest loses as many rows and, on top,
        // whole leaves at the full rate (leaves that reported before and not in the latest period).
        let earlierMiss = SeededGenerator.threshold(for: several ? rate / 2 : rate)
        let latestMiss = SeededGenerator.threshold(for: several ? rate / 2 : rate)
        let latestDrop = SeededGenerator.threshold(for: several ? rate : 0)
        let periodCount = periods.count
        for depth in 1..<tree.levels.count {
            let parentLevel = tree.levels[depth - 1]
            let level = tree.levels[depth]
            var unit = 0
            for parent in 0..<parentLevel.count {
                for _ in 0..<parentLevel.childCounts[parent] {
                    defer { unit += 1 }
                    guard level.isLeaf(unit) else { continue }
                    var figures = LeafFigures(using: &generator)
                    for periodIndex in 0..<periodCount {
                        if periodIndex > 0 { figures.advance(using: &generator) }
                        let latest = periodIndex == periodCount - 1
                        if latest, generator.chance(latestDrop) { continue }
                        let reported = rows.leaf(
                            figures, level, unit, periods[periodIndex],
                            missThreshold: latest ? latestMiss : earlierMiss, using: &generator)
                        rollups[depth - 1][periodIndex * parentLevel.count + parent].add(
                            population: reported.population, coverage: reported.coverage)
                    }
                }
            }
        }
    }

    /// The internal pass, deepest level first: each unit's roll-up is complete before its own
    /// report is drawn, and its effective figures then go to its parent's roll-up.
    private static func writeInternal(
        _ tree: SyntheticTree, periods: [Int], plan: OwnReportPlan, merges: MergePlan, rows: inout ValueRowWriter,
        rollups: inout [[PopulationRollup]], using generator: inout SeededGenerator
    ) {
        for depth in stride(from: tree.levels.count - 2, through: 0, by: -1) {
            let level = tree.levels[depth]
            let parentLevel = depth > 0 ? tree.levels[depth - 1] : nil
            var unit = 0
            for parent in 0..<(parentLevel?.count ?? 1) {
                for _ in 0..<(parentLevel?.childCounts[parent] ?? 1) {
                    defer { unit += 1 }
                    guard !level.isLeaf(unit) else { continue }
                    let hdiBase = depth <= 1 ? generator.within(600, 850) : 0
                    for periodIndex in periods.indices {
                        let rollup = rollups[depth][periodIndex * level.count + unit]
                        var population = rollup.rolledPopulation
                        var coverage = rollup.rolledCoverage
                        // Units in a merge report nothing of their own after it: the merged one no
                        // longer exists, and the absorbing one's roll-up now spans both.
                        let merging = merges.involves(depth, unit) && periods[periodIndex] > merges.lastYear
                        if plan.reports(depth, unit) && !merging {
                            let own = ownReport(
                                rollup, mismatch: plan.isMismatch(depth, unit), using: &generator)
                            rows.count(level, unit, IndicatorCode.population, periods[periodIndex], own.population)
                            rows.decimal(
                                level, unit, IndicatorCode.healthInsurance, periods[periodIndex], own.coverage,
                                decimals: 2)
                            population = population ?? own.population
                            coverage = coverage ?? Double(own.coverage) / 100
                        }
                        if depth <= 1 {
                            rows.decimal(
                                level, unit, IndicatorCode.humanDevelopment, periods[periodIndex],
                                hdiBase + 4 * periodIndex, decimals: 3)
                        }
                        if let parentLevel {
                            rollups[depth - 1][periodIndex * parentLevel.count + parent].add(
                                population: population, coverage: coverage)
                        }
                    }
                }
            }
        }
    }

    /// A unit's own POP and BHYT (hundredths): its roll-up rounded, or drawn when nothing rolled
    /// up; a planted mismatch moves POP by 5% to 15% and BHYT by 3 to 8 points.
    private static func ownReport(
        _ rollup: PopulationRollup, mismatch: Bool, using generator: inout SeededGenerator
    ) -> (population: Int, coverage: Int) {
        var population = rollup.rolledPopulation ?? generator.within(1_000, 50_000)
        var coverage = rollup.rolledCoverage.map { Int(($0 * 100).rounded()) } ?? generator.within(8_000, 9_900)
        if mismatch {
            let change = max(1, population * generator.within(5, 15) / 100)
            population += generator.below(2) == 0 ? change : -change
            let points = generator.within(300, 800)
            coverage = coverage > 5_000 ? coverage - points : coverage + points
        }
        return (population, coverage)
    }
}
