/// What ``SyntheticWriter`` generates: the tree's shape, the seed, the periods and how untidy
/// the data is.
///
/// Rates are probabilities (values outside 0...1 are clamped). Periods are years; they are
/// sorted and repeated ones dropped before writing. The same options always give the same files,
/// byte for byte.
public struct SyntheticOptions: Sendable {
    /// The shape of the tree.
    public var preset: SyntheticPreset
    /// The seed of every draw (fan-out, values, targets, own reports).
    public var seed: UInt64
    /// The reporting periods; the leaves report every indicator but HDI for each. Empty: no values.
    public var periods: [Int]
    /// The share of leaf value rows left out, about evenly: half the rate in every period, plus
    /// whole leaves at the full rate that reported before but not in the latest period.
    public var missingRate: Double
    /// The share of leaf share values (BHYT, UNEMP, WATER, SCHOOL_MIN, POOR_MAX, SATIS) written as
    /// a bound (`<3`, `>= 95`, `≥ 97`, `≤ 2.5`) or a range (`28-30`) containing the figure.
    public var boundRate: Double
    /// The share of internal units that report their own POP and BHYT (besides the root and the
    /// first unit below it, which always do when the rate is positive). HDI (aggregation `none`)
    /// is always reported by the root and the units of the level below it, and by no one else.
    public var ownReportRate: Double
    /// The share of own reports deliberately off their children's roll-up (POP by 5% to 15%, BHYT
    /// by 3 to 8 points); at least one when positive. The others match within rounding.
    public var mismatchRate: Double
    /// Writes decimals the Vietnamese way, quoted with a decimal comma (`"94,17"`).
    public var vietnameseNotation: Bool
    /// The share of units on the level above the leaves merged into a sibling after the first
    /// period (0: the tree does not change); needs two periods or more.
    public var mergeFraction: Double = 0

    /// Creates options; every argument but the preset has the documented default.
    ///
    /// - Complexity: O(1).
    public init(
        preset: SyntheticPreset,
        seed: UInt64 = 42,
        periods: [Int] = [2024, 2025],
        missingRate: Double = 0.03,
        boundRate: Double = 0.005,
        ownReportRate: Double = 0.01,
        mismatchRate: Double = 0.2,
        vietnameseNotation: Bool = false
    ) {
        self.preset = preset
        self.seed = seed
        self.periods = periods
        self.missingRate = missingRate
        self.boundRate = boundRate
        self.ownReportRate = ownReportRate
        self.mismatchRate = mismatchRate
        self.vietnameseNotation = vietnameseNotation
    }
}
