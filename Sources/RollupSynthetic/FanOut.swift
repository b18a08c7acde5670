/// Shares a level's units among the units of the level above, unevenly but deterministically.
enum FanOut {
    /// The number of children of each of `parents` units so that they add up to `children`.
    ///
    /// Each parent draws a weight (one in ten is four times heavier), a `leafShare` of the parents
    /// get no child at all (never all of them), and every other parent gets at least one child
    /// plus its weighted share of the rest; the rounding remainder goes one each to the first
    /// parents. Assumes `parents >= 1` and `children >= parents`.
    static func childCounts(
        parents: Int, children: Int, leafShare: Double, using generator: inout SeededGenerator
    ) -> [Int] {
        let leafThreshold = SeededGenerator.threshold(for: leafShare)
        var weights = [Int](repeating: 0, count: parents)
        var totalWeight = 0
        for parent in 0..<parents {
            var weight = generator.within(8, 63)
            if generator.below(10) == 0 { weight *= 4 }
            if generator.chance(leafThreshold) { weight = 0 }
            weights[parent] = weight
            totalWeight += weight
        }
        if totalWeight == 0 {
            weights[0] = 1
            totalWeight = 1
        }
        let withChildren = weights.reduce(0) { $0 + ($1 > 0 ? 1 : 0) }
        let extra = max(0, children - withChildren)
        var counts = [Int](repeating: 0, count: parents)
        var given = 0
        for parent in 0..<parents where weights[parent] > 0 {
            let share = extra * weights[parent] / totalWeight
            counts[parent] = 1 + share
            given += counts[parent]
        }
        var parent = 0
        while given < children {
            if weights[parent] > 0 {
                counts[parent] += 1
                given += 1
            }
            parent = (parent + 1) % parents
        }
        return counts
    }
}
