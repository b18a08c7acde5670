import Dispatch
import RollupKernel
import RollupModel

/// Everything the checks found: the findings in listing order and one progress row per target.
public struct FindingsReport: Sendable {
    /// Every finding, sorted by ``Finding/listedBefore(_:_:)``: more serious first, then kind,
    /// period, unit index, indicator index.
    public var findings: [Finding]
    /// One row per target (unit, indicator, year), by unit index, indicator index, year.
    public var progress: [ProgressRow]

    /// Makes a report; assumes both lists are already in their order.
    public init(findings: [Finding], progress: [ProgressRow]) {
        self.findings = findings
        self.progress = progress
    }

    /// The number of findings of each kind and severity.
    public var counts: [FindingKind: [Severity: Int]] {
        var counts: [FindingKind: [Severity: Int]] = [:]
        for f in findings { counts[f.kind, default: [:]][f.severity, default: 0] += 1 }
        return counts
    }

    /// Whether any finding is an error.
    public var hasErrors: Bool { findings.contains { $0.severity == .error } }
}

/// Finds where plans and figures do not add up, and where each unit stands against each target.
///
/// The checks, one per file, each documented there:
/// - `children_cannot_reach_target` (``TargetReachabilityCheck``): the children's targets rolled
///   up with the indicator's aggregation against the parent's;
/// - `target_below_parent` (``TargetBelowParentCheck``): a target asking less than the nearest
///   ancestor's;
/// - `rollup_mismatch` (``RollupMismatchCheck``): an own report against its children's roll-up,
///   within the precision it was written with;
/// - `off_track`, `missed` and the progress rows (``ProgressCheck``);
/// - `out_of_range` (``RangeCheck``), `outlier` (``OutlierCheck``), `missing_report` and
///   `missing_own_report` (``MissingReportCheck``), `low_coverage` (``CoverageCheck``).
///
/// Targets are checked over the tree of their year: the tree built for that year when units have
/// validity windows, else the tree of the latest period up to the year (the earliest period when
/// all are later). Figures in the `value` and `expected` columns are numbers in the shortest
/// round-trip form, level names, or intervals written as a bound when one end is the indicator's
/// valid limit or unbounded (`<3`, `<=3`, `>60`, `>=97`) and with brackets otherwise
/// (`[94.15, 94.25)`, `[28, 30]`).
public enum FindingsEngine {
    /// Runs every check on `dataset` and its roll-up; assumes `rollup` is
    /// `ParallelAggregator.rollUp(dataset)` (same periods, trees and indicators). The result does
    /// not depend on the thread count or on the order the checks run in.
    public static func evaluate(_ dataset: Dataset, _ rollup: Rollup, options: FindingsOptions = .init()) -> FindingsReport {
        let context = FindingsContext(dataset, rollup, options)
        let checks: [@Sendable (FindingsContext) -> [Finding]] = [
            TargetReachabilityCheck.run, TargetBelowParentCheck.run, RollupMismatchCheck.run, RangeCheck.run,
            OutlierCheck.run, MissingReportCheck.run, CoverageCheck.run,
        ]
        let results = Results(count: checks.count + 1)
        DispatchQueue.concurrentPerform(iterations: checks.count + 1) { n in
            if n < checks.count {
                results.set(n, findings: checks[n](context))
            } else {
                let (rows, findings) = ProgressCheck.run(context)
                results.set(n, findings: findings, rows: rows)
            }
        }
        var findings = results.findings.flatMap { $0 }
        findings.sort(by: Finding.listedBefore)
        var progress = results.rows
        progress.sort { ($0.unit, $0.indicator, $0.year) < ($1.unit, $1.indicator, $1.year) }
        return FindingsReport(findings: findings, progress: progress)
    }
}

/// The checks' results, each written by one task into its own slot under a lock.
private final class Results: @unchecked Sendable {
    private let lock = DispatchSemaphore(value: 1)
    private(set) var findings: [[Finding]]
    private(set) var rows: [ProgressRow] = []

    init(count: Int) { findings = Array(repeating: [], count: count) }

    func set(_ n: Int, findings list: [Finding], rows: [ProgressRow]? = nil) {
        lock.wait()
        findings[n] = list
        if let rows { self.rows = rows }
        lock.signal()
    }
}
