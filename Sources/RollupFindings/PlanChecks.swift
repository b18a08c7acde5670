import RollupKernel
import RollupModel

/// Where the checks that read targets look a target up: the dataset's own ``TargetTable``, or a
/// plan that changes some of its targets (a what-if simulation).
public protocol TargetLookup: Sendable {
    /// The target of `unit` for `indicator` by the end of `year`, if any.
    func target(unit: Int, indicator: Int, year: Int) -> Target?
}

extension TargetTable: TargetLookup {}

extension FindingsContext {
    /// The target of `unit` for `indicator` by the end of `year`: from the plan when there is
    /// one (a target it removed is `nil`, whatever `dataset.targets` holds), else from the dataset.
    func target(unit: Int, indicator: Int, year: Int) -> Target? {
        if hasPlan, let plan { return plan.target(unit: unit, indicator: indicator, year: year) }
        if indexed {
            guard let n = targetIndex?.target(unit: unit, indicator: indicator, year: year) else { return nil }
            return dataset.targets.targets[n]
        }
        return dataset.targets.target(unit: unit, indicator: indicator, year: year)
    }

    /// Whether `unit` has a target for `indicator` by the end of `year` (see
    /// ``target(unit:indicator:year:)``).
    func hasTarget(unit: Int, indicator: Int, year: Int) -> Bool {
        if !hasPlan && indexed { return targetIndex?.target(unit: unit, indicator: indicator, year: year) != nil }
        return target(unit: unit, indicator: indicator, year: year) != nil
    }

    /// The target of `unit` for `indicator` (whose description is `description`) by the end of
    /// `year`, as an interval (see ``interval(of:_:)``): read once per run from ``targetIndex``
    /// when there is no plan.
    func targetInterval(unit: Int, indicator: Int, year: Int) -> Interval? {
        if !hasPlan && indexed {
            guard let n = targetIndex?.target(unit: unit, indicator: indicator, year: year) else { return nil }
            return targetIndex?.intervals[n]
        }
        return target(unit: unit, indicator: indicator, year: year).flatMap { interval(of: $0.figure, dataset.indicators[indicator]) }
    }

    /// ``targetInterval(unit:indicator:year:)`` with the indicator's description at hand.
    func targetInterval(unit: Int, indicator: Int, year: Int, _ description: Indicator) -> Interval? {
        if !hasPlan && indexed {
            guard let n = targetIndex?.target(unit: unit, indicator: indicator, year: year) else { return nil }
            return targetIndex?.intervals[n]
        }
        return target(unit: unit, indicator: indicator, year: year).flatMap { interval(of: $0.figure, description) }
    }
}

/// The roll-up of one parent's children's targets, as the `children_cannot_reach_target` check
/// computes it: which children, their targets as intervals, and the weights they are combined with.
public struct ChildrenTargets: Sendable, Hashable {
    /// What the children's targets are weighted by (the same rule as the findings).
    public enum Weighting: Sendable, Hashable {
        /// Each child once: `sum`, `mean`, `min`, `max`, `worst_level`.
        case each
        /// The weight indicator's values of `period`: the latest period in which every child has
        /// an exact, non-negative weight (`weighted_mean`).
        case period(weight: Int, period: Int)
        /// The number of leaves below each child in the target year's tree (`share_of_units`).
        case leaves
        /// No period has a weight for every child: the roll-up is the range of the children's
        /// targets, whatever the weights (`weighted_mean`).
        case anyWeights(weight: Int)
    }

    /// One child of the parent in the target year's tree.
    public struct Child: Sendable, Hashable {
        /// The unit index.
        public var unit: Int
        /// Its target as an interval (a level as the point of its rank), `nil` without one.
        public var target: Interval?
        /// Its target as written, `nil` without one.
        public var text: String?
        /// Its weight (1 unless weighted).
        public var weight: Double
    }

    /// The indicator's aggregation.
    public var aggregation: Aggregation
    /// How the children are weighted.
    public var weighting: Weighting
    /// The children, in tree (`units.csv`) order.
    public var children: [Child]
    /// The roll-up of the children having a target.
    public var planned: Interval?
    /// The roll-up with every child without a target at any valid value.
    public var complete: Interval?
}

/// The checks that read targets (`children_cannot_reach_target`, `target_below_parent`,
/// `out_of_range` of targets, `off_track`, `missed` and the progress rows), callable for chosen
/// targets against a plan that may differ from the dataset's own targets.
///
/// A target's findings depend only on: its own figure, its children's targets (reachability),
/// its nearest ancestor's target (below parent), and the values. ``evaluate(_:in:)`` runs the very
/// code of ``FindingsEngine`` on the targets given, looking every other target up in the plan, so a
/// caller that re-evaluates the targets a change touches gets what a full run would give.
public struct PlanChecks: Sendable {
    /// The context of the whole dataset (trees of the target years, figures through mergers).
    private var base: FindingsContext

    /// The dataset as loaded (its own targets are the base plan).
    public var dataset: Dataset { base.dataset }
    /// Its roll-up.
    public var rollup: Rollup { base.rollup }
    /// The options of the checks.
    public var options: FindingsOptions { base.options }

    /// Prepares the checks of `dataset` (rolled up as `rollup`), building the tree of every
    /// target year.
    public init(_ dataset: Dataset, _ rollup: Rollup, options: FindingsOptions = FindingsOptions()) {
        base = FindingsContext(dataset, rollup, options)
    }

    /// Builds (once) the tree of a target year that the dataset's targets do not have.
    public mutating func prepareYear(_ year: Int) {
        if base.targetTrees[year] == nil { base.targetTrees[year] = FindingsContext.tree(forYear: year, base.dataset) }
    }

    /// The tree targets of `year` are checked over (built on the spot if ``prepareYear(_:)`` was
    /// not called for it).
    public func tree(forYear year: Int) -> Hierarchy { base.tree(forYear: year) }

    /// Every finding that does not depend on targets (roll-up mismatches, values out of range,
    /// outliers, missing reports, low coverage), in listing order.
    public func valueFindings() -> [Finding] {
        var withoutTargets = base.dataset
        withoutTargets.targets = TargetTable([])
        return FindingsEngine.evaluate(withoutTargets, base.rollup, options: base.options).findings
    }

    /// The checks that read targets, to run some of them only.
    public struct Kinds: OptionSet, Sendable, Hashable {
        /// The bits.
        public let rawValue: Int
        /// Makes a set from its bits.
        public init(rawValue: Int) { self.rawValue = rawValue }
        /// `children_cannot_reach_target`: reads the target and its children's targets.
        public static let reachability = Kinds(rawValue: 1)
        /// `target_below_parent`: reads the target and its nearest ancestor's target.
        public static let belowParent = Kinds(rawValue: 2)
        /// `out_of_range` of the target: reads the target only.
        public static let range = Kinds(rawValue: 4)
        /// The progress row, `off_track` and `missed`: read the target and the values.
        public static let progress = Kinds(rawValue: 8)
        /// Every check that reads targets.
        public static let all: Kinds = [.reachability, .belowParent, .range, .progress]

        /// The finding kinds these checks produce.
        public var findingKinds: [FindingKind] {
            var kinds: [FindingKind] = []
            if contains(.reachability) { kinds.append(.childrenCannotReachTarget) }
            if contains(.belowParent) { kinds.append(.targetBelowParent) }
            if contains(.range) { kinds.append(.outOfRange) }
            if contains(.progress) { kinds += [.offTrack, .missed] }
            return kinds
        }
    }

    /// The findings and progress rows of `targets` (each a target of `plan`, keys distinct), with
    /// every other target looked up in `plan`; findings in listing order, rows by unit, indicator,
    /// year (only with `.progress`). Runs the checks in `kinds` only. The trees of the targets'
    /// years should have been prepared (``prepareYear(_:)``).
    public func evaluate(_ targets: [Target], in plan: any TargetLookup, kinds: Kinds = .all) -> FindingsReport {
        var c = base
        c.dataset.targets = TargetTable(targets)
        c.targetIndex = nil
        c.plan = plan
        var findings: [Finding] = []
        if kinds.contains(.reachability) { findings += TargetReachabilityCheck.run(c) }
        if kinds.contains(.belowParent) { findings += TargetBelowParentCheck.run(c) }
        if kinds.contains(.range) {
            // Targets out of range only: the same context without reported values.
            var targetsOnly = c
            targetsOnly.dataset.periods = []
            targetsOnly.dataset.trees = []
            targetsOnly.dataset.reported = []
            findings += RangeCheck.run(targetsOnly)
        }
        var rows: [ProgressRow] = []
        if kinds.contains(.progress) {
            let (progressRows, progressFindings) = ProgressCheck.run(c)
            rows = progressRows.sorted { ($0.unit, $0.indicator, $0.year) < ($1.unit, $1.indicator, $1.year) }
            findings += progressFindings
        }
        findings.sort(by: Finding.listedBefore)
        return FindingsReport(findings: findings, progress: rows)
    }

    /// The roll-up of the children's targets under `target` (a target of `plan`), as the
    /// reachability check makes it; `nil` for a leaf, a unit absent from the year's tree, a
    /// `ratio` or `none` indicator, or when no child has a target.
    public func childrenTargets(of target: Target, in plan: any TargetLookup) -> ChildrenTargets? {
        let tree = base.tree(forYear: target.year)
        guard target.unit < tree.positionOf.count else { return nil }
        let position = Int(tree.positionOf[target.unit])
        guard position >= 0, !tree.isLeaf(position) else { return nil }
        var c = base
        c.plan = plan
        guard let rollup = TargetRollup.make(target, position: position, tree: tree, c) else { return nil }
        let weighting: ChildrenTargets.Weighting
        switch rollup.basis {
        case .each: weighting = .each
        case .period(let w, let period): weighting = .period(weight: w, period: period)
        case .leaves: weighting = .leaves
        case .anyWeights(let w): weighting = .anyWeights(weight: w)
        }
        return ChildrenTargets(
            aggregation: rollup.aggregation, weighting: weighting,
            children: rollup.children.map { ChildrenTargets.Child(unit: $0.unit, target: $0.target, text: $0.text, weight: $0.weight) },
            planned: rollup.planned, complete: rollup.complete)
    }

    /// A target as the checks read it: an interval, a level as the point of its rank; `nil` for a
    /// level not on the indicator's scale.
    public func interval(of target: Target) -> Interval? {
        base.interval(of: target.figure, base.dataset.indicators[target.indicator])
    }

    /// The direction comparisons use for `indicator`: its own, or `higher` for a level scale.
    public func direction(_ indicator: Int) -> Direction? {
        base.direction(base.dataset.indicators[indicator])
    }

    /// Every value `indicator` allows: `low`..`high` (unbounded where not given), or the ranks of
    /// its level scale.
    public func validRange(_ indicator: Int) -> Interval {
        base.validRange(base.dataset.indicators[indicator])
    }

    /// Whether `a` meets the target `goal` of `indicator`, as the checks compare (numbers within a
    /// relative 10⁻¹² are equal): `true` met, `false` not met, `nil` undetermined.
    public func meets(_ a: Interval, _ goal: Interval, indicator: Int) -> Bool? {
        switch Verdict.of(a, against: goal, direction: direction(indicator)) {
        case .met: return true
        case .notMet: return false
        case .undetermined: return nil
        }
    }

    /// A figure's text as the `value` and `expected` columns write it.
    public func text(_ i: Interval, indicator: Int) -> String {
        FigureText.figure(i, base.dataset.indicators[indicator])
    }

    /// A figure's text as messages write it (6 significant digits).
    public func readable(_ i: Interval, indicator: Int) -> String {
        FigureText.figure(i, base.dataset.indicators[indicator], readable: true)
    }
}
