/// A target or a value as the engine understands it, after its notation has been read.
///
/// A figure is exact (`94.17`), an interval (`<3`, `28-30`), or a qualitative level
/// (`Loại trừ`), which only indicators with a level scale accept.
public enum Figure: Sendable, Hashable {
    /// A number known exactly.
    case number(Double)
    /// A number known only to lie in an interval.
    case interval(Interval)
    /// A qualitative level, as written (trimmed).
    case level(String)

    /// The figure as an interval: a number is a point; a level has none.
    public var interval: Interval? {
        switch self {
        case .number(let x): return Interval(point: x)
        case .interval(let i): return i
        case .level: return nil
        }
    }
}

/// What reading a notation yields: a figure, or nothing (`-`, empty), and how precisely it was
/// written.
public struct Reading: Sendable, Hashable {
    /// The figure, or `nil` for "nothing" (`-`, empty: no target that year, not reported).
    public var figure: Figure?
    /// Digits written after the decimal separator (`94,2` → 1), for tolerances that respect how a
    /// figure was reported; 0 for integers, levels and nothing.
    public var decimals: Int

    /// Makes a reading.
    public init(figure: Figure?, decimals: Int = 0) {
        self.figure = figure
        self.decimals = decimals
    }
}
