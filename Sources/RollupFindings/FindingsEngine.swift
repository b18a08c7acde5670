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
    /// Runs every check on `dataset` and its roll-up on `threads` threads; assumes `rollup` is
    /// `ParallelAggregator.rollUp(dataset)` (same periods, trees and indicators). The result does
    /// not depend on the thread count or on the order the checks run in.
    public static func evaluate(
        _ dataset: Dataset, _ rollup: Rollup, options: FindingsOptions = .init(), threads: Int = ParallelAggregator.activeProcessors
    ) -> FindingsReport {
        evaluate(dataset, rollup, options: options, threads: threads, chunk: 8192)
    }

    /// ``evaluate(_:_:options:threads:)`` with the work cut into pieces of about `chunk` targets
    /// or tree positions (at least 1): small pieces in tests exercise the split.
    static func evaluate(_ dataset: Dataset, _ rollup: Rollup, options: FindingsOptions, threads: Int, chunk: Int) -> FindingsReport {
        var context = FindingsContext(dataset, rollup, options)
        let index = TargetIndex(dataset.targets, unitCount: dataset.units.count, indicators: dataset.indicators)
        context.targetIndex = index
        let tasks = FindingsTask.split(context, order: index.order, chunk: max(1, chunk))
        let results = TaskResults(count: tasks.count)
        // Each worker takes the next task as soon as it is free (tasks differ much in cost).
        WorkRunner(threads: threads).run(tasks: tasks.count) { t in
            var findings: [Finding] = []
            var rows: [ProgressRow] = []
            tasks[t].run(context, order: index.order, findings: &findings, rows: &rows)
            results.set(t, findings: findings, rows: rows)
        }
        var (findings, rows) = results.take()
        sortForListing(&findings)
        return FindingsReport(findings: findings, progress: rows)
    }

    /// `findings` sorted by ``Finding/listedBefore(_:_:)``, comparing small keys and the texts
    /// only on ties, then put in that order in place by swaps (no finding copied).
    static func listingOrder(_ findings: [Finding]) -> [Finding] {
        var sorted = findings
        sortForListing(&sorted)
        return sorted
    }

    /// Sorts `findings` as ``listingOrder(_:)`` does, in place: a uniquely held array is reordered
    /// by swaps, without copying (retaining) a finding.
    static func sortForListing(_ findings: inout [Finding]) {
        let source = ListingKeys(findings).map { $0.order(findings) } ?? comparedOrder(findings)
        findings.withUnsafeMutableBufferPointer { permute($0, by: source) }
    }

    /// The positions of `findings` in listing order, sorted by comparing the findings' keys with
    /// a closure: the way for findings whose keys do not fit in ``ListingKeys``.
    static func comparedOrder(_ findings: [Finding]) -> [Int] {
        struct Key {
            var rank: Int
            var period: Int
            var unit: Int
            var indicator: Int
            var index: Int
        }
        var keys = findings.enumerated().map { n, f in
            Key(rank: ListingKeys.rank(f), period: f.period, unit: f.unit, indicator: f.indicator, index: n)
        }
        keys.sort { a, b in
            if a.rank != b.rank { return a.rank < b.rank }
            if a.period != b.period { return a.period < b.period }
            if a.unit != b.unit { return a.unit < b.unit }
            if a.indicator != b.indicator { return a.indicator < b.indicator }
            return ListingKeys.before(findings, a.index, b.index)
        }
        return keys.map(\.index)
    }

    /// Reorders `items` so that position `j` holds what was at `source[j]`, following each cycle
    /// of the permutation with swaps; assumes `source` is a permutation of `items.indices`.
    static func permute<T>(_ items: UnsafeMutableBufferPointer<T>, by source: [Int]) {
        guard source.count == items.count else { return }
        var placed = [Bool](repeating: false, count: source.count)
        for start in source.indices where !placed[start] {
            var j = start
            while true {
                placed[j] = true
                let next = source[j]
                guard next != start, next >= 0, next < items.count else { break }
                items.swapAt(j, next)
                j = next
            }
        }
    }
}

/// One piece of the checks' work: some targets, some progress rows, or a range of tree
/// positions of one period and indicator. Pieces are independent; each writes its own results.
enum FindingsTask {
    /// Reachability, below-parent and range checks of the targets `range` (table order).
    case targets(Range<Int>)
    /// Progress rows and findings of the targets `order[range]` ((unit, indicator, year) order).
    case progress(Range<Int>)
    /// The value checks of period `k`, indicator `i`, at the tree positions `positions`.
    case column(k: Int, i: Int, positions: Range<Int>)

    /// Cuts the work of `c` into pieces of about `chunk` targets or positions; progress pieces
    /// come in `order`, so concatenating their rows keeps that order.
    static func split(_ c: FindingsContext, order: [Int32], chunk: Int) -> [FindingsTask] {
        var tasks: [FindingsTask] = []
        let targetCount = c.dataset.targets.targets.count
        for start in stride(from: 0, to: targetCount, by: chunk) {
            tasks.append(.targets(start..<min(targetCount, start + chunk)))
        }
        for start in stride(from: 0, to: order.count, by: chunk) {
            tasks.append(.progress(start..<min(order.count, start + chunk)))
        }
        let periods = max(c.rollup.periods.count, c.dataset.periods.count)
        for k in 0..<periods {
            let rolledUp = k < c.rollup.periods.count ? c.rollup.periods[k].tree.count : 0
            let reported = k < c.dataset.trees.count ? c.dataset.trees[k].count : 0
            let positions = max(rolledUp, reported)
            for i in 0..<c.dataset.indicators.count {
                for start in stride(from: 0, to: positions, by: chunk) {
                    tasks.append(.column(k: k, i: i, positions: start..<min(positions, start + chunk)))
                }
            }
        }
        return tasks
    }

    /// Runs the piece, appending to `findings` and (progress pieces) `rows`.
    func run(_ c: FindingsContext, order: [Int32], findings: inout [Finding], rows: inout [ProgressRow]) {
        switch self {
        case .targets(let range):
            TargetReachabilityCheck.run(c, targets: range, into: &findings)
            TargetBelowParentCheck.run(c, targets: range, into: &findings)
            RangeCheck.run(c, targets: range, into: &findings)
        case .progress(let range):
            ProgressCheck.run(c, order: order[range], rows: &rows, findings: &findings)
        case .column(let k, let i, let positions):
            RollupMismatchCheck.run(c, period: k, indicator: i, positions: positions, into: &findings)
            RangeCheck.run(c, period: k, indicator: i, positions: positions, into: &findings)
            var scratch = OutlierCheck.Scratch()
            OutlierCheck.run(c, period: k, indicator: i, parents: positions, scratch: &scratch, into: &findings)
            CoverageCheck.run(c, period: k, indicator: i, positions: positions, into: &findings)
            if k == c.dataset.periods.count - 1 {
                MissingReportCheck.run(c, indicator: i, positions: positions, into: &findings)
            }
        }
    }
}

/// The tasks' results, each written by one task into its own slot under a lock.
private final class TaskResults: @unchecked Sendable {
    private let lock = DispatchSemaphore(value: 1)
    private var findings: [[Finding]]
    private var rows: [[ProgressRow]]

    init(count: Int) {
        findings = Array(repeating: [], count: count)
        rows = Array(repeating: [], count: count)
    }

    func set(_ n: Int, findings list: [Finding], rows newRows: [ProgressRow]) {
        lock.wait()
        findings[n] = list
        rows[n] = newRows
        lock.signal()
    }

    /// Every task's findings and rows, concatenated in task order, moved out of the tasks' lists
    /// (which are left holding placeholders).
    func take() -> ([Finding], [ProgressRow]) {
        lock.wait()
        defer { lock.signal() }
        let finding = Finding(kind: .missed, severity: .info, unit: 0, indicator: 0, period: 0, value: "", expected: "", message: "")
        let row = ProgressRow(
            unit: 0, indicator: 0, year: 0, target: "", period: nil, value: nil, baselinePeriod: nil, baselineValue: nil,
            status: .noData, progressRatio: nil)
        return (Concatenation.moving(&findings, placeholder: finding), Concatenation.moving(&rows, placeholder: row))
    }
}

/// Joins lists into one by moving their elements: a memory copy, without retaining (and later
/// releasing) the texts each element holds, as a copy would, touching every one of them.
enum Concatenation {
    /// The elements of `parts` in order; each list of `parts` is left holding as many copies of
    /// `placeholder` (which should hold no allocated storage: empty texts).
    static func moving<T>(_ parts: inout [[T]], placeholder: T) -> [T] {
        let total = parts.reduce(0) { $0 + $1.count }
        return [T](unsafeUninitializedCapacity: total) { destination, initialized in
            initialized = 0
            guard let base = destination.baseAddress else { return }
            for p in parts.indices {
                parts[p].withUnsafeMutableBufferPointer { source in
                    guard let from = source.baseAddress, initialized + source.count <= total else { return }
                    (base + initialized).moveInitialize(from: from, count: source.count)
                    from.initialize(repeating: placeholder, count: source.count)
                    initialized += source.count
                }
            }
        }
    }
}
