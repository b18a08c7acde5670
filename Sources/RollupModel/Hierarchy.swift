/// The unit tree of one period, laid out for roll-ups.
///
/// Units are stored by *position*: level by level from the roots down (breadth first), so that
/// every parent's children are contiguous and sit in `units.csv` order, and every level is a
/// contiguous range. A roll-up is then a loop from the deepest level up over plain arrays.
///
/// - Complexity: building is O(units); every lookup is O(1).
public struct Hierarchy: Sendable {
    /// The unit index at each position.
    public let unitAt: [Int32]
    /// The position of each unit index, or -1 when the unit does not exist in this period.
    public let positionOf: [Int32]
    /// The parent's position at each position, or -1 for a root.
    public let parentAt: [Int32]
    /// The first child's position at each position (equal to `childEnd` for a leaf).
    public let childStart: [Int32]
    /// One past the last child's position at each position.
    public let childEnd: [Int32]
    /// The number of leaves at or below each position (1 for a leaf).
    public let leafCount: [Int32]
    /// `levelStart[d] ..< levelStart[d + 1]` are the positions at depth `d` (roots at depth 0).
    public let levelStart: [Int]

    /// The number of units in the tree.
    public var count: Int { unitAt.count }
    /// The number of depths.
    public var depth: Int { levelStart.count - 1 }

    /// Whether the unit at `position` has no children.
    @inlinable public func isLeaf(_ position: Int) -> Bool { childStart[position] == childEnd[position] }

    /// The positions of the children of `position`.
    public func children(of position: Int) -> Range<Int> { Int(childStart[position])..<Int(childEnd[position]) }

    /// Builds the tree of `year` from the rows valid then (`nil`: every row, for a catalog
    /// without windows), with what keeps it from being a tree. Units in a cycle, or below a
    /// missing parent or a cycle, are left out of the tree.
    public static func build(_ catalog: UnitCatalog, year: Int?) -> (Hierarchy, [StructureProblem]) {
        var problems: [StructureProblem] = []
        let n = catalog.count
        var parentOf = Array(repeating: Int32(-2), count: n)  // -2: absent this year; -1: root
        // Which row applies to each unit this year (an index into the catalog's rows; -1:
        // none), so that rows are read in place rather than copied.
        var rowOf = Array(repeating: Int32(-1), count: n)
        let records = catalog.records
        let parents = catalog.parentIndices
        records.all.withUnsafeBufferPointer { rows in
            for u in 0..<n {
                let range = records.rowRange(of: u)
                if year == nil {
                    if !range.isEmpty { rowOf[u] = Int32(truncatingIfNeeded: range.lowerBound) }
                } else if let r = range.first(where: { rows[$0].isValid(in: year) }) {
                    rowOf[u] = Int32(truncatingIfNeeded: r)
                }
            }
            for u in 0..<n where rowOf[u] >= 0 {
                let row = Int(rowOf[u])
                let p = Int(parents[row])
                if p == -1 {
                    parentOf[u] = -1
                } else if p >= 0, rowOf[p] >= 0 {
                    parentOf[u] = Int32(truncatingIfNeeded: p)
                } else {
                    problems.append(.missingParent(rows[row], year: year))
                }
            }
        }
        // Children lists in unit-index (file) order.
        var childCount = Array(repeating: Int32(0), count: n)
        for u in 0..<n where parentOf[u] >= 0 { childCount[Int(parentOf[u])] += 1 }
        var firstChild = Array(repeating: Int32(0), count: n + 1)
        for u in 0..<n { firstChild[u + 1] = firstChild[u] + childCount[u] }
        var fill = firstChild
        var childrenFlat = Array(repeating: Int32(0), count: Int(firstChild[n]))
        for u in 0..<n where parentOf[u] >= 0 {
            let p = Int(parentOf[u])
            childrenFlat[Int(fill[p])] = Int32(u)
            fill[p] += 1
        }
        // Breadth first from the roots.
        var unitAt: [Int32] = []
        unitAt.reserveCapacity(n)
        var levelStart = [0]
        for u in 0..<n where parentOf[u] == -1 { unitAt.append(Int32(u)) }
        var childStart: [Int32] = []
        var childEnd: [Int32] = []
        childStart.reserveCapacity(n)
        childEnd.reserveCapacity(n)
        var levelBegin = 0
        while levelBegin < unitAt.count {
            let levelEnd = unitAt.count
            levelStart.append(levelEnd)
            for position in levelBegin..<levelEnd {
                let u = Int(unitAt[position])
                childStart.append(Int32(unitAt.count))
                for k in Int(firstChild[u])..<Int(firstChild[u + 1]) { unitAt.append(childrenFlat[k]) }
                childEnd.append(Int32(unitAt.count))
            }
            levelBegin = levelEnd
        }
        var positionOf = Array(repeating: Int32(-1), count: n)
        for (position, u) in unitAt.enumerated() { positionOf[Int(u)] = Int32(position) }
        var parentAt = Array(repeating: Int32(-1), count: unitAt.count)
        for position in unitAt.indices {
            for c in Int(childStart[position])..<Int(childEnd[position]) { parentAt[c] = Int32(position) }
        }
        var leafCount = Array(repeating: Int32(0), count: unitAt.count)
        for position in unitAt.indices.reversed() {
            let s = Int(childStart[position])
            let e = Int(childEnd[position])
            if s == e {
                leafCount[position] = 1
            } else {
                var total: Int32 = 0
                for c in s..<e { total &+= leafCount[c] }
                leafCount[position] = total
            }
        }
        problems += cycles(parentOf: parentOf, reached: positionOf, year: year) { u in
            rowOf[u] >= 0 ? records.all[Int(rowOf[u])] : nil
        }
        let tree = Hierarchy(
            unitAt: unitAt, positionOf: positionOf, parentAt: parentAt, childStart: childStart,
            childEnd: childEnd, leafCount: leafCount, levelStart: levelStart)
        return (tree, problems)
    }

    /// Every cycle among units whose parents exist but that no root reaches, each once.
    private static func cycles(
        parentOf: [Int32], reached: [Int32], year: Int?, recordOf: (Int) -> UnitRecord?
    ) -> [StructureProblem] {
        var problems: [StructureProblem] = []
        var state = Array(repeating: UInt8(0), count: parentOf.count)  // 0 new, 1 on walk, 2 done
        for start in parentOf.indices where parentOf[start] >= 0 && reached[start] < 0 && state[start] == 0 {
            var walk: [Int] = []
            var u = start
            while u >= 0 && state[u] == 0 && parentOf[u] >= 0 && reached[u] < 0 {
                state[u] = 1
                walk.append(u)
                u = Int(parentOf[u])
            }
            if u >= 0 && state[u] == 1, let at = walk.firstIndex(of: u) {
                let members = walk[at...].compactMap { recordOf($0) }
                problems.append(.cycle(members, year: year))
            }
            for w in walk { state[w] = 2 }
        }
        return problems
    }
}
