import RollupModel

/// The roll-up of one indicator in one period, one slot per position of the period's tree: what
/// each unit's effective value is, where it came from and how much of the children it covers.
public struct RollupColumn: Sendable {
    /// Exact effective values; NaN where there is none or it is an interval. For a qualitative
    /// indicator, the rank of the level in its scale.
    public var values: [Double]
    /// Effective values known only as intervals, by position.
    public var intervals: [Int32: Interval]
    /// Where each value came from.
    public var sources: [RollupSource]
    /// The share (0 to 1) of the children's weight, or of the leaves below, that contributed; NaN
    /// where there is no value.
    public var coverage: [Double]

    /// Makes a column from its parts; assumes they have the same length.
    public init(values: [Double], intervals: [Int32: Interval], sources: [RollupSource], coverage: [Double]) {
        self.values = values
        self.intervals = intervals
        self.sources = sources
        self.coverage = coverage
    }

    /// The value at `position` as an interval (a number is a point), or `nil` when none.
    public func interval(at position: Int) -> Interval? {
        let v = values[position]
        if !v.isNaN { return Interval(point: v) }
        return intervals[Int32(position)]
    }

    /// Whether a value, exact or not, is present at `position`.
    public func isPresent(_ position: Int) -> Bool { sources[position] != .none }
}

/// Every indicator's roll-up in one period.
public struct PeriodRollup: Sendable {
    /// The period (a year).
    public let period: Int
    /// The tree the period was rolled up over.
    public let tree: Hierarchy
    /// One column per indicator, in indicator order.
    public let columns: [RollupColumn]

    /// Makes a period's roll-up.
    public init(period: Int, tree: Hierarchy, columns: [RollupColumn]) {
        self.period = period
        self.tree = tree
        self.columns = columns
    }
}

/// The roll-up of a whole dataset: one ``PeriodRollup`` per period, ascending.
public struct Rollup: Sendable {
    /// The periods' roll-ups.
    public let periods: [PeriodRollup]

    /// Makes a roll-up.
    public init(periods: [PeriodRollup]) {
        self.periods = periods
    }
}
