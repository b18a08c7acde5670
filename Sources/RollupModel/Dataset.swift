/// A loaded data folder: units, indicators, reported values and targets, ready to roll up.
///
/// Reported values are stored per period, per indicator, in ``FigureColumn``s indexed by
/// position in that period's ``Hierarchy``; so the same type serves one tree for all periods and
/// a tree that changes between years.
public struct Dataset: Sendable {
    /// Every unit with all of its rows.
    public var units: UnitCatalog
    /// The indicators and their roll-up definitions.
    public var indicators: IndicatorTable
    /// The periods with reported values, ascending.
    public var periods: [Int]
    /// The tree of each period, parallel to `periods`.
    public var trees: [Hierarchy]
    /// Reported figures: `reported[periodIndex][indicatorIndex]`.
    public var reported: [[FigureColumn]]
    /// Every target.
    public var targets: TargetTable

    /// Assembles a dataset; assumes `trees` and `reported` are parallel to `periods` and every
    /// column has the size of its period's tree.
    public init(
        units: UnitCatalog, indicators: IndicatorTable, periods: [Int], trees: [Hierarchy],
        reported: [[FigureColumn]], targets: TargetTable
    ) {
        self.units = units
        self.indicators = indicators
        self.periods = periods
        self.trees = trees
        self.reported = reported
        self.targets = targets
    }

    /// The index of `period` in `periods`, if values were reported for it.
    public func periodIndex(of period: Int) -> Int? { periods.firstIndex(of: period) }
}
