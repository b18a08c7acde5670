/// Where a unit's value for an indicator and period came from (the `source` column).
public enum RollupSource: UInt8, Sendable, Hashable {
    /// No value.
    case none = 0
    /// What a leaf reported (a leaf's ratio computed from its own numerator and denominator too).
    case reported
    /// Computed from the unit's children (or, for a ratio, from its rolled-up numerator and
    /// denominator).
    case rollup
    /// An internal unit's own report, used because none of its children contributed.
    case ownReport
    /// An approximation labelled as such.
    case approximate

    /// The keyword written in `rollups.csv`.
    public var keyword: String {
        switch self {
        case .none: return ""
        case .reported: return "reported"
        case .rollup: return "rollup"
        case .ownReport: return "own_report"
        case .approximate: return "approximate"
        }
    }
}
