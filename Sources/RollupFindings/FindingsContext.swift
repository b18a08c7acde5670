import RollupKernel
import RollupModel

/// What every check reads: the dataset, its roll-up, the options, the tree of each target year,
/// and the helpers that name units and indicators and write figures.
struct FindingsContext: Sendable {
    var dataset: Dataset
    let rollup: Rollup
    let options: FindingsOptions
    /// The tree each target year is checked over.
    var targetTrees: [Int: Hierarchy]
    /// Where targets are looked up when not `dataset.targets` (a simulated plan; see ``PlanChecks``).
    var plan: (any TargetLookup)? = nil {
        didSet { hasPlan = plan != nil }
    }
    /// Whether ``plan`` is set: tested where a target is looked up, without copying the plan.
    private(set) var hasPlan = false
    /// Figures mapped through mergers, when any unit has a successor.
    let derived: DerivedFigures?
    /// Whether any unit has a validity window, so that its name may depend on the year.
    private let unitsHaveWindows: Bool
    /// Each indicator's name in typographic quotes, made once for every message.
    private let quotedNames: [String]
    /// The UTF-8 bytes of ``quotedNames``, appended to messages as they are.
    private let quotedNameBytes: [[UInt8]]
    /// Each indicator's limits and level scale, for writing its figures.
    private let figureStyles: [FigureStyle]
    /// Each indicator's comparison direction (``direction(_:)``), made once.
    private let directions: [Direction?]
    /// `dataset.targets` indexed by unit, set by ``FindingsEngine`` for a run over the dataset's
    /// own targets; `nil` where the targets are looked up elsewhere (``PlanChecks``). Must be
    /// rebuilt (or cleared) whenever `dataset.targets` changes.
    var targetIndex: TargetIndex? = nil {
        didSet { indexed = targetIndex != nil }
    }
    /// Whether ``targetIndex`` is set: tested where a target is looked up, without copying it.
    private(set) var indexed = false
    /// For each period of the roll-up, the positions of its tree with children, ascending: the
    /// few positions the outlier, coverage and roll-up mismatch checks look at (most are
    /// leaves), found once per period rather than once per indicator.
    private let parentPositions: [[Int32]]

    init(_ dataset: Dataset, _ rollup: Rollup, _ options: FindingsOptions) {
        self.dataset = dataset
        self.rollup = rollup
        self.options = options
        // One pass over the unit rows for what the context needs to know of them.
        var windows = false
        var successors = false
        for u in dataset.units.records.indices {
            dataset.units.records[u].withUnsafeBufferPointer { records in
                for r in records.indices {
                    windows = windows || records[r].validFrom != nil || records[r].validTo != nil
                    successors = successors || records[r].successor != nil
                }
            }
        }
        var trees: [Int: Hierarchy] = [:]
        for year in dataset.targets.years {
            trees[year] = FindingsContext.tree(forYear: year, dataset, unitsHaveWindows: windows)
        }
        targetTrees = trees
        // Without a successor field the succession is empty: no need to build it to find out.
        derived = !successors || Succession(dataset.units).isEmpty ? nil : DerivedFigures(dataset, rollup)
        quotedNames = dataset.indicators.indicators.map { "“" + $0.name + "”" }
        quotedNameBytes = quotedNames.map { Array($0.utf8) }
        figureStyles = dataset.indicators.indicators.map(FigureStyle.init)
        directions = dataset.indicators.indicators.map { $0.direction ?? ($0.levelScale != nil ? .higher : nil) }
        unitsHaveWindows = windows
        parentPositions = rollup.periods.map { FindingsContext.parents(in: $0.tree, withAtLeast: 1) }
    }

    /// The positions of `range` in period `k`'s tree that have children, ascending.
    func parents(period k: Int, in range: Range<Int>) -> ArraySlice<Int32> {
        guard k >= 0, k < parentPositions.count else { return [] }
        let all = parentPositions[k]
        // The first at or after range.lowerBound, then the first at or after range.upperBound.
        func firstIndex(atLeast position: Int) -> Int {
            var (low, high) = (all.startIndex, all.endIndex)
            while low < high {
                let middle = (low + high) / 2
                if Int(all[middle]) < position { low = middle + 1 } else { high = middle }
            }
            return low
        }
        let start = firstIndex(atLeast: range.lowerBound)
        return all[start..<max(start, firstIndex(atLeast: range.upperBound))]
    }

    /// The positions of `tree` with at least `minimum` children, ascending.
    static func parents(in tree: Hierarchy, withAtLeast minimum: Int) -> [Int32] {
        var parents: [Int32] = []
        tree.childStart.withUnsafeBufferPointer { starts in
            tree.childEnd.withUnsafeBufferPointer { ends in
                for p in 0..<min(starts.count, ends.count) where Int(ends[p]) - Int(starts[p]) >= minimum {
                    parents.append(Int32(truncatingIfNeeded: p))
                }
            }
        }
        return parents
    }

    /// A unit's figure in period `k` as comparable with its later ones: its own effective value,
    /// or, where it absorbed units later, the roll-up of itself and those units then (`derived`).
    /// A figure derived from only some of them, or from a split, is not comparable: `nil`.
    func comparable(_ unit: Int, _ indicator: Int, period k: Int) -> (value: Interval, derived: Bool)? {
        guard let derived else { return effective(unit, indicator, period: k).map { ($0, false) } }
        let figure = derived.figure(unit: unit, indicator: indicator, periodIndex: k)
        switch figure.basis {
        case .own: return figure.interval.map { ($0, false) }
        case .derived: return figure.interval.map { ($0, true) }
        default: return nil
        }
    }

    /// The tree of a target year: built for that year when units have validity windows; else the
    /// tree of the latest period up to the year (the earliest period when all are later); with no
    /// period at all, the tree of every unit.
    static func tree(forYear year: Int, _ dataset: Dataset, unitsHaveWindows: Bool? = nil) -> Hierarchy {
        if unitsHaveWindows ?? dataset.units.hasWindows { return Hierarchy.build(dataset.units, year: year).0 }
        if let k = dataset.periods.lastIndex(where: { $0 <= year }), k < dataset.trees.count { return dataset.trees[k] }
        if let first = dataset.trees.first { return first }
        return Hierarchy.build(dataset.units, year: nil).0
    }

    func tree(forYear year: Int) -> Hierarchy {
        targetTrees[year] ?? FindingsContext.tree(forYear: year, dataset)
    }

    /// Calls `body` with each target of `range` (indices into `dataset.targets`) and the tree of
    /// its year, a year at a time, so that each year's tree is fetched once, not per target.
    func forEachTarget(in range: Range<Int>, _ body: (Int, Hierarchy) -> Void) {
        let targets = dataset.targets.targets
        var years: [Int] = []
        for n in range where !years.contains(targets[n].year) { years.append(targets[n].year) }
        for year in years {
            let tree = tree(forYear: year)
            for n in range where targets[n].year == year { body(n, tree) }
        }
    }

    // MARK: names

    /// The unit's name as written, in the row valid in `year` (without validity windows every
    /// row is valid every year: the first row's, as ``UnitCatalog/name(of:in:)`` gives it).
    func unitName(_ unit: Int, _ year: Int) -> String {
        if !unitsHaveWindows, unit >= 0, unit < dataset.units.records.count {
            // Only the name is copied out of the borrowed record.
            if let name = dataset.units.records[unit].withUnsafeBufferPointer({ $0.first?.name }) { return name }
        }
        return dataset.units.name(of: unit, in: year)
    }

    /// Appends ``unitName(_:_:)`` to `text`, reading the name in place (no `String` copied out
    /// of the catalog).
    func addUnitName(_ unit: Int, _ year: Int, to text: inout MessageText) {
        if !unitsHaveWindows, unit >= 0, unit < dataset.units.records.count {
            let added: Bool = dataset.units.records[unit].withUnsafeBufferPointer { records in
                guard !records.isEmpty else { return false }
                text.add(records[0].name)
                return true
            }
            if added { return }
        }
        text.add(dataset.units.name(of: unit, in: year))
    }

    /// Appends ``indicatorName(_:)`` to `text`.
    func addIndicatorName(_ indicator: Int, to text: inout MessageText) {
        if indicator >= 0, indicator < quotedNameBytes.count { return text.add(utf8: quotedNameBytes[indicator]) }
        text.add(indicatorName(indicator))
    }

    /// The indicator's name as written, in typographic quotes.
    func indicatorName(_ indicator: Int) -> String {
        if indicator < quotedNames.count { return quotedNames[indicator] }
        return "“" + dataset.indicators[indicator].name + "”"
    }

    /// ``list(_:)`` of the names of `units` in `year`, making only the names listed (a family
    /// of hundreds of children costs a few names, not hundreds).
    func list(units: [Int], year: Int) -> String {
        let shown = units.prefix(max(0, options.namesListed)).map { unitName($0, year) }
        var text = shown.joined(separator: ", ")
        if units.count > shown.count { text += " and \(units.count - shown.count) more" }
        return text
    }

    /// Up to `options.namesListed` names, then "and N more".
    func list(_ names: [String]) -> String {
        let shown = names.prefix(options.namesListed)
        var text = shown.joined(separator: ", ")
        if names.count > shown.count { text += " and \(names.count - shown.count) more" }
        return text
    }

    // MARK: figures

    /// The direction a comparison uses: the indicator's, or `higher` for a level scale (levels
    /// are listed worst first).
    func direction(_ indicator: Indicator) -> Direction? {
        indicator.direction ?? (indicator.levelScale != nil ? .higher : nil)
    }

    /// ``direction(_:)`` of the indicator at index `i`, without copying its description.
    func direction(indicatorAt i: Int) -> Direction? {
        i >= 0 && i < directions.count ? directions[i] : direction(dataset.indicators[i])
    }

    /// Whether the indicator at index `i` has a level scale.
    func isLevel(_ i: Int) -> Bool {
        i >= 0 && i < figureStyles.count ? figureStyles[i].scale != nil : dataset.indicators[i].levelScale != nil
    }

    /// A target as an interval (a level as the point of its rank); `nil` for a level not on the
    /// indicator's scale.
    func interval(of figure: Figure, _ indicator: Indicator) -> Interval? {
        TargetIndex.interval(of: figure, indicator)
    }

    /// Target `n` of `dataset.targets` as an interval (see ``interval(of:_:)``), `indicator`
    /// being its indicator's description.
    func targetInterval(_ n: Int, _ indicator: Indicator) -> Interval? {
        if indexed, n < targetIndex?.intervals.count ?? 0 { return targetIndex?.intervals[n] }
        return interval(of: dataset.targets.targets[n].figure, indicator)
    }

    /// ``targetInterval(_:_:)`` reading the indicator's description only when the target is not
    /// indexed.
    func targetInterval(_ n: Int, indicatorAt i: Int) -> Interval? {
        if indexed, n < targetIndex?.intervals.count ?? 0 { return targetIndex?.intervals[n] }
        return interval(of: dataset.targets.targets[n].figure, dataset.indicators[i])
    }

    /// Every value the indicator allows: `low`..`high` (unbounded where not given), or the ranks
    /// of its level scale.
    func validRange(_ indicator: Indicator) -> Interval {
        if let scale = indicator.levelScale {
            return Interval(low: 0, high: Double(max(0, scale.levels.count - 1)))
        }
        return Interval(low: indicator.low ?? -.infinity, high: indicator.high ?? .infinity)
    }

    /// ``validRange(_:)`` of the indicator at index `i`, without copying its description.
    func validRange(indicatorAt i: Int) -> Interval {
        let style = style(i)
        if let scale = style.scale { return Interval(low: 0, high: Double(max(0, scale.levels.count - 1))) }
        return Interval(low: style.low ?? -.infinity, high: style.high ?? .infinity)
    }

    /// A figure's text for the `value`/`expected` columns.
    func text(_ i: Interval, _ indicator: Int) -> String {
        FigureText.figure(i, style(indicator))
    }

    private func style(_ indicator: Int) -> FigureStyle {
        indicator >= 0 && indicator < figureStyles.count ? figureStyles[indicator] : FigureStyle(dataset.indicators[indicator])
    }

    /// Appends a figure's text for messages (``say(_:_:)``) to `text`.
    func say(_ i: Interval, _ indicator: Int, to text: inout MessageText) {
        FigureText.appendFigure(i, style(indicator), readable: true, to: &text)
    }

    /// A figure's text for messages (rounded to 6 significant digits).
    func say(_ i: Interval, _ indicator: Int) -> String {
        FigureText.figure(i, style(indicator), readable: true)
    }

    // MARK: values

    /// The position of `unit` in period `k`'s tree, or `nil` when it does not exist then.
    func position(_ unit: Int, period k: Int) -> Int? {
        guard unit < rollup.periods[k].tree.positionOf.count else { return nil }
        let p = Int(rollup.periods[k].tree.positionOf[unit])
        return p >= 0 ? p : nil
    }

    /// The effective value (reported or rolled up) of `unit` for `indicator` in period `k`.
    func effective(_ unit: Int, _ indicator: Int, period k: Int) -> Interval? {
        guard let p = position(unit, period: k) else { return nil }
        return effective(at: p, indicator, period: k)
    }

    /// The effective value at position `p` of period `k`'s tree.
    func effective(at p: Int, _ indicator: Int, period k: Int) -> Interval? {
        // Subscript chains borrow the arrays in place (no copy of the column, no retain).
        guard indicator < rollup.periods[k].columns.count, p < rollup.periods[k].columns[indicator].sources.count,
            rollup.periods[k].columns[indicator].sources[p] != .none
        else { return nil }
        let v = rollup.periods[k].columns[indicator].values[p]
        if !v.isNaN { return Interval(point: v) }
        return rollup.periods[k].columns[indicator].intervals[Int32(p)]
    }

    /// The figure `unit` itself reported for `indicator` in period `k`.
    func reported(_ unit: Int, _ indicator: Int, period k: Int) -> Interval? {
        guard let p = position(unit, period: k), k < dataset.reported.count, indicator >= 0, indicator < dataset.reported[k].count
        else { return nil }
        // Subscript chains borrow the column in place (no copy of it, no retain of its arrays).
        guard p < dataset.reported[k][indicator].count else { return nil }
        let v = dataset.reported[k][indicator].values[p]
        if !v.isNaN { return Interval(point: v) }
        // An absent exact figure needs no look-up in an empty side table.
        if !dataset.reported[k][indicator].hasIntervals { return nil }
        return dataset.reported[k][indicator].interval(at: p)
    }
}
