/// Which units are merged between the first and the later periods: on the level just above the
/// leaves, a unit picked with `mergeFraction` is absorbed by its next sibling (same parent) after
/// the first period; its leaves move under that sibling. A successor is never itself merged.
///
/// In `units.csv` a merged unit ends in the first period with the sibling as `successor`, and each
/// of its leaves has two rows: under the merged unit until the first period, under the successor
/// from the year after. O(units on that level) bytes.
struct MergePlan: Sendable {
    /// The level whose units may merge (-1: none).
    let depth: Int
    /// For each unit of that level: its successor's index, or -1.
    let successor: [Int32]
    /// Whether each unit of that level is a successor.
    let absorbs: [Bool]
    /// The last year merged units exist (the first period).
    let lastYear: Int
    /// The number of merged units.
    let merged: Int

    /// No merges.
    static let none = MergePlan(depth: -1, successor: [], absorbs: [], lastYear: 0, merged: 0)

    private init(depth: Int, successor: [Int32], absorbs: [Bool], lastYear: Int, merged: Int) {
        self.depth = depth
        self.successor = successor
        self.absorbs = absorbs
        self.lastYear = lastYear
        self.merged = merged
    }

    /// Draws the merges; none with fewer than two periods, a zero fraction, or a tree too shallow.
    init(tree: SyntheticTree, fraction: Double, periods: [Int], using generator: inout SeededGenerator) {
        let depth = tree.levels.count - 2
        guard fraction > 0, periods.count >= 2, depth >= 1, let first = periods.first else {
            self = .none
            return
        }
        let level = tree.levels[depth]
        let parentLevel = tree.levels[depth - 1]
        var successor = [Int32](repeating: -1, count: level.count)
        var absorbs = [Bool](repeating: false, count: level.count)
        let threshold = SeededGenerator.threshold(for: fraction)
        var unit = 0
        var merged = 0
        for parent in 0..<parentLevel.count {
            let children = parentLevel.childCounts.isEmpty ? 0 : parentLevel.childCounts[parent]
            for rank in 0..<children {
                let u = unit + rank
                let next = u + 1
                let picked = generator.chance(threshold)
                guard rank + 1 < children, picked, !absorbs[u], successor[u] < 0, !level.isLeaf(u), !level.isLeaf(next) else {
                    continue
                }
                successor[u] = Int32(next)
                absorbs[next] = true
                merged += 1
            }
            unit += children
        }
        self.init(depth: depth, successor: successor, absorbs: absorbs, lastYear: first, merged: merged)
    }

    /// Whether any unit merges.
    var isEmpty: Bool { merged == 0 }

    /// Whether unit `unit` of level `depth` takes part in a merge (merged or absorbing).
    func involves(_ depth: Int, _ unit: Int) -> Bool {
        depth == self.depth && (successor[unit] >= 0 || absorbs[unit])
    }
}
