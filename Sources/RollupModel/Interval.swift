/// A closed, open or half-open range of real numbers that a figure is known to lie in.
///
/// A bound such as `<3` or a range such as `28-30` is never read as a single number: it becomes an
/// interval, and every roll-up that touches it yields an interval too. Either end may be infinite
/// (`<3` on an indicator with no lower limit is `(-∞, 3)`).
///
/// Equality is exact (bitwise on the ends and the flags); approximate comparisons are separate,
/// named functions.
public struct Interval: Sendable, Hashable {
    /// The lower end; `-Double.infinity` when unbounded below.
    public var low: Double
    /// The upper end; `Double.infinity` when unbounded above.
    public var high: Double
    /// Whether `low` itself belongs to the interval (`≥ 2` includes 2, `> 2` does not).
    public var includesLow: Bool
    /// Whether `high` itself belongs to the interval.
    public var includesHigh: Bool

    /// Makes an interval; assumes `low <= high` (callers that combine intervals keep that order).
    public init(low: Double, high: Double, includesLow: Bool = true, includesHigh: Bool = true) {
        self.low = low
        self.high = high
        self.includesLow = includesLow && low.isFinite
        self.includesHigh = includesHigh && high.isFinite
    }

    /// The interval holding exactly one number.
    public init(point: Double) {
        self.init(low: point, high: point)
    }

    /// Whether the interval holds a single number.
    public var isPoint: Bool { low == high && includesLow && includesHigh }

    /// Whether every number of the interval is at least `x` (`orEqual`) or above it.
    public func isEntirelyAbove(_ x: Double, orEqual: Bool) -> Bool {
        if low > x { return true }
        return low == x && (orEqual || !includesLow)
    }

    /// Whether every number of the interval is at most `x` (`orEqual`) or below it.
    public func isEntirelyBelow(_ x: Double, orEqual: Bool) -> Bool {
        if high < x { return true }
        return high == x && (orEqual || !includesHigh)
    }

    /// Whether `x` lies in the interval.
    public func contains(_ x: Double) -> Bool {
        (low < x || (low == x && includesLow)) && (x < high || (x == high && includesHigh))
    }

    /// Whether the two intervals share at least one number.
    public func overlaps(_ other: Interval) -> Bool {
        if high < other.low || other.high < low { return false }
        if high == other.low { return includesHigh && other.includesLow }
        if other.high == low { return other.includesHigh && includesLow }
        return true
    }

    /// Replaces an infinite end by the indicator's valid limit, where the limit lies on the right
    /// side of the finite end (`<39.2` on a share becomes `[0, 39.2)`); an end whose limit would
    /// invert the interval stays infinite, so that an out-of-range bound is still visible.
    public func clamped(low lowLimit: Double?, high highLimit: Double?) -> Interval {
        var result = self
        if !low.isFinite, let lowLimit, lowLimit <= high {
            result.low = lowLimit
            result.includesLow = true
        }
        if !high.isFinite, let highLimit, highLimit >= result.low {
            result.high = highLimit
            result.includesHigh = true
        }
        return result
    }
}

extension Interval {
    /// Interval sum: every pairing of the two intervals' numbers.
    public static func + (a: Interval, b: Interval) -> Interval {
        Interval(
            low: a.low + b.low, high: a.high + b.high,
            includesLow: a.includesLow && b.includesLow, includesHigh: a.includesHigh && b.includesHigh)
    }

    /// Scales by a non-negative exact factor (a weight); a zero factor gives the point 0.
    public func scaled(by factor: Double) -> Interval {
        if factor == 0 { return Interval(point: 0) }
        if factor > 0 {
            return Interval(low: low * factor, high: high * factor, includesLow: includesLow, includesHigh: includesHigh)
        }
        return Interval(low: high * factor, high: low * factor, includesLow: includesHigh, includesHigh: includesLow)
    }
}
