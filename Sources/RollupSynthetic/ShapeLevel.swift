/// One level of a preset's shape: what it is, how many units it has, and the share of its
/// units that are leaves although the tree goes deeper (special zones without groups).
struct ShapeLevel: Sendable {
    /// The level's kind (label, code prefix, names).
    let kind: LevelKind
    /// The number of units on the level.
    let count: Int
    /// The probability that a unit of this level has no children (only below the root, and
    /// only where a deeper level exists).
    let leafShare: Double

    init(_ kind: LevelKind, _ count: Int, leafShare: Double = 0) {
        self.kind = kind
        self.count = count
        self.leafShare = leafShare
    }
}
