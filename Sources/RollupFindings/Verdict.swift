import RollupModel

/// Whether a figure (a value, or a roll-up of targets) meets a target, compared as intervals.
///
/// Numbers closer than a relative 10⁻¹² (``Verdict/slack(_:)``) are taken as equal, so that a
/// roll-up that floating-point rounding leaves one ulp off (a weighted mean of children all at
/// 95.4 computed as 95.39999999999999) compares as the number it stands for.
enum Verdict: Sendable, Hashable {
    /// Every number of the figure meets the target.
    case met
    /// No number of the figure meets the target.
    case notMet
    /// Some do, some do not: a bound or an interval straddles the target.
    case undetermined

    /// Compares `value` with `target` per `direction`:
    /// - `higher`: a number meets the target when it is at or above the target's lower end (above
    ///   it when that end is open): `≥ 97` needs 97 or more, a range `28-30` needs 28 or more;
    /// - `lower`: at or below the target's upper end: `<3` needs less than 3;
    /// - none: inside the target (a range `2,0-2,1` needs a value in it, a number needs that
    ///   number).
    static func of(_ value: Interval, against target: Interval, direction: Direction?) -> Verdict {
        switch direction {
        case .higher:
            if above(value, target.low, orEqual: target.includesLow) { return .met }
            if below(value, target.low, orEqual: !target.includesLow) { return .notMet }
            return .undetermined
        case .lower:
            if below(value, target.high, orEqual: target.includesHigh) { return .met }
            if above(value, target.high, orEqual: !target.includesHigh) { return .notMet }
            return .undetermined
        case nil:
            if contains(target, value) { return .met }
            if !overlaps(value, target) { return .notMet }
            return .undetermined
        }
    }

    /// The tolerance for floating-point rounding around `x`: 10⁻¹² × max(1, |x|).
    static func slack(_ x: Double) -> Double {
        x.isFinite ? 1e-12 * max(1, abs(x)) : 0
    }

    /// -1, 0 or 1 as `a` is below, equal to (within ``slack(_:)``) or above `b`.
    static func order(_ a: Double, _ b: Double) -> Int {
        if a == b { return 0 }
        if a.isFinite && b.isFinite && abs(a - b) <= slack(max(abs(a), abs(b))) { return 0 }
        return a < b ? -1 : 1
    }

    /// Whether every number of `v` is at least `x` (`orEqual`) or above it.
    static func above(_ v: Interval, _ x: Double, orEqual: Bool) -> Bool {
        let o = order(v.low, x)
        return o > 0 || (o == 0 && (orEqual || !v.includesLow))
    }

    /// Whether every number of `v` is at most `x` (`orEqual`) or below it.
    static func below(_ v: Interval, _ x: Double, orEqual: Bool) -> Bool {
        let o = order(v.high, x)
        return o < 0 || (o == 0 && (orEqual || !v.includesHigh))
    }

    /// Whether every number of `inner` lies in `outer`.
    static func contains(_ outer: Interval, _ inner: Interval) -> Bool {
        let l = order(inner.low, outer.low)
        let h = order(inner.high, outer.high)
        let lowOK = l > 0 || (l == 0 && (outer.includesLow || !inner.includesLow))
        let highOK = h < 0 || (h == 0 && (outer.includesHigh || !inner.includesHigh))
        return lowOK && highOK
    }

    /// Whether the two intervals share a number.
    static func overlaps(_ a: Interval, _ b: Interval) -> Bool {
        let o1 = order(a.high, b.low)
        if o1 < 0 || (o1 == 0 && !(a.includesHigh && b.includesLow)) { return false }
        let o2 = order(b.high, a.low)
        if o2 < 0 || (o2 == 0 && !(b.includesHigh && a.includesLow)) { return false }
        return true
    }
}
