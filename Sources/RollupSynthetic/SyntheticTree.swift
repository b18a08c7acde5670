/// The shape of a synthetic tree, level by level: O(internal units) integers, never the units'
/// text. Built from a preset and a seed; the same pair always gives the same tree.
struct SyntheticTree: Sendable {
    /// The levels from the root (one unit) down.
    let levels: [TreeLevel]

    /// Builds the tree of `preset`, drawing the fan-out from `seed`'s shape stream.
    init(preset: SyntheticPreset, seed: UInt64) {
        var generator = SeededGenerator.stream(1, of: seed)
        let shape = preset.shape
        var built: [TreeLevel] = []
        built.reserveCapacity(shape.count)
        for (depth, level) in shape.enumerated() {
            var childCounts: [Int] = []
            if depth + 1 < shape.count {
                childCounts = FanOut.childCounts(
                    parents: level.count, children: shape[depth + 1].count,
                    leafShare: depth == 0 ? 0 : level.leafShare, using: &generator)
            }
            built.append(TreeLevel(kind: level.kind, count: level.count, childCounts: childCounts))
        }
        levels = built
    }

    /// The number of units on all levels.
    var unitCount: Int { levels.reduce(0) { $0 + $1.count } }

    /// The number of leaves on all levels.
    var leafCount: Int { levels.reduce(0) { $0 + $1.leafCount } }

    /// The number of levels (the root is level 1).
    var depth: Int { levels.count }
}
