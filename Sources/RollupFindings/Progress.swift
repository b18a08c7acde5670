/// Where a unit stands against one target: the `status` column of `progress.csv`.
public enum ProgressStatus: String, Sendable, Hashable, CaseIterable {
    /// The latest value meets the target.
    case achieved
    /// Not met yet, but the change since the baseline is at least the on-track share (0.95 by
    /// default) of the change the straight path to the target asks for by now.
    case onTrack = "on_track"
    /// Not met yet and behind the straight path (or, with a single value, not shown to move).
    case offTrack = "off_track"
    /// The target year has a value and it does not meet the target.
    case missed
    /// A bound or an interval straddles the target or the path: it may be either.
    case undetermined
    /// No value up to the target year.
    case noData = "no_data"
}

/// One row of `progress.csv`: a unit's standing against its target for an indicator and year.
public struct ProgressRow: Sendable, Hashable {
    /// The unit index in the ``UnitCatalog``.
    public var unit: Int
    /// The indicator index in the ``IndicatorTable``.
    public var indicator: Int
    /// The target year.
    public var year: Int
    /// The target as written in `targets.csv`.
    public var target: String
    /// The latest period up to the target year with a value (reported or rolled up), if any.
    public var period: Int?
    /// That value's text (a number, an interval, a level), if any.
    public var value: String?
    /// The baseline: the earliest period with a value, if any.
    public var baselinePeriod: Int?
    /// The baseline value's text, if any.
    public var baselineValue: String?
    /// The status.
    public var status: ProgressStatus
    /// Observed change since the baseline over the change the straight path asks for by the
    /// latest period (1: exactly on the path; 0.95 and above: on track; below 0: moving away);
    /// `nil` where it cannot be computed (a single value, an interval, a baseline already at the
    /// target, a level).
    public var progressRatio: Double?
    /// Whether the baseline was derived from the units this one absorbed later (a merged
    /// province's 2023 baseline from its predecessors' 2023 figures), not reported by it.
    public var baselineDerived: Bool = false

    /// Makes a row.
    public init(
        unit: Int, indicator: Int, year: Int, target: String, period: Int?, value: String?, baselinePeriod: Int?,
        baselineValue: String?, status: ProgressStatus, progressRatio: Double?
    ) {
        self.unit = unit
        self.indicator = indicator
        self.year = year
        self.target = target
        self.period = period
        self.value = value
        self.baselinePeriod = baselinePeriod
        self.baselineValue = baselineValue
        self.status = status
        self.progressRatio = progressRatio
    }
}
