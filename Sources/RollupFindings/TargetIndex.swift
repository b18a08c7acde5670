import RollupModel

/// The dataset's own targets arranged for the checks: grouped by unit, ordered by (unit,
/// indicator, year), with each target's figure already read as an interval.
///
/// Looking a child's or an ancestor's target up is then a scan of that unit's few targets in a
/// contiguous buffer instead of a dictionary probe, and `progress.csv`'s order needs no sort.
/// Built once per run from a ``TargetTable`` (whose targets are ordered by year, unit,
/// indicator); assumes every target's unit and indicator index is valid for `units` and
/// `indicators`, skipping (and leaving out of the order) any that is not.
struct TargetIndex: Sendable {
    /// Indices into the table's targets, in (unit, indicator, year) order.
    let order: [Int32]
    /// `order[unitStart[u] ..< unitStart[u + 1]]` are the targets of unit `u`.
    private let unitStart: [Int32]
    /// `(indicator << 32) | year` of each entry of `order`, for the scan.
    private let keys: [UInt64]
    /// Each target's figure as an interval (a level as the point of its rank), by target index;
    /// `nil` for a level not on the indicator's scale.
    let intervals: [Interval?]

    /// Indexes `table`'s targets for `unitCount` units and `indicators`.
    init(_ table: TargetTable, unitCount: Int, indicators: IndicatorTable) {
        let targets = table.targets
        var counts = [Int32](repeating: 0, count: unitCount + 1)
        var intervals: [Interval?] = []
        intervals.reserveCapacity(targets.count)
        for t in targets {
            let valid = t.unit >= 0 && t.unit < unitCount && t.indicator >= 0 && t.indicator < indicators.count
            intervals.append(valid ? TargetIndex.interval(of: t.figure, indicators[t.indicator]) : nil)
            if valid { counts[t.unit + 1] += 1 }
        }
        for u in 0..<unitCount { counts[u + 1] += counts[u] }
        unitStart = counts
        var next = counts
        var order = [Int32](repeating: 0, count: Int(counts[unitCount]))
        var keys = [UInt64](repeating: 0, count: order.count)
        // The table is in (year, unit, indicator) order: each unit's segment fills in (year,
        // indicator) order, then a short insertion sort makes it (indicator, year).
        for (n, t) in targets.enumerated() where t.unit >= 0 && t.unit < unitCount && t.indicator >= 0 && t.indicator < indicators.count {
            let slot = Int(next[t.unit])
            next[t.unit] += 1
            order[slot] = Int32(n)
            keys[slot] = TargetIndex.key(t.indicator, t.year)
        }
        for u in 0..<unitCount {
            let start = Int(counts[u])
            let end = Int(counts[u + 1])
            guard end - start > 1 else { continue }
            for j in (start + 1)..<end {
                let key = keys[j]
                let entry = order[j]
                var m = j
                while m > start && keys[m - 1] > key {
                    keys[m] = keys[m - 1]
                    order[m] = order[m - 1]
                    m -= 1
                }
                keys[m] = key
                order[m] = entry
            }
        }
        self.order = order
        self.keys = keys
        self.intervals = intervals
    }

    /// The scan key of an indicator and a year, ordered as (indicator, year) for years that fit
    /// in 32 bits.
    private static func key(_ indicator: Int, _ year: Int) -> UInt64 {
        let biasedYear = UInt32(bitPattern: Int32(truncatingIfNeeded: year)) ^ 0x8000_0000
        return UInt64(truncatingIfNeeded: indicator) << 32 | UInt64(biasedYear)
    }

    /// The index (in the table's targets) of the target of `unit` for `indicator` by the end of
    /// `year`, if any; of the last such, as ``TargetTable/target(unit:indicator:year:)`` finds,
    /// should the table hold the key twice.
    func target(unit: Int, indicator: Int, year: Int) -> Int? {
        guard unit >= 0, unit + 1 < unitStart.count else { return nil }
        let key = TargetIndex.key(indicator, year)
        var j = Int(unitStart[unit])
        let end = Int(unitStart[unit + 1])
        var found: Int?
        while j < end {
            let k = keys[j]
            if k == key {
                found = Int(order[j])
            } else if k > key {
                break
            }
            j += 1
        }
        return found
    }

    /// A target's figure as an interval (a level as the point of its rank); `nil` for a level not
    /// on the indicator's scale. ``FindingsContext/interval(of:_:)`` reads targets through it.
    static func interval(of figure: Figure, _ indicator: Indicator) -> Interval? {
        switch figure {
        case .number(let x): return Interval(point: x)
        case .interval(let i): return i
        case .level(let text):
            guard let rank = indicator.levelScale?.rank(of: text) else { return nil }
            return Interval(point: Double(rank))
        }
    }
}
