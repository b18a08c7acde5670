/// What ``SyntheticWriter/write(_:to:)`` wrote: counts to check a run against and to size a
/// benchmark by.
public struct SyntheticSummary: Sendable, Equatable {
    /// Units in `units.csv`.
    public let units: Int
    /// Leaves among them (units with no children), on whatever level.
    public let leaves: Int
    /// The number of levels, the root being level 1 (city and vn: 4; 1m and 10m: 6).
    public let depth: Int
    /// Units per level, from the root down.
    public let levelCounts: [Int]
    /// Indicators in `indicators.csv`.
    public let indicators: Int
    /// Rows of `targets.csv`, header excluded.
    public let targetRows: Int
    /// Rows of `values.csv`, header excluded.
    public let valueRows: Int
    /// Internal units that report their own POP and BHYT.
    public let ownReportUnits: Int
    /// Among them, those whose own report is planted off the roll-up.
    public let plantedMismatchUnits: Int
    /// Bytes written to `units.csv`.
    public let unitsBytes: Int
    /// Bytes written to `indicators.csv`.
    public let indicatorsBytes: Int
    /// Bytes written to `targets.csv`.
    public let targetsBytes: Int
    /// Bytes written to `values.csv`.
    public let valuesBytes: Int
    /// Units merged into a sibling after the first period.
    public var mergedUnits: Int = 0

    /// Bytes written to all four files.
    public var totalBytes: Int { unitsBytes + indicatorsBytes + targetsBytes + valuesBytes }
}
