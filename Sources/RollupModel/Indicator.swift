/// One row of `indicators.csv`: an indicator and how it rolls up.
public struct Indicator: Sendable, Hashable {
    /// The code other files use to name the indicator.
    public var code: String
    /// The name as written in the data (Vietnamese kept exact).
    public var name: String
    /// The unit of measure as written (`%`, `Bác sĩ/10.000 dân`, `Mức độ`).
    public var unit: String
    /// How a parent's value is computed from its children's.
    public var aggregation: Aggregation
    /// Which way the indicator improves, if stated.
    public var direction: Direction?
    /// The programme area (I to X), if given.
    public var area: String
    /// The monitoring office, if given.
    public var office: String
    /// The lowest valid value (0 for a share or a count), if stated; for a level scale, `nil`.
    public var low: Double?
    /// The highest valid value (100 for a share), if stated; for a level scale, `nil`.
    public var high: Double?

    /// Makes an indicator.
    public init(
        code: String, name: String, unit: String, aggregation: Aggregation, direction: Direction? = nil,
        area: String = "", office: String = "", low: Double? = nil, high: Double? = nil
    ) {
        self.code = code
        self.name = name
        self.unit = unit
        self.aggregation = aggregation
        self.direction = direction
        self.area = area
        self.office = office
        self.low = low
        self.high = high
    }

    /// The level scale of a `worst_level` indicator.
    public var levelScale: LevelScale? {
        if case .worstLevel(let scale) = aggregation { return scale }
        return nil
    }
}

/// The indicators of a data folder, in `indicators.csv` order, with their codes indexed.
///
/// The table is the unit of validation: every reference names an existing indicator and the
/// definitions have no cycle (``evaluationOrder`` lists each indicator after its inputs).
public struct IndicatorTable: Sendable {
    /// The indicators in file order; an indicator's index is its position here.
    public let indicators: [Indicator]
    /// Indices ordered so that every indicator comes after those its roll-up reads.
    public let evaluationOrder: [Int]
    /// Groups of indices that can be rolled up at the same time: each wave reads only
    /// indicators of earlier waves.
    public let waves: [[Int]]
    private let indexByCode: [String: Int]

    /// Builds the table; returns `nil` when an input reference is out of range or the
    /// definitions form a cycle (the loader reports those with their positions first).
    public init?(_ indicators: [Indicator]) {
        self.indicators = indicators
        var index: [String: Int] = [:]
        for (i, indicator) in indicators.enumerated() where index[indicator.code] == nil {
            index[indicator.code] = i
        }
        self.indexByCode = index
        guard let depth = IndicatorTable.depths(indicators) else { return nil }
        let maxDepth = depth.max() ?? -1
        var waves = Array(repeating: [Int](), count: maxDepth + 1)
        for i in indicators.indices { waves[depth[i]].append(i) }
        self.waves = waves
        self.evaluationOrder = waves.flatMap { $0 }
    }

    /// The index of the indicator with `code`, if any.
    public func index(of code: String) -> Int? { indexByCode[code] }

    /// The number of indicators.
    public var count: Int { indicators.count }

    /// The indicator at `index`.
    public subscript(index: Int) -> Indicator { indicators[index] }

    /// The dependency depth of each indicator (0: reads no other), or `nil` on a cycle or a
    /// reference out of range.
    static func depths(_ indicators: [Indicator]) -> [Int]? {
        var depth = Array(repeating: -1, count: indicators.count)
        var onPath = Array(repeating: false, count: indicators.count)
        func visit(_ i: Int) -> Bool {
            if depth[i] >= 0 { return true }
            if onPath[i] { return false }
            onPath[i] = true
            var d = 0
            for input in indicators[i].aggregation.inputs {
                guard indicators.indices.contains(input), visit(input) else { return false }
                d = Swift.max(d, depth[input] + 1)
            }
            onPath[i] = false
            depth[i] = d
            return true
        }
        for i in indicators.indices where !visit(i) { return nil }
        return depth
    }

    /// The cycle through `start`, as indices, if `start` lies on one.
    public static func cycle(from start: Int, in indicators: [Indicator]) -> [Int]? {
        var path: [Int] = []
        var seen = Set<Int>()
        func walk(_ i: Int) -> [Int]? {
            if let at = path.firstIndex(of: i) { return Array(path[at...]) }
            if seen.contains(i) { return nil }
            seen.insert(i)
            path.append(i)
            for input in indicators[i].aggregation.inputs where indicators.indices.contains(input) {
                if let found = walk(input) { return found }
            }
            path.removeLast()
            return nil
        }
        guard let found = walk(start), found.first == start else { return nil }
        return found
    }
}
