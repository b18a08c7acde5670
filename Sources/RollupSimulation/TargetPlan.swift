import RollupFindings
import RollupModel

/// The key of a target: a unit, an indicator and a year (indices in the dataset's tables).
public struct TargetKey: Sendable, Hashable, Comparable {
    /// The unit index in the ``UnitCatalog``.
    public var unit: Int
    /// The indicator index in the ``IndicatorTable``.
    public var indicator: Int
    /// The target year.
    public var year: Int

    /// Makes a key.
    public init(unit: Int, indicator: Int, year: Int) {
        self.unit = unit
        self.indicator = indicator
        self.year = year
    }

    /// The key of `target`.
    public init(_ target: Target) {
        self.init(unit: target.unit, indicator: target.indicator, year: target.year)
    }

    /// Unit index, then indicator index, then year (the order of `progress.csv`).
    public static func < (a: TargetKey, b: TargetKey) -> Bool {
        (a.unit, a.indicator, a.year) < (b.unit, b.indicator, b.year)
    }
}

/// A plan of targets: the dataset's own targets with some changed, added or removed.
///
/// The dataset's ``TargetTable`` is never copied or modified: changes live in a small table
/// beside it, so that a change costs one dictionary update whatever the number of targets.
public struct TargetPlan: TargetLookup {
    /// What the plan says about a key the base has or had: a target, or none (removed).
    public struct Entry: Sendable, Hashable {
        /// The target, `nil` when the plan removes it.
        public var target: Target?
        /// The order in which keys were first changed (keeps added targets in order).
        var sequence: Int
    }

    /// The targets as loaded.
    public let base: TargetTable
    /// The keys the plan changes, with what it says about them.
    public private(set) var changes: [TargetKey: Entry] = [:]
    private var nextSequence = 0

    /// The plan of the dataset's own targets, unchanged.
    public init(base: TargetTable) {
        self.base = base
    }

    /// The target of `unit` for `indicator` by the end of `year` in this plan.
    public func target(unit: Int, indicator: Int, year: Int) -> Target? {
        if let entry = changes[TargetKey(unit: unit, indicator: indicator, year: year)] { return entry.target }
        return base.target(unit: unit, indicator: indicator, year: year)
    }

    /// The target of `key` in this plan.
    public func target(_ key: TargetKey) -> Target? {
        target(unit: key.unit, indicator: key.indicator, year: key.year)
    }

    /// The target of `key` as loaded.
    public func baseTarget(_ key: TargetKey) -> Target? {
        base.target(unit: key.unit, indicator: key.indicator, year: key.year)
    }

    /// Sets (or, with `nil`, removes) the target of `key`; returns what the plan said about the
    /// key before (`nil`: the key was unchanged), for ``restore(_:_:)``.
    @discardableResult
    public mutating func set(_ key: TargetKey, _ target: Target?) -> Entry? {
        let previous = changes[key]
        changes[key] = Entry(target: target, sequence: previous?.sequence ?? nextSequence)
        if previous == nil { nextSequence += 1 }
        return previous
    }

    /// Puts back what ``set(_:_:)`` returned.
    public mutating func restore(_ key: TargetKey, _ entry: Entry?) {
        changes[key] = entry
    }

    /// Every target of the plan, in no particular order.
    public var targets: [Target] {
        var list = base.targets.filter { changes[TargetKey($0)] == nil }
        list += changes.values.compactMap(\.target)
        return list
    }

    /// The plan's targets as `targets.csv` would list them: the loaded targets in their file
    /// order (a changed one in its place, a removed one left out), then the added ones in the
    /// order they were first set.
    public var fileOrder: [Target] {
        var list: [Target] = []
        list.reserveCapacity(base.targets.count + changes.count)
        for t in base.targets.sorted(by: { ($0.line, $0.year, $0.unit, $0.indicator) < ($1.line, $1.year, $1.unit, $1.indicator) }) {
            if let entry = changes[TargetKey(t)] {
                if let changed = entry.target { list.append(changed) }
            } else {
                list.append(t)
            }
        }
        let added = changes.filter { key, entry in
            entry.target != nil && base.target(unit: key.unit, indicator: key.indicator, year: key.year) == nil
        }
        for (_, entry) in added.sorted(by: { $0.value.sequence < $1.value.sequence }) {
            if let t = entry.target { list.append(t) }
        }
        return list
    }
}
