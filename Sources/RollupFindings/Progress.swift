import RollupModel

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
    /// That value (a number, an interval, a level), if any, as ``value`` reads it.
    public var valueFigure: ProgressFigure?
    /// The baseline: the earliest period with a value, if any.
    public var baselinePeriod: Int?
    /// The baseline value, if any, as ``baselineValue`` reads it.
    public var baselineFigure: ProgressFigure?
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
        self.valueFigure = value.map(ProgressFigure.init(text:))
        self.baselinePeriod = baselinePeriod
        self.baselineFigure = baselineValue.map(ProgressFigure.init(text:))
        self.status = status
        self.progressRatio = progressRatio
    }

    /// The latest value's text (a number, an interval, a level), if any.
    public var value: String? {
        get { valueFigure?.text }
        set { valueFigure = newValue.map(ProgressFigure.init(text:)) }
    }

    /// The baseline value's text, if any.
    public var baselineValue: String? {
        get { baselineFigure?.text }
        set { baselineFigure = newValue.map(ProgressFigure.init(text:)) }
    }
}

/// A figure of a progress row: kept as the number when it is one (an exact figure of a numeric
/// indicator, whose text is ``NumberFormat/text(_:)`` of it), so that evaluating a row makes no
/// `String` for it; its text is made when read, and `progress.csv` writes the number directly.
/// Two figures are equal when their texts are.
public struct ProgressFigure: Sendable, Hashable {
    private enum Storage: Sendable {
        case number(Double)
        case text(String)
    }

    private let storage: Storage

    /// A figure given by its text.
    public init(text: String) { storage = .text(text) }

    /// A finite number, written in the shortest round-trip form; a non-finite one is kept as its
    /// text.
    public init(number: Double) { storage = number.isFinite ? .number(number) : .text(NumberFormat.text(number)) }

    /// The number, for a figure made of a finite number.
    public var number: Double? {
        if case .number(let x) = storage { return x }
        return nil
    }

    /// The figure's text.
    public var text: String {
        switch storage {
        case .number(let x): return NumberFormat.text(x)
        case .text(let text): return text
        }
    }

    /// Whether the two figures have the same text.
    public static func == (a: ProgressFigure, b: ProgressFigure) -> Bool {
        if case .number(let x) = a.storage, case .number(let y) = b.storage, x == y, x.sign == y.sign { return true }
        return a.text == b.text
    }

    /// Hashes the figure's text.
    public func hash(into hasher: inout Hasher) { hasher.combine(text) }
}
