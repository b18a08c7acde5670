import RollupModel

/// What a finding is about: one case per `kind` of `findings.csv`.
///
/// The first nine keep the names of the interchange contract (`FORMATS.md`); `missing_own_report`
/// is rollup's own addition. The declaration order is the order findings of one severity are
/// listed in.
public enum FindingKind: String, Sendable, Hashable, CaseIterable {
    /// The roll-up of the children's targets for a year cannot (or may not) meet the parent's target.
    case childrenCannotReachTarget = "children_cannot_reach_target"
    /// A unit's target is less ambitious than that of its nearest ancestor with a target for the
    /// same indicator and year.
    case targetBelowParent = "target_below_parent"
    /// An internal unit's own reported figure differs from the roll-up of its children by more
    /// than the precision it was written with.
    case rollupMismatch = "rollup_mismatch"
    /// The latest value is behind the straight path from the baseline to the target.
    case offTrack = "off_track"
    /// The target year has been reported and the target is not met.
    case missed
    /// A reported figure (or a target) outside the indicator's `low`..`high`.
    case outOfRange = "out_of_range"
    /// A value far from its siblings' (modified z-score).
    case outlier
    /// A leaf that reported an indicator in an earlier period but not in the latest.
    case missingReport = "missing_report"
    /// A roll-up computed from less than the threshold share of its children.
    case lowCoverage = "low_coverage"
    /// An internal unit that reported its own figure for an indicator in an earlier period and has
    /// no value at all in the latest (neither its own nor from its children). Not in the contract:
    /// `missing_report` is about leaves only.
    case missingOwnReport = "missing_own_report"

    /// The position of the kind in the listing order (the declaration order).
    public var order: Int {
        switch self {
        case .childrenCannotReachTarget: return 0
        case .targetBelowParent: return 1
        case .rollupMismatch: return 2
        case .offTrack: return 3
        case .missed: return 4
        case .outOfRange: return 5
        case .outlier: return 6
        case .missingReport: return 7
        case .lowCoverage: return 8
        case .missingOwnReport: return 9
        }
    }
}

/// How serious a finding is. Ordered by seriousness: `info < warning < error`.
///
/// - `error`: the data or the plans are definitely inconsistent (a target the children's targets
///   cannot reach, a figure that does not add up, a value outside its valid range).
/// - `warning`: probably wrong or needing attention (may not add up, off track, missed, outlier,
///   missing report, a child planning below its parent).
/// - `info`: worth knowing (partial coverage, a mismatch that more reports could resolve).
public enum Severity: String, Sendable, Hashable, CaseIterable, Comparable {
    /// Definitely inconsistent.
    case error
    /// Probably wrong, or needing attention.
    case warning
    /// Worth knowing.
    case info

    /// 2 for an error, 1 for a warning, 0 for info.
    public var rank: Int {
        switch self {
        case .error: return 2
        case .warning: return 1
        case .info: return 0
        }
    }

    /// Less serious first: `info < warning < error`.
    public static func < (a: Severity, b: Severity) -> Bool { a.rank < b.rank }
}

/// One inconsistency: a row of `findings.csv`.
///
/// `unit` and `indicator` are indices in the dataset's ``UnitCatalog`` and ``IndicatorTable``
/// (the file writes their codes); `value` and `expected` are already the text of the CSV columns
/// (numbers in the shortest round-trip form with `.` as the decimal point, intervals in the
/// notation of ``FindingsEngine``'s documentation, levels by name); `message` is a sentence naming
/// the unit and the indicator by their names as written in the data.
public struct Finding: Sendable, Hashable {
    /// What the finding is about.
    public var kind: FindingKind
    /// How serious it is.
    public var severity: Severity
    /// The unit index in the ``UnitCatalog``.
    public var unit: Int
    /// The indicator index in the ``IndicatorTable``.
    public var indicator: Int
    /// The period of the figure, or the target year for target and progress findings.
    public var period: Int
    /// The text of the `value` column: the figure (or target) found.
    public var value: String
    /// The text of the `expected` column: the value or interval it should have been in.
    public var expected: String
    /// The UTF-8 bytes of ``message``, as the checks wrote them and `findings.csv` holds them:
    /// kept as bytes so that a run makes no `String` (nor checks its encoding again) per finding.
    /// Always valid UTF-8: it is only ever set from a `String`'s bytes or from text made of them.
    public private(set) var messageUTF8: [UInt8]

    /// A sentence a statistician understands (``messageUTF8`` as a `String`, made on each read).
    public var message: String {
        get { String(decoding: messageUTF8, as: UTF8.self) }
        set { messageUTF8 = Array(newValue.utf8) }
    }

    /// Makes a finding.
    public init(
        kind: FindingKind, severity: Severity, unit: Int, indicator: Int, period: Int, value: String, expected: String,
        message: String
    ) {
        self.init(
            kind: kind, severity: severity, unit: unit, indicator: indicator, period: period, value: value, expected: expected,
            messageUTF8: Array(message.utf8))
    }

    /// Makes a finding whose message is the UTF-8 bytes `messageUTF8`; assumes they are valid
    /// UTF-8 (made of `String`s).
    init(
        kind: FindingKind, severity: Severity, unit: Int, indicator: Int, period: Int, value: String, expected: String,
        messageUTF8: [UInt8]
    ) {
        self.kind = kind
        self.severity = severity
        self.unit = unit
        self.indicator = indicator
        self.period = period
        self.value = value
        self.expected = expected
        self.messageUTF8 = messageUTF8
    }

    /// The listing order: more serious first, then kind (declaration order), period, unit index,
    /// indicator index, and the texts, so that equal keys still sort the same way every run.
    public static func listedBefore(_ a: Finding, _ b: Finding) -> Bool {
        if a.severity != b.severity { return a.severity > b.severity }
        if a.kind != b.kind { return a.kind.order < b.kind.order }
        if a.period != b.period { return a.period < b.period }
        if a.unit != b.unit { return a.unit < b.unit }
        if a.indicator != b.indicator { return a.indicator < b.indicator }
        if a.value != b.value { return a.value < b.value }
        if a.expected != b.expected { return a.expected < b.expected }
        // Texts compare as `String`s (by their characters, not their bytes).
        return a.messageUTF8 != b.messageUTF8 && a.message < b.message
    }
}
