/// One row of `targets.csv`: a unit's target for an indicator, to be reached by the end of a year.
public struct Target: Sendable, Hashable {
    /// The unit index in the ``UnitCatalog``.
    public var unit: Int
    /// The indicator index in the ``IndicatorTable``.
    public var indicator: Int
    /// The year by the end of which the target is to be reached.
    public var year: Int
    /// The target as read (a number, a bound, a range or a level).
    public var figure: Figure
    /// The target as written, trimmed (shown back in `progress.csv`).
    public var text: String
    /// The 1-based line in `targets.csv`, for messages.
    public var line: Int

    /// Makes a target.
    public init(unit: Int, indicator: Int, year: Int, figure: Figure, text: String, line: Int = 0) {
        self.unit = unit
        self.indicator = indicator
        self.year = year
        self.figure = figure
        self.text = text
        self.line = line
    }
}

/// All targets of a data folder, ordered by year, unit index and indicator index, with a lookup
/// by key.
public struct TargetTable: Sendable {
    /// The targets in (year, unit, indicator) order.
    public let targets: [Target]
    /// The distinct target years, ascending.
    public let years: [Int]
    private let indexByKey: [Key: Int]

    struct Key: Hashable {
        var unit: Int32
        var indicator: Int32
        var year: Int32
    }

    /// Orders the targets; assumes keys are unique (the loader reports duplicates).
    public init(_ list: [Target]) {
        let sorted = TargetTable.ordered(list)
        targets = sorted
        // Sorted by year first: each year once is where the year changes.
        var years: [Int] = []
        for t in sorted where years.last != t.year { years.append(t.year) }
        self.years = years
        var index: [Key: Int] = [:]
        index.reserveCapacity(sorted.count)
        for (i, t) in sorted.enumerated() {
            index[Key(unit: Int32(t.unit), indicator: Int32(t.indicator), year: Int32(t.year))] = i
        }
        indexByKey = index
    }

    /// `list` in (year, unit, indicator) order, equal keys in list order. Each key packed in
    /// one word when its parts fit (year below 2^14, unit below 2^32, indicator below 2^18),
    /// so that the sort compares words, not tuples.
    static func ordered(_ list: [Target]) -> [Target] {
        let fits = list.allSatisfy {
            $0.year >= 0 && $0.year < 1 << 14 && $0.unit >= 0 && $0.unit < 1 << 32 && $0.indicator >= 0 && $0.indicator < 1 << 18
        }
        guard fits else { return list.sorted { ($0.year, $0.unit, $0.indicator) < ($1.year, $1.unit, $1.indicator) } }
        let keys = list.indices.map { k in
            let t = list[k]
            return PackedKey(word: UInt64(t.year) << 50 | UInt64(t.unit) << 18 | UInt64(t.indicator), position: k)
        }
        return keys.sorted { ($0.word, $0.position) < ($1.word, $1.position) }.map { list[$0.position] }
    }

    /// A target's key in one word, and its position in the list.
    private struct PackedKey {
        var word: UInt64
        var position: Int
    }

    /// The target of `unit` for `indicator` by the end of `year`, if any.
    public func target(unit: Int, indicator: Int, year: Int) -> Target? {
        indexByKey[Key(unit: Int32(unit), indicator: Int32(indicator), year: Int32(year))].map { targets[$0] }
    }
}
