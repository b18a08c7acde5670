/// Which internal units report their own POP and BHYT, and which of those are planted off.
///
/// Each internal unit is picked with `ownReportRate`; the root and the first unit of the level
/// below it are always picked when the rate is positive, so every data set has some. Each
/// picked unit is a planted mismatch with `mismatchRate`; when that rate is positive and chance
/// planted none, the first picked unit below the root is planted. O(internal units) bytes.
struct OwnReportPlan: Sendable {
    /// Per internal level, per unit: 0 no own report, 1 consistent, 2 planted mismatch.
    private var marks: [[UInt8]]
    /// Units with an own report.
    private(set) var reporters = 0
    /// Units whose own report is planted off.
    private(set) var mismatches = 0

    init(tree: SyntheticTree, ownReportRate: Double, mismatchRate: Double, using generator: inout SeededGenerator) {
        let ownThreshold = SeededGenerator.threshold(for: ownReportRate)
        let mismatchThreshold = SeededGenerator.threshold(for: mismatchRate)
        marks = tree.levels.dropLast().map { [UInt8](repeating: 0, count: $0.count) }
        for depth in marks.indices {
            let level = tree.levels[depth]
            for unit in 0..<level.count where !level.isLeaf(unit) {
                let forced = ownReportRate > 0 && unit == 0 && depth <= 1
                guard generator.chance(ownThreshold) || forced else { continue }
                let off = generator.chance(mismatchThreshold)
                marks[depth][unit] = off ? 2 : 1
                reporters += 1
                if off { mismatches += 1 }
            }
        }
        if mismatchRate > 0, mismatches == 0, reporters > 0 {
            let depth = marks.count > 1 && marks[1].first == 1 ? 1 : 0
            if marks[depth].first == 1 {
                marks[depth][0] = 2
                mismatches = 1
            }
        }
    }

    /// Whether unit `unit` of internal level `depth` reports its own figures.
    func reports(_ depth: Int, _ unit: Int) -> Bool { marks[depth][unit] != 0 }

    /// Whether that own report is planted off.
    func isMismatch(_ depth: Int, _ unit: Int) -> Bool { marks[depth][unit] == 2 }
}
