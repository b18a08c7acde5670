import Dispatch
import RollupFindings
import RollupKernel
import RollupModel

/// What the findings say about one target: the findings that depend on it (reachability of its
/// children's targets, below its parent, out of range, off track, missed) and its progress row.
struct TargetResult: Sendable, Hashable {
    var findings: [Finding] = []
    var progress: ProgressRow?
}

/// One change applied to the plan, with what the plan said before, for `undo` and `diff`.
public struct AppliedChange: Sendable, Hashable {
    /// The key changed.
    public var key: TargetKey
    /// The plan's target before the change (`nil`: none).
    public var before: Target?
    /// The plan's target after it (`nil`: removed).
    public var after: Target?
    var previousEntry: TargetPlan.Entry?
}

/// How a finding or a progress status differs between two plans.
public enum EffectChange: String, Sendable, Hashable, CaseIterable {
    /// It was there and is no longer (a finding resolved; a removed target's progress row).
    case resolved
    /// It was not there and now is (a new finding; a new target's progress row).
    case introduced
    /// It is there in both, differently (a finding's severity, value or expected figure; a
    /// progress status).
    case altered

    /// The listing order: resolved, introduced, altered.
    public var order: Int {
        switch self {
        case .resolved: return 0
        case .introduced: return 1
        case .altered: return 2
        }
    }
}

/// One row of `changes.csv`: a finding or progress status that a change resolved, introduced or
/// altered.
public struct Effect: Sendable, Hashable {
    /// Resolved, introduced or altered.
    public var change: EffectChange
    /// The finding kind (`children_cannot_reach_target`, ...) or `progress`.
    public var kind: String
    /// The unit index.
    public var unit: Int
    /// The indicator index.
    public var indicator: Int
    /// The target year.
    public var period: Int
    /// Before: `SEVERITY VALUE (expected EXPECTED)` for a finding, the status for progress; empty
    /// when it was not there.
    public var before: String
    /// After, in the same form; empty when it is no longer there.
    public var after: String
    /// The finding's message (after the change, or before it when resolved); empty for progress.
    public var message: String
    let kindOrder: Int

    /// The order of `changes.csv`: change (resolved, introduced, altered), kind (findings in their
    /// listing order, then progress), period, unit index, indicator index.
    public static func listedBefore(_ a: Effect, _ b: Effect) -> Bool {
        if (a.change.order, a.kindOrder, a.period, a.unit, a.indicator) != (b.change.order, b.kindOrder, b.period, b.unit, b.indicator) {
            return (a.change.order, a.kindOrder, a.period, a.unit, a.indicator) < (
                b.change.order, b.kindOrder, b.period, b.unit, b.indicator
            )
        }
        return (a.before, a.after) < (b.before, b.after)
    }
}

/// The result of applying (or undoing) one change.
public struct StepResult: Sendable {
    /// The change (for an undo, the change undone).
    public var change: AppliedChange
    /// How many targets were re-evaluated.
    public var reevaluated: Int
    /// What this step resolved, introduced or altered, in `changes.csv` order.
    public var effects: [Effect]
}

/// A what-if simulation of a plan of targets over one loaded, rolled-up dataset.
///
/// Loading evaluates every target once (in parallel) and keeps each target's findings and
/// progress row by key. A change then re-evaluates only the targets whose findings can depend on
/// it, all of one indicator and year:
/// - the changed target itself (its reachability from its children, its comparison with its
///   nearest ancestor's target, its range and its progress);
/// - its parent's target (the roll-up of the parent's children's targets includes it);
/// - the targets below it whose nearest ancestor with a target is, was or becomes the changed
///   unit (their `target_below_parent`): the walk down stops at the first target on each path.
///
/// Nothing else reads that target, so the result is the same as a full ``FindingsEngine`` run on
/// the changed plan (a test compares them on random changes). Values never change: the findings
/// that depend on values only are computed once.
public final class PlanSimulation {
    /// The target-dependent checks, with the trees of the target years.
    public private(set) var checks: PlanChecks
    /// The current plan.
    public private(set) var plan: TargetPlan
    /// The findings that do not depend on targets, in listing order.
    public let valueFindings: [Finding]
    /// The changes applied so far (undone ones removed), oldest first.
    public private(set) var history: [AppliedChange] = []

    private let baseResults: [TargetKey: TargetResult]
    private var changedResults: [TargetKey: Slot] = [:]

    private struct Slot {
        var result: TargetResult?
    }

    /// The dataset simulated.
    public var dataset: Dataset { checks.dataset }

    /// Evaluates every target of `dataset` (rolled up as `rollup`) once, on `threads` threads.
    public init(
        dataset: Dataset, rollup: Rollup, options: FindingsOptions = FindingsOptions(), threads: Int = ParallelAggregator.activeProcessors
    ) {
        let checks = PlanChecks(dataset, rollup, options: options)
        self.checks = checks
        self.plan = TargetPlan(base: dataset.targets)
        self.valueFindings = checks.valueFindings()
        let targets = dataset.targets.targets
        let pieces = threads <= 1 ? 1 : max(1, min(threads * 8, targets.count / 512 + 1))
        let box = ReportBox(count: pieces)
        let table = dataset.targets
        if pieces == 1 {
            box.set(0, checks.evaluate(targets, in: table))
        } else {
            DispatchQueue.concurrentPerform(iterations: pieces) { n in
                let lo = targets.count * n / pieces
                let hi = targets.count * (n + 1) / pieces
                box.set(n, checks.evaluate(Array(targets[lo..<hi]), in: table))
            }
        }
        var results: [TargetKey: TargetResult] = [:]
        results.reserveCapacity(targets.count)
        for report in box.reports {
            PlanSimulation.group(report, into: &results)
        }
        baseResults = results
    }

    // MARK: changes

    /// Applies `change` and re-evaluates what it touches.
    @discardableResult
    public func apply(_ change: TargetChange) -> StepResult {
        let key = change.key
        checks.prepareYear(key.year)
        let before = plan.target(key)
        let previous = plan.set(key, change.target)
        let applied = AppliedChange(key: key, before: before, after: change.target, previousEntry: previous)
        history.append(applied)
        let (count, effects) = reevaluate(key)
        return StepResult(change: applied, reevaluated: count, effects: effects)
    }

    /// Undoes the last change still applied; `nil` when there is none.
    public func undo() -> StepResult? {
        guard let last = history.popLast() else { return nil }
        plan.restore(last.key, last.previousEntry)
        let (count, effects) = reevaluate(last.key)
        return StepResult(change: last, reevaluated: count, effects: effects)
    }

    /// The keys whose findings a change of `key` can alter (see the type's documentation), each
    /// once; the changed key first.
    public func affectedKeys(_ key: TargetKey) -> [TargetKey] {
        var keys = [key]
        let tree = checks.tree(forYear: key.year)
        guard key.unit < tree.positionOf.count else { return keys }
        let position = Int(tree.positionOf[key.unit])
        guard position >= 0 else { return keys }
        let parent = Int(tree.parentAt[position])
        if parent >= 0 { keys.append(TargetKey(unit: Int(tree.unitAt[parent]), indicator: key.indicator, year: key.year)) }
        var stack = [position]
        while let p = stack.popLast() {
            for c in tree.children(of: p) {
                let unit = Int(tree.unitAt[c])
                if plan.target(unit: unit, indicator: key.indicator, year: key.year) != nil {
                    keys.append(TargetKey(unit: unit, indicator: key.indicator, year: key.year))
                } else {
                    stack.append(c)
                }
            }
        }
        return keys
    }

    private func reevaluate(_ key: TargetKey) -> (Int, [Effect]) {
        let keys = affectedKeys(key)
        // The changed target: every check. Its parent: the roll-up of its children's targets only
        // (its own target, ancestors and values are unchanged). Below: the comparison with the
        // nearest ancestor's target only.
        var fresh: [TargetKey: TargetResult] = [:]
        var count = 0
        var parts: [(keys: ArraySlice<TargetKey>, kinds: PlanChecks.Kinds)] = [(keys[0..<1], .all)]
        if keys.count > 1 {
            let tree = checks.tree(forYear: key.year)
            let position = key.unit < tree.positionOf.count ? Int(tree.positionOf[key.unit]) : -1
            let hasParent = position >= 0 && tree.parentAt[position] >= 0
            if hasParent { parts.append((keys[1..<2], .reachability)) }
            parts.append((keys[(hasParent ? 2 : 1)...], .belowParent))
        }
        for (part, kinds) in parts {
            let targets = part.compactMap { plan.target($0) }
            guard !targets.isEmpty else { continue }
            count += targets.count
            let report = checks.evaluate(targets, in: plan, kinds: kinds)
            var partial: [TargetKey: TargetResult] = [:]
            PlanSimulation.group(report, into: &partial)
            let replaced = kinds.findingKinds
            for k in part where plan.target(k) != nil {
                var result = kinds == .all ? TargetResult() : (self.result(k) ?? TargetResult())
                result.findings.removeAll { replaced.contains($0.kind) }
                result.findings += partial[k]?.findings ?? []
                if kinds.contains(.progress) { result.progress = partial[k]?.progress }
                fresh[k] = result
            }
        }
        var effects: [Effect] = []
        for k in keys {
            let new = fresh[k]
            let old = result(k)
            if new == nil && old == nil { continue }
            effects += PlanSimulation.effects(k, from: old, to: new)
            changedResults[k] = Slot(result: new)
        }
        effects.sort(by: Effect.listedBefore)
        return (count, effects)
    }

    private static func group(_ report: FindingsReport, into results: inout [TargetKey: TargetResult]) {
        for row in report.progress {
            results[TargetKey(unit: row.unit, indicator: row.indicator, year: row.year), default: TargetResult()].progress = row
        }
        for f in report.findings {
            results[TargetKey(unit: f.unit, indicator: f.indicator, year: f.period), default: TargetResult()].findings.append(f)
        }
    }

    private func result(_ key: TargetKey) -> TargetResult? {
        if let slot = changedResults[key] { return slot.result }
        return baseResults[key]
    }

    // MARK: results

    /// The findings of the target `key` in the current plan (those that depend on it), in
    /// listing order.
    public func findings(of key: TargetKey) -> [Finding] {
        result(key)?.findings ?? []
    }

    /// The progress row of the target `key` in the current plan.
    public func progress(of key: TargetKey) -> ProgressRow? {
        result(key)?.progress
    }

    /// The report of the current plan: what ``FindingsEngine/evaluate(_:_:options:threads:)`` gives on
    /// the dataset with the plan's targets.
    public func report() -> FindingsReport {
        var findings = valueFindings
        var progress: [ProgressRow] = []
        progress.reserveCapacity(baseResults.count + changedResults.count)
        for (key, result) in baseResults where changedResults[key] == nil {
            findings += result.findings
            if let row = result.progress { progress.append(row) }
        }
        for slot in changedResults.values {
            guard let result = slot.result else { continue }
            findings += result.findings
            if let row = result.progress { progress.append(row) }
        }
        findings.sort(by: Finding.listedBefore)
        progress.sort { ($0.unit, $0.indicator, $0.year) < ($1.unit, $1.indicator, $1.year) }
        return FindingsReport(findings: findings, progress: progress)
    }

    /// Every finding and progress status that the changes so far resolved, introduced or
    /// altered, against the plan as loaded, in `changes.csv` order.
    public func effects() -> [Effect] {
        var effects: [Effect] = []
        for (key, slot) in changedResults {
            effects += PlanSimulation.effects(key, from: baseResults[key], to: slot.result)
        }
        effects.sort(by: Effect.listedBefore)
        return effects
    }

    /// The keys of every target with a `children_cannot_reach_target` finding in the current
    /// plan, by unit, indicator, year.
    public func unreachableParents() -> [TargetKey] {
        var keys: [TargetKey] = []
        for (key, result) in baseResults where changedResults[key] == nil {
            if result.findings.contains(where: { $0.kind == .childrenCannotReachTarget }) { keys.append(key) }
        }
        for (key, slot) in changedResults {
            if slot.result?.findings.contains(where: { $0.kind == .childrenCannotReachTarget }) == true { keys.append(key) }
        }
        return keys.sorted()
    }

    static func effects(_ key: TargetKey, from old: TargetResult?, to new: TargetResult?) -> [Effect] {
        var effects: [Effect] = []
        for kind in FindingKind.allCases {
            let a = old?.findings.first { $0.kind == kind }
            let b = new?.findings.first { $0.kind == kind }
            let change: EffectChange
            switch (a, b) {
            case (nil, nil): continue
            case (nil, .some): change = .introduced
            case (.some, nil): change = .resolved
            case (.some(let a), .some(let b)):
                guard a.severity != b.severity || a.value != b.value || a.expected != b.expected else { continue }
                change = .altered
            }
            effects.append(
                Effect(
                    change: change, kind: kind.rawValue, unit: key.unit, indicator: key.indicator, period: key.year,
                    before: a.map(describe) ?? "", after: b.map(describe) ?? "", message: (b ?? a)?.message ?? "",
                    kindOrder: kind.order))
        }
        let a = old?.progress?.status
        let b = new?.progress?.status
        if a != b {
            let change: EffectChange = a == nil ? .introduced : b == nil ? .resolved : .altered
            effects.append(
                Effect(
                    change: change, kind: "progress", unit: key.unit, indicator: key.indicator, period: key.year,
                    before: a?.rawValue ?? "", after: b?.rawValue ?? "", message: "", kindOrder: FindingKind.allCases.count))
        }
        return effects
    }

    /// `error 92.25 (expected 100)`.
    static func describe(_ f: Finding) -> String {
        "\(f.severity.rawValue) \(f.value) (expected \(f.expected))"
    }
}

/// Reports written by concurrent tasks, each into its own slot under a lock.
private final class ReportBox: @unchecked Sendable {
    private let lock = DispatchSemaphore(value: 1)
    private(set) var reports: [FindingsReport]

    init(count: Int) { reports = Array(repeating: FindingsReport(findings: [], progress: []), count: count) }

    func set(_ n: Int, _ report: FindingsReport) {
        lock.wait()
        reports[n] = report
        lock.signal()
    }
}
