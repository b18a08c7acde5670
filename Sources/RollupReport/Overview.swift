import RollupFindings
import RollupKernel
import RollupModel

/// The overview of a run, computed once and written both as HTML and as Markdown.
struct Overview {
    /// Units by level label, in the order the labels first appear.
    var levels: [(label: String, count: Int)] = []
    var unitCount = 0
    var leafCount = 0
    var roots: [String] = []
    var indicatorCount = 0
    var indicatorsWithTargets = 0
    var indicatorsWithValues = 0
    var periods: [Int] = []
    var targetYears: [Int] = []
    var targetCount = 0
    var coverage: [PeriodCoverage] = []
    var severityCounts: [Severity: Int] = [:]
    /// Kinds with findings, the worst first: by their most serious severity, then count.
    var kinds: [(kind: FindingKind, counts: [Severity: Int], total: Int)] = []
    var progressCounts: [ProgressStatus: Int] = [:]
    var findingCount = 0

    /// The values of one period.
    struct PeriodCoverage {
        var period: Int
        /// Values leaves reported.
        var reported = 0
        /// Values rolled up from children.
        var rolledUp = 0
        /// Internal units' own reports used as their value.
        var ownReports = 0
        /// Reported leaf values over leaves × indicators some leaf reported that period.
        var leafShare = Double.nan
        /// The mean coverage of the rolled-up values.
        var meanCoverage = Double.nan
        /// Indicators some leaf reported that period.
        var leafIndicators = 0
    }

    init(_ c: ReportContext) {
        let dataset = c.dataset
        unitCount = dataset.units.count
        var labelIndex: [String: Int] = [:]
        for records in dataset.units.records {
            let label = records[0].level.isEmpty ? "unlabelled" : records[0].level
            if let k = labelIndex[label] {
                levels[k].count += 1
            } else {
                labelIndex[label] = levels.count
                levels.append((label, 1))
            }
        }
        let tree = c.latestTree
        for p in 0..<tree.count where tree.isLeaf(p) { leafCount += 1 }
        let rootEnd = tree.levelStart.count > 1 ? tree.levelStart[1] : 0
        roots = (0..<rootEnd).map { c.unitName(Int(tree.unitAt[$0]), c.latestPeriod) }
        indicatorCount = dataset.indicators.count
        var targeted = Set<Int>()
        for t in dataset.targets.targets { targeted.insert(t.indicator) }
        indicatorsWithTargets = targeted.count
        periods = c.rollup.periods.map(\.period)
        targetYears = dataset.targets.years
        targetCount = dataset.targets.targets.count
        var withValues = Set<Int>()
        for period in c.rollup.periods {
            var entry = PeriodCoverage(period: period.period)
            let tree = period.tree
            var coverageSum = 0.0
            var leafReported = 0
            var leafIndicators = 0
            for (i, column) in period.columns.enumerated() {
                var anyLeaf = 0
                for p in 0..<min(column.sources.count, tree.count) {
                    switch column.sources[p] {
                    case .reported:
                        entry.reported += 1
                        if tree.isLeaf(p) { anyLeaf += 1 }
                    case .rollup, .approximate:
                        entry.rolledUp += 1
                        if column.coverage[p].isFinite { coverageSum += column.coverage[p] }
                    case .ownReport: entry.ownReports += 1
                    case .none: continue
                    }
                    withValues.insert(i)
                }
                if anyLeaf > 0 {
                    leafIndicators += 1
                    leafReported += anyLeaf
                }
            }
            let leaves = (0..<tree.count).reduce(0) { $0 + (tree.isLeaf($1) ? 1 : 0) }
            if leafIndicators > 0 && leaves > 0 { entry.leafShare = Double(leafReported) / Double(leafIndicators * leaves) }
            if entry.rolledUp > 0 { entry.meanCoverage = coverageSum / Double(entry.rolledUp) }
            entry.leafIndicators = leafIndicators
            coverage.append(entry)
        }
        indicatorsWithValues = withValues.count
        findingCount = c.report.findings.count
        var perKind: [FindingKind: [Severity: Int]] = [:]
        for f in c.report.findings {
            severityCounts[f.severity, default: 0] += 1
            perKind[f.kind, default: [:]][f.severity, default: 0] += 1
        }
        kinds = perKind.map { (kind: $0.key, counts: $0.value, total: $0.value.values.reduce(0, +)) }
        kinds.sort { a, b in
            let sa = Severity.allCases.filter { a.counts[$0] != nil }.max() ?? .info
            let sb = Severity.allCases.filter { b.counts[$0] != nil }.max() ?? .info
            if sa != sb { return sa > sb }
            let ca = a.counts[sa] ?? 0
            let cb = b.counts[sb] ?? 0
            if ca != cb { return ca > cb }
            return a.kind.order < b.kind.order
        }
        for row in c.report.progress { progressCounts[row.status, default: 0] += 1 }
    }

    /// Severities, the most serious first.
    static let severities: [Severity] = [.error, .warning, .info]

    /// `N unit(s)`-style counting.
    static func plural(_ n: Int, _ word: String, _ plural: String? = nil) -> String {
        "\(ReportNumber.count(n)) " + (n == 1 ? word : (plural ?? word + "s"))
    }
}
