import RollupModel

/// Whether a figure (a value, or a roll-up of targets) meets a target, compared as intervals.
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
            if value.isEntirelyAbove(target.low, orEqual: target.includesLow) { return .met }
            if value.isEntirelyBelow(target.low, orEqual: !target.includesLow) { return .notMet }
            return .undetermined
        case .lower:
            if value.isEntirelyBelow(target.high, orEqual: target.includesHigh) { return .met }
            if value.isEntirelyAbove(target.high, orEqual: !target.includesHigh) { return .notMet }
            return .undetermined
        case nil:
            if contains(target, value) { return .met }
            if !value.overlaps(target) { return .notMet }
            return .undetermined
        }
    }

    /// Whether every number of `inner` lies in `outer`.
    static func contains(_ outer: Interval, _ inner: Interval) -> Bool {
        let lowOK = inner.low > outer.low || (inner.low == outer.low && (outer.includesLow || !inner.includesLow))
        let highOK = inner.high < outer.high || (inner.high == outer.high && (outer.includesHigh || !inner.includesHigh))
        return lowOK && highOK
    }
}
