/// The figures of one indicator in one period, one slot per position of that period's
/// ``Hierarchy``: a contiguous `Double` buffer that the roll-up loops over.
///
/// An absent figure is NaN. An inexact figure (a bound or a range) is NaN in `values` and sits in
/// the `intervals` side table, so that columns of exact numbers pay nothing for intervals. A
/// qualitative level is stored as its rank in the indicator's ``LevelScale``.
public struct FigureColumn: Sendable {
    /// Exact figures by position; NaN where absent or inexact.
    public var values: [Double]
    /// Inexact figures by position.
    public var intervals: [Int32: Interval]
    /// Digits after the decimal separator of figures reported by internal units, by position
    /// (for tolerances that respect how a figure was written).
    public var decimals: [Int32: Int8]

    /// An empty column of `count` slots.
    public init(count: Int) {
        values = Array(repeating: .nan, count: count)
        intervals = [:]
        decimals = [:]
    }

    /// A column from its parts; assumes every key of `intervals` and `decimals` is a valid
    /// position whose slot in `values` is NaN (intervals) or present (decimals).
    public init(values: [Double], intervals: [Int32: Interval], decimals: [Int32: Int8]) {
        self.values = values
        self.intervals = intervals
        self.decimals = decimals
    }

    /// The number of slots.
    public var count: Int { values.count }

    /// Whether any slot holds an interval.
    public var hasIntervals: Bool { !intervals.isEmpty }

    /// The figure at `position` as an interval (a number is a point), or `nil` when absent.
    public func interval(at position: Int) -> Interval? {
        let v = values[position]
        if !v.isNaN { return Interval(point: v) }
        return intervals[Int32(position)]
    }

    /// Whether a figure, exact or not, is present at `position`.
    public func isPresent(_ position: Int) -> Bool {
        !values[position].isNaN || intervals[Int32(position)] != nil
    }

    /// Stores `figure` at `position`: a number or a level's rank in `values`, an interval in the
    /// side table (a one-point interval is stored as a number).
    public mutating func set(_ figure: Figure, at position: Int, scale: LevelScale? = nil) {
        switch figure {
        case .number(let x):
            values[position] = x
        case .interval(let i):
            if i.isPoint {
                values[position] = i.low
            } else {
                intervals[Int32(position)] = i
            }
        case .level(let text):
            if let rank = scale?.rank(of: text) { values[position] = Double(rank) }
        }
    }
}
