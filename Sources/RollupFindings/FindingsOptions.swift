/// The tolerances and thresholds of the checks, each with its default.
public struct FindingsOptions: Sendable, Hashable {
    /// |modified z-score| above which a value is an outlier among its siblings (Iglewicz and
    /// Hoaglin's 3.5).
    public var outlierThreshold: Double
    /// The fewest siblings with an exact value (the unit included) for the outlier check to run.
    public var outlierMinimumSiblings: Int
    /// A roll-up whose coverage is below this share (0 to 1) is a `low_coverage` finding.
    public var lowCoverageThreshold: Double
    /// A coverage at or above this counts as complete for `rollup_mismatch` (1 up to rounding).
    public var completeCoverage: Double
    /// The progress ratio at or above which a unit not yet at its target is on track.
    public var onTrackRatio: Double
    /// How many children's contributions a `rollup_mismatch` message lists.
    public var largestContributions: Int
    /// How many names a message lists before "and N more".
    public var namesListed: Int

    /// Options with the documented defaults: outlier threshold 3.5 with at least 5 siblings,
    /// low coverage below 0.8, complete coverage from 1 − 1e-9, on track from a progress ratio of
    /// 0.95, 3 contributions and 5 names per message.
    public init(
        outlierThreshold: Double = 3.5, outlierMinimumSiblings: Int = 5, lowCoverageThreshold: Double = 0.8,
        completeCoverage: Double = 1 - 1e-9, onTrackRatio: Double = 0.95, largestContributions: Int = 3,
        namesListed: Int = 5
    ) {
        self.outlierThreshold = outlierThreshold
        self.outlierMinimumSiblings = outlierMinimumSiblings
        self.lowCoverageThreshold = lowCoverageThreshold
        self.completeCoverage = completeCoverage
        self.onTrackRatio = onTrackRatio
        self.largestContributions = largestContributions
        self.namesListed = namesListed
    }
}
