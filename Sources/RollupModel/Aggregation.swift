/// How a parent's value is computed from its children's, one case per `aggregation` keyword of
/// `indicators.csv`.
///
/// Indicator references (`weight`, `numerator`, `denominator`) are positions in the
/// ``IndicatorTable``, resolved and checked for cycles when the table is built.
public enum Aggregation: Sendable, Hashable {
    /// `sum`: counts (beds, apartments, people).
    case sum
    /// `weighted_mean`: Σ wᵢ·xᵢ / Σ wᵢ over the children having both a value and an exact weight,
    /// wᵢ the child's (rolled-up) value of the weight indicator.
    case weightedMean(weight: Int)
    /// `ratio`: `scale × N / D` from the unit's own (rolled-up) numerator and denominator, at
    /// every unit, leaves included; where either is missing or D may be 0, the unit's own report.
    case ratio(numerator: Int, denominator: Int, scale: Double)
    /// `share_of_units`: the percentage, among the leaves below that reported, of those whose
    /// value is 100 (each leaf reports 100 = meets the standard, 0 = does not).
    case shareOfUnits
    /// `mean`: the unweighted mean of the children's values.
    case mean
    /// `min`: the smallest child value.
    case min
    /// `max`: the largest child value.
    case max
    /// `worst_level`: the lowest level of a qualitative scale among the children.
    case worstLevel(LevelScale)
    /// `none`: no honest roll-up (HDI, life expectancy); a parent keeps only its own report.
    case none

    /// The keyword of `indicators.csv` for this aggregation.
    public var keyword: String {
        switch self {
        case .sum: return "sum"
        case .weightedMean: return "weighted_mean"
        case .ratio: return "ratio"
        case .shareOfUnits: return "share_of_units"
        case .mean: return "mean"
        case .min: return "min"
        case .max: return "max"
        case .worstLevel: return "worst_level"
        case .none: return "none"
        }
    }

    /// Every keyword accepted in the `aggregation` column.
    public static let keywords = [
        "sum", "weighted_mean", "ratio", "share_of_units", "mean", "min", "max", "worst_level", "none",
    ]

    /// The indicators this one's roll-up reads besides its own values.
    public var inputs: [Int] {
        switch self {
        case .weightedMean(let w): return [w]
        case .ratio(let n, let d, _): return [n, d]
        default: return []
        }
    }

    /// Whether a trailing `%` is accepted on this indicator's figures: shares are, counts (`sum`)
    /// and rates per N people (`ratio`) are not.
    public var acceptsPercentSign: Bool {
        switch self {
        case .sum, .ratio, .worstLevel: return false
        default: return true
        }
    }
}

/// Which way an indicator improves, from the `direction` column.
public enum Direction: String, Sendable, Hashable {
    /// More is better (coverage).
    case higher
    /// Less is better (unemployment).
    case lower
}
