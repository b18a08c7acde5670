import RollupModel

/// The buffers one column is rolled up into: manually allocated so that worker threads can write
/// disjoint slots without copying, and freed when the column has been copied out.
///
/// Thread safety: during a depth, each position is written by exactly one task; `intervals` is
/// changed only between depths, on one thread.
final class ColumnStorage: @unchecked Sendable {
    let count: Int
    let values: UnsafeMutableBufferPointer<Double>
    let sources: UnsafeMutableBufferPointer<UInt8>
    let coverage: UnsafeMutableBufferPointer<Double>
    /// Leaf counts below each position, for `share_of_units` only.
    let shares: UnsafeMutableBufferPointer<ShareCount>?
    var intervals: [Int32: Interval]

    /// Starts from the reported figures: leaves keep them, and an internal unit keeps its own
    /// report unless its children contribute.
    init(reported: FigureColumn, tree: Hierarchy, needsShares: Bool) {
        count = reported.count
        values = .allocate(capacity: count)
        sources = .allocate(capacity: count)
        coverage = .allocate(capacity: count)
        shares = needsShares ? .allocate(capacity: count) : nil
        intervals = reported.intervals
        reported.values.withUnsafeBufferPointer { source in
            for p in 0..<count {
                let v = source[p]
                values[p] = v
                let present = !v.isNaN || reported.intervals[Int32(p)] != nil
                let leaf = tree.childStart[p] == tree.childEnd[p]
                sources[p] = present ? (leaf ? RollupSource.reported.rawValue : RollupSource.ownReport.rawValue) : 0
                coverage[p] = present ? (leaf ? 1 : 0) : .nan
            }
        }
        if let shares { shares.initialize(repeating: ShareCount()) }
    }

    deinit {
        values.deallocate()
        sources.deallocate()
        coverage.deallocate()
        shares?.deallocate()
    }

    /// The effective value at `p` as an interval, reading the side table only for NaN slots.
    @inline(__always)
    func interval(at p: Int) -> Interval? {
        let v = values[p]
        if !v.isNaN { return Interval(point: v) }
        return intervals.isEmpty ? nil : intervals[Int32(p)]
    }

    /// Copies the buffers out into a value-type column.
    func column() -> RollupColumn {
        RollupColumn(
            values: Array(values), intervals: intervals,
            sources: sources.map { RollupSource(rawValue: $0) ?? .none }, coverage: Array(coverage))
    }
}

/// The parent/child arrays of a tree as raw buffers for the hot loops.
final class FlatTree: @unchecked Sendable {
    let childStart: UnsafeMutableBufferPointer<Int32>
    let childEnd: UnsafeMutableBufferPointer<Int32>
    let leafCount: UnsafeMutableBufferPointer<Int32>
    let levelStart: [Int]

    init(_ tree: Hierarchy) {
        childStart = .allocate(capacity: tree.count)
        childEnd = .allocate(capacity: tree.count)
        leafCount = .allocate(capacity: tree.count)
        _ = childStart.initialize(from: tree.childStart)
        _ = childEnd.initialize(from: tree.childEnd)
        _ = leafCount.initialize(from: tree.leafCount)
        levelStart = tree.levelStart
    }

    deinit {
        childStart.deallocate()
        childEnd.deallocate()
        leafCount.deallocate()
    }
}
