/// One level of a built synthetic tree. Units of a level are numbered 0..<count in `units.csv`
/// order; the children of unit `i` are a contiguous run of the next level, right after the
/// children of unit `i - 1`.
struct TreeLevel: Sendable {
    /// The level's kind.
    let kind: LevelKind
    /// The number of units on the level.
    let count: Int
    /// The number of children of each unit; empty on the deepest level (all leaves there).
    /// A zero marks a leaf above the deepest level.
    let childCounts: [Int]
    /// The `level` label, cached for the writers.
    let label: [UInt8]
    /// The code prefix, cached for the writers.
    let codePrefix: [UInt8]

    init(kind: LevelKind, count: Int, childCounts: [Int]) {
        self.kind = kind
        self.count = count
        self.childCounts = childCounts
        label = kind.label
        codePrefix = kind.codePrefix
    }

    /// Whether unit `index` of this level is a leaf.
    @inline(__always)
    func isLeaf(_ index: Int) -> Bool {
        childCounts.isEmpty || childCounts[index] == 0
    }

    /// The number of leaves on this level.
    var leafCount: Int {
        childCounts.isEmpty ? count : childCounts.reduce(0) { $0 + ($1 == 0 ? 1 : 0) }
    }
}
