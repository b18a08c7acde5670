import RollupModel

/// The roll-up of one indicator in one period, one slot per position of the period's tree: what
/// each unit's effective value is, where it came from and how much of the children it covers.
///
/// Positions below ``split`` (every unit above the deepest level) are stored in full. At and
/// beyond it, where only leaves sit, nothing is rolled up: a leaf keeps what it reported (a
/// ratio's leaves their own N/D), its source is `reported` where a value is present and `none`
/// elsewhere, its coverage 1 or NaN. There the values are read from an array the column may share
/// with the reported figures, and sources and coverage are derived from presence, so the roll-up
/// neither copies nor writes the leaves' slots.
public struct RollupColumn: Sendable {
    /// Exact effective values; NaN where there is none or it is an interval. For a qualitative
    /// indicator, the rank of the level in its scale.
    public let values: RollupValues
    /// Effective values known only as intervals, by position.
    public let intervals: [Int32: Interval]
    /// Where each value came from.
    public let sources: RollupSources
    /// The share (0 to 1) of the children's weight, or of the leaves below, that contributed; NaN
    /// where there is no value.
    public let coverage: RollupCoverage

    /// Makes a column from its parts, every position stored in full; assumes they have the same
    /// length.
    public init(values: [Double], intervals: [Int32: Interval], sources: [RollupSource], coverage: [Double]) {
        let count = values.count
        self.values = RollupValues(split: count, inner: values, outer: values)
        self.intervals = intervals
        self.sources = RollupSources(explicit: sources, values: self.values, intervalBits: [])
        self.coverage = RollupCoverage(explicit: coverage, values: self.values, intervalBits: [])
    }

    /// A column whose positions from `split` on are leaves of the deepest level: `inner` holds the
    /// values of `0..<split` (or more), `outer` those of every position (only `split...` read),
    /// `sources` and `coverage` those of `0..<split`; `intervalBits` marks the keys of
    /// `intervals` (bit `p & 63` of word `p >> 6`). Assumes `outer.count` is the tree's size.
    init(
        split: Int, inner: [Double], outer: [Double], sources: [RollupSource], coverage: [Double],
        intervals: [Int32: Interval], intervalBits: [UInt64]
    ) {
        values = RollupValues(split: split, inner: inner, outer: outer)
        self.intervals = intervals
        self.sources = RollupSources(explicit: sources, values: values, intervalBits: intervalBits)
        self.coverage = RollupCoverage(explicit: coverage, values: values, intervalBits: intervalBits)
    }

    /// The position where the leaves of the deepest level start (the size of the tree when every
    /// position is stored in full).
    public var split: Int { values.split }

    /// The value at `position` as an interval (a number is a point), or `nil` when none.
    public func interval(at position: Int) -> Interval? {
        let v = values[position]
        if !v.isNaN { return Interval(point: v) }
        return intervals[Int32(position)]
    }

    /// Whether a value, exact or not, is present at `position`.
    public func isPresent(_ position: Int) -> Bool { sources[position] != .none }
}

/// The effective values of a ``RollupColumn``, by position: `0..<split` from the column's own
/// array, the rest from an array of every position (often the reported figures, shared).
public struct RollupValues: RandomAccessCollection, Sendable {
    /// Positions below it are read from `inner`.
    public let split: Int
    @usableFromInline let inner: [Double]
    @usableFromInline let outer: [Double]

    /// Assumes `inner` holds at least `split` slots and `outer` every position.
    @usableFromInline init(split: Int, inner: [Double], outer: [Double]) {
        self.split = split
        self.inner = inner
        self.outer = outer
    }

    /// The first position, 0.
    @inlinable public var startIndex: Int { 0 }
    /// The number of positions.
    @inlinable public var endIndex: Int { outer.count }

    /// The value at `position`; NaN where none or an interval. Traps out of range, like an array.
    @inlinable public subscript(position: Int) -> Double {
        position < split ? inner[position] : outer[position]
    }

    /// Whether a value, exact or not, is present at a position from `split` on, where `bits`
    /// marks the intervals.
    @inlinable func isPresentBeyondSplit(_ position: Int, _ bits: [UInt64]) -> Bool {
        if !outer[position].isNaN { return true }
        let word = position &>> 6
        return word < bits.count && (bits[word] &>> UInt64(position & 63)) & 1 != 0
    }
}

/// The sources of a ``RollupColumn``, by position: stored below ``RollupValues/split``, derived
/// from presence beyond it (`reported` or `none`).
public typealias RollupSources = SplitColumn<SourceBeyondSplit>

/// The coverage of a ``RollupColumn``, by position (0 to 1, NaN where there is no value): stored
/// below ``RollupValues/split``, 1 where a leaf's value is present and NaN elsewhere beyond it.
public typealias RollupCoverage = SplitColumn<CoverageBeyondSplit>

/// What a ``SplitColumn`` gives beyond ``RollupValues/split`` (the deepest leaves, whose figures
/// are never stored), by whether a value is present there.
public protocol BeyondSplit {
    /// The figure's type.
    associatedtype Element: Sendable
    /// The figure where a value is present.
    static var present: Element { get }
    /// The figure where none is.
    static var absent: Element { get }
}

/// A deepest leaf's source: `reported` where it has a value, else `none`.
public enum SourceBeyondSplit: BeyondSplit {
    /// `reported`.
    @inlinable public static var present: RollupSource { .reported }
    /// `none`.
    @inlinable public static var absent: RollupSource { .none }
}

/// A deepest leaf's coverage: 1 where it has a value, else NaN.
public enum CoverageBeyondSplit: BeyondSplit {
    /// 1.
    @inlinable public static var present: Double { 1 }
    /// NaN.
    @inlinable public static var absent: Double { .nan }
}

/// A figure of a ``RollupColumn`` stored for the positions below ``RollupValues/split`` only and
/// derived beyond it by `Beyond`.
public struct SplitColumn<Beyond: BeyondSplit>: RandomAccessCollection, Sendable {
    @usableFromInline let explicit: [Beyond.Element]
    @usableFromInline let values: RollupValues
    @usableFromInline let intervalBits: [UInt64]

    @usableFromInline init(explicit: [Beyond.Element], values: RollupValues, intervalBits: [UInt64]) {
        self.explicit = explicit
        self.values = values
        self.intervalBits = intervalBits
    }

    /// The first position, 0.
    @inlinable public var startIndex: Int { 0 }
    /// The number of positions.
    @inlinable public var endIndex: Int { values.endIndex }

    /// The figure at `position`. Traps out of range, like an array.
    @inlinable public subscript(position: Int) -> Beyond.Element {
        if position < values.split { return explicit[position] }
        return values.isPresentBeyondSplit(position, intervalBits) ? Beyond.present : Beyond.absent
    }
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
