import RollupModel

/// Interval-aware aggregation states: each starts empty (`init`), takes children one at a time in
/// order (`add`), and finalizes to `nil` when nothing contributed. The roll-up of exact data uses
/// the specialised loops of ``ColumnKernel``; these states serve columns holding bounds or ranges
/// and the roll-up of targets.

/// Exactly rounded sums of the lower and upper ends of intervals, with their openness.
struct IntervalSum: Sendable {
    var low = ExactSum()
    var high = ExactSum()
    var includesLow = true
    var includesHigh = true

    mutating func add(_ x: Interval) {
        low.add(x.low)
        high.add(x.high)
        includesLow = includesLow && x.includesLow
        includesHigh = includesHigh && x.includesHigh
    }

    func divided(by d: Double) -> Interval {
        Interval(low: low.total / d, high: high.total / d, includesLow: includesLow, includesHigh: includesHigh)
    }
}

/// `sum`: Σ xᵢ, exactly rounded.
public struct SumState: Sendable {
    var total = IntervalSum()
    var count = 0
    /// An empty state.
    public init() {}
    /// Adds a child's value.
    public mutating func add(_ x: Interval) {
        total.add(x)
        count += 1
    }
    /// The sum, or `nil` when nothing was added.
    public func finalize() -> Interval? { count > 0 ? total.divided(by: 1) : nil }
}

/// `mean`: Σ xᵢ / n, the sum exactly rounded.
public struct MeanState: Sendable {
    var total = IntervalSum()
    var count = 0
    /// An empty state.
    public init() {}
    /// Adds a child's value.
    public mutating func add(_ x: Interval) {
        total.add(x)
        count += 1
    }
    /// The mean, or `nil` when nothing was added.
    public func finalize() -> Interval? { count > 0 ? total.divided(by: Double(count)) : nil }
}

/// `weighted_mean`: Σ wᵢ·xᵢ / Σ wᵢ with exact, non-negative weights; each product rounded
/// once, both sums exactly rounded.
public struct WeightedMeanState: Sendable {
    var total = IntervalSum()
    var weights = ExactSum()
    var contributed = false
    /// An empty state.
    public init() {}
    /// Adds a child's value with its weight; assumes `weight >= 0`. A zero weight contributes
    /// nothing.
    public mutating func add(_ x: Interval, weight: Double) {
        guard weight > 0 else { return }
        total.add(x.scaled(by: weight))
        weights.add(weight)
        contributed = true
    }
    /// The weighted mean, or `nil` when no positive weight was added.
    public func finalize() -> Interval? {
        guard contributed else { return nil }
        let w = weights.total
        return w > 0 ? total.divided(by: w) : nil
    }
}

/// `min` or `max`: the extreme child value.
public struct ExtremumState: Sendable {
    let takesMaximum: Bool
    var extreme: Interval?
    /// An empty state for the minimum (`takesMaximum == false`) or the maximum.
    public init(takesMaximum: Bool) { self.takesMaximum = takesMaximum }
    /// Adds a child's value.
    public mutating func add(_ x: Interval) {
        guard let e = extreme else {
            extreme = x
            return
        }
        if takesMaximum {
            let (low, includesLow) =
                e.low > x.low ? (e.low, e.includesLow) : x.low > e.low ? (x.low, x.includesLow) : (e.low, e.includesLow && x.includesLow)
            let (high, includesHigh) =
                e.high > x.high
                ? (e.high, e.includesHigh) : x.high > e.high ? (x.high, x.includesHigh) : (e.high, e.includesHigh || x.includesHigh)
            extreme = Interval(low: low, high: high, includesLow: includesLow, includesHigh: includesHigh)
        } else {
            let (low, includesLow) =
                e.low < x.low ? (e.low, e.includesLow) : x.low < e.low ? (x.low, x.includesLow) : (e.low, e.includesLow || x.includesLow)
            let (high, includesHigh) =
                e.high < x.high
                ? (e.high, e.includesHigh) : x.high < e.high ? (x.high, x.includesHigh) : (e.high, e.includesHigh && x.includesHigh)
            extreme = Interval(low: low, high: high, includesLow: includesLow, includesHigh: includesHigh)
        }
    }
    /// The extreme, or `nil` when nothing was added.
    public func finalize() -> Interval? { extreme }
}

/// `share_of_units`: among reporting leaves, the percentage meeting the standard (value 100).
/// A leaf whose figure is an interval holding 100 and other values may or may not meet it.
public struct ShareCount: Sendable, Hashable {
    /// Leaves that reported.
    public var reported: Int32 = 0
    /// Leaves that certainly meet the standard.
    public var surelyMet: Int32 = 0
    /// Leaves that meet it or might.
    public var possiblyMet: Int32 = 0
    /// An empty count.
    public init() {}
    /// The count of one leaf with figure `x`.
    public init(leaf x: Interval) {
        reported = 1
        surelyMet = x.isPoint && x.low == 100 ? 1 : 0
        possiblyMet = x.contains(100) ? 1 : 0
    }
    /// Adds another subtree's count.
    public mutating func combine(_ other: ShareCount) {
        reported &+= other.reported
        surelyMet &+= other.surelyMet
        possiblyMet &+= other.possiblyMet
    }
    /// The percentage, or `nil` when no leaf reported.
    public func finalize() -> Interval? {
        guard reported > 0 else { return nil }
        let n = Double(reported)
        return Interval(low: 100 * Double(surelyMet) / n, high: 100 * Double(possiblyMet) / n)
    }
}

/// `ratio`: `scale × N / D`, or `nil` when D may be zero or either is missing.
public func ratioInterval(numerator n: Interval, denominator d: Interval, scale: Double) -> Interval? {
    if d.contains(0) || (d.low < 0 && d.high > 0) { return nil }
    if n.isPoint && d.isPoint { return Interval(point: scale * n.low / d.low) }
    let corners = [scale * n.low / d.low, scale * n.low / d.high, scale * n.high / d.low, scale * n.high / d.high].filter { !$0.isNaN }
    guard let low = corners.min(), let high = corners.max() else { return nil }
    return Interval(low: low, high: high)
}
