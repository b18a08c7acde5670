import Foundation

/// Writes `targets.csv`: `unit,indicator,year,target` for the ``TargetPlan`` indicators and
/// years, at every internal unit and at a sample of the leaves, level by level from the root.
enum TargetsFile {
    /// The share of leaves that have targets.
    static let leafShare = 0.03
    /// Per mille of (unit, indicator, year) planted below the parent's plan (not at the root).
    static let belowParentPerMille = 30
    /// Per mille of (internal unit, indicator, year) planted beyond its children's reach.
    static let beyondReachPerMille = 40

    /// Writes the targets of `tree` to `url`; returns the bytes and the rows written.
    static func write(
        _ tree: SyntheticTree, seed: UInt64, notation: Notation, to url: URL
    ) throws -> (bytes: Int, rows: Int) {
        var generator = SeededGenerator.stream(3, of: seed)
        let sink = try ByteSink(url: url)
        let naming = UnitNaming()
        let plans = TargetPlan.all
        let years = TargetPlan.years
        let yearCount = years.count
        let leafThreshold = SeededGenerator.threshold(for: leafShare)
        sink.bytes(Array("unit,indicator,year,target\n".utf8))
        var rows = 0
        // planned[plan * yearCount + year][unit of the previous level]
        var previous: [[Int]] = (0..<(plans.count * yearCount)).map { combo in
            [plans[combo / yearCount].national[combo % yearCount]]
        }
        for (depth, level) in tree.levels.enumerated() {
            let keepsPlans = depth + 1 < tree.levels.count
            var current: [[Int]] =
                keepsPlans
                ? Array(repeating: Array(repeating: 0, count: level.count), count: previous.count) : []
            var index = 0
            let parentLevel = depth == 0 ? nil : tree.levels[depth - 1]
            let parents = parentLevel?.count ?? 1
            for parent in 0..<parents {
                let children = parentLevel?.childCounts[parent] ?? 1
                for _ in 0..<children {
                    let leaf = level.isLeaf(index)
                    if !leaf || generator.chance(leafThreshold) {
                        for (planIndex, plan) in plans.enumerated() {
                            for (yearIndex, year) in years.enumerated() {
                                let combo = planIndex * yearCount + yearIndex
                                let parentPlan = previous[combo][parent]
                                let (planned, written) = target(
                                    plan, parentPlan: parentPlan, isRoot: depth == 0, isLeaf: leaf,
                                    using: &generator)
                                if keepsPlans { current[combo][index] = planned }
                                naming.code(level, index, to: sink)
                                sink.byte(UInt8(ascii: ","))
                                sink.bytes(plan.code)
                                sink.byte(UInt8(ascii: ","))
                                sink.int(year)
                                sink.byte(UInt8(ascii: ","))
                                let style = generator.below(10)
                                notation.target(
                                    written, higher: plan.higher,
                                    style: leaf && plan.leafTarget != nil ? 0 : (style < 7 ? 0 : (style < 9 ? 1 : 2)),
                                    variant: generator.below(2), cap: plan.cap, to: sink)
                                sink.byte(UInt8(ascii: "\n"))
                                rows += 1
                            }
                        }
                    }
                    index += 1
                }
            }
            previous = current
        }
        try sink.close()
        return (sink.bytesWritten, rows)
    }

    /// The planned target (what the unit's children start from) and the written one.
    private static func target(
        _ plan: TargetPlan, parentPlan: Int, isRoot: Bool, isLeaf: Bool, using generator: inout SeededGenerator
    ) -> (planned: Int, written: Int) {
        if isLeaf, let fixed = plan.leafTarget { return (fixed, fixed) }
        if isRoot {
            let planned = parentPlan
            let roll = generator.below(1_000)
            if roll < beyondReachPerMille, let written = plan.beyondReach(of: planned, using: &generator) {
                return (planned, written)
            }
            return (planned, planned)
        }
        let roll = generator.below(1_000)
        if roll < belowParentPerMille {
            let written = plan.below(parentPlan, using: &generator)
            return (written, written)
        }
        let planned = plan.child(of: parentPlan, using: &generator)
        if !isLeaf, roll < belowParentPerMille + beyondReachPerMille,
            let written = plan.beyondReach(of: planned, using: &generator)
        {
            return (planned, written)
        }
        return (planned, planned)
    }
}
