import RollupModel

/// The result arrays of one column (the ``RollupColumn`` it becomes), held in a class so that
/// each can be lent to the kernels as a raw buffer for the whole roll-up (see
/// ``ColumnArrays/lend(_:_:)``) and handed on afterwards without a copy.
///
/// Only the positions below `split` (the units above the deepest level) get arrays of their own:
/// the leaves of the deepest level keep their reported values, read from `leaves`, the reported
/// array itself (shared, never written). A column that computes its leaves (a ratio) instead gets
/// a values array of every position, which then serves as `leaves` too.
final class ColumnArrays {
    /// Positions below it are stored in `values`, `sources` and `coverage`.
    let split: Int
    /// Whether `values` holds every position (the column writes its leaves).
    let ownsLeaves: Bool
    var values: [Double]
    /// Every position's reported value, read beyond `split`; empty when ``ownsLeaves``.
    let leaves: [Double]
    var sources: [RollupSource]
    var coverage: [Double]
    /// One bit per position, set where the column holds an interval.
    var intervalBits: [UInt64]

    /// Starts from the reported figures (`count` slots; slots that `reported` lacks start empty):
    /// no source and NaN coverage below `split` until ``ColumnStorage`` marks the reported ones.
    init(reported: FigureColumn, count: Int, split: Int, ownsLeaves: Bool) {
        let split = Swift.max(0, Swift.min(split, count))
        self.split = split
        self.ownsLeaves = ownsLeaves
        let all =
            reported.count == count
            ? reported.values  // shared with the dataset: only read
            : Array(reported.values.prefix(count)) + Array(repeating: .nan, count: Swift.max(0, count - reported.count))
        if ownsLeaves {
            values = all  // copied on the first write, never shared with the dataset
            leaves = []
        } else {
            values = Array(all[0..<split])
            leaves = all
        }
        sources = Array(repeating: .none, count: split)
        coverage = Array(repeating: .nan, count: split)
        intervalBits = Array(repeating: 0, count: Swift.max(1, (count + 63) >> 6))
    }

    /// The column the arrays became, once the roll-up is done.
    func column(intervals: [Int32: Interval]) -> RollupColumn {
        RollupColumn(
            split: split, inner: values, outer: ownsLeaves ? values : leaves, sources: sources, coverage: coverage,
            intervals: intervals, intervalBits: intervalBits)
    }

    /// The buffers of one column while it is lent.
    struct Buffers {
        let split: Int
        let values: UnsafeMutableBufferPointer<Double>
        /// Every position's value: `leaves`, or `values` when the column owns its leaves.
        let leaves: UnsafeBufferPointer<Double>
        let sources: UnsafeMutableBufferPointer<RollupSource>
        let coverage: UnsafeMutableBufferPointer<Double>
        let intervalBits: UnsafeMutableBufferPointer<UInt64>
    }

    /// Calls `body` with the buffers of every column of `columns`, in order, valid only during
    /// the call: nested `withUnsafe...BufferPointer` calls, one column at a time, so the stack
    /// grows by a few hundred bytes per column (callers bound the count: see
    /// ``ParallelAggregator``'s `lendingLimit`).
    static func lend(_ columns: [ColumnArrays], _ body: ([Buffers]) -> Void) {
        var lent: [Buffers] = []
        lent.reserveCapacity(columns.count)
        lend(columns, from: 0, into: &lent, body)
    }

    private static func lend(_ columns: [ColumnArrays], from i: Int, into lent: inout [Buffers], _ body: ([Buffers]) -> Void) {
        guard i < columns.count else {
            body(lent)
            return
        }
        let column = columns[i]
        column.values.withUnsafeMutableBufferPointer { values in
            column.leaves.withUnsafeBufferPointer { leaves in
                column.sources.withUnsafeMutableBufferPointer { sources in
                    column.coverage.withUnsafeMutableBufferPointer { coverage in
                        column.intervalBits.withUnsafeMutableBufferPointer { bits in
                            lent.append(
                                Buffers(
                                    split: column.split, values: values,
                                    leaves: column.ownsLeaves ? UnsafeBufferPointer(values) : leaves, sources: sources,
                                    coverage: coverage, intervalBits: bits))
                            lend(columns, from: i + 1, into: &lent, body)
                        }
                    }
                }
            }
        }
    }
}

/// One column while it is rolled up: the lent result buffers (see ``ColumnArrays``), so that
/// worker threads write disjoint slots of the final arrays without copying, plus what only the
/// roll-up needs.
///
/// Positions below `split` are read and written in `values`, `sources` and `coverage`; the leaves
/// of the deepest level, from `split` on, are read from `leaves` and never written (but by a
/// column that owns its leaves, whose `leaves` are its `values`): their source and coverage follow
/// from presence (see ``RollupColumn``).
///
/// Intervals live in a side table (`intervals`) mirrored by a bitmap (`intervalBits`, one bit per
/// position), so that the hot loops learn whether a parent has an interval child, or whether a
/// NaN slot is missing or inexact, from one word instead of a dictionary probe.
///
/// Thread safety: during a depth, each position is written by exactly one task; `intervals` and
/// `intervalBits` are changed only between depths, on one thread (``setInterval(_:_:)``). The
/// buffers are valid only while they are lent: the storage must not be used after
/// ``ColumnArrays/lend(_:_:)`` returns, except for `intervals`.
final class ColumnStorage: @unchecked Sendable {
    let count: Int
    /// Positions below it are stored in `values`, `sources` and `coverage`.
    let split: Int
    let values: UnsafeMutableBufferPointer<Double>
    /// Every position's value (positions below `split` only valid in `values`, unless the column
    /// owns its leaves and the two are one buffer).
    let leaves: UnsafeBufferPointer<Double>
    let sources: UnsafeMutableBufferPointer<RollupSource>
    let coverage: UnsafeMutableBufferPointer<Double>
    /// Leaf counts below each position below `split`, for `share_of_units` only.
    let shares: UnsafeMutableBufferPointer<ShareCount>?
    /// Inexact effective values by position; change only through ``setInterval(_:_:)``.
    @exclusivity(unchecked) private(set) var intervals: [Int32: Interval]
    /// Bit `p & 63` of word `p >> 6` is set exactly where `intervals` holds position `p`
    /// (positions `0..<count`).
    let intervalBits: UnsafeMutableBufferPointer<UInt64>

    /// Starts from the reported figures, already in `buffers` (from ``ColumnArrays``): leaves
    /// keep them, and an internal unit keeps its own report unless its children contribute.
    /// Assumes the buffers have one slot per position of `tree` (`values`, `sources` and
    /// `coverage` at least `split`), sources `.none`, coverage NaN and no interval bit set.
    init(buffers: ColumnArrays.Buffers, intervals reported: [Int32: Interval], tree: FlatTree, needsShares: Bool) {
        count = Swift.min(tree.childStart.count, buffers.leaves.count, buffers.intervalBits.count << 6)
        split = Swift.min(buffers.split, count, buffers.values.count, buffers.sources.count, buffers.coverage.count)
        values = buffers.values
        leaves = buffers.leaves
        sources = buffers.sources
        coverage = buffers.coverage
        shares = needsShares ? .allocate(capacity: split) : nil
        intervals = reported
        intervalBits = buffers.intervalBits
        let (values, sources, coverage, split) = (values, sources, coverage, split)
        let (childStart, childEnd) = (tree.childStart, tree.childEnd)
        for p in 0..<split where !values[p].isNaN {
            let leaf = childStart[p] == childEnd[p]
            sources[p] = leaf ? .reported : .ownReport
            coverage[p] = leaf ? 1 : 0
        }
        for key in reported.keys {
            let p = Int(key)
            guard p >= 0 && p < count else { continue }
            intervalBits[p >> 6] |= 1 &<< UInt64(p & 63)
            guard p < split && values[p].isNaN else { continue }
            let leaf = childStart[p] == childEnd[p]
            sources[p] = leaf ? .reported : .ownReport
            coverage[p] = leaf ? 1 : 0
        }
        if let shares { shares.initialize(repeating: ShareCount()) }
    }

    deinit {
        shares?.deallocate()
    }

    /// Whether any position holds an interval.
    var hasIntervals: Bool { !intervals.isEmpty }

    /// The values of the children `s..<e` of one parent (children lie on one side of `split`),
    /// indexed by position; assumes `0 <= s`.
    @inline(__always)
    func children(_ s: Int) -> UnsafeBufferPointer<Double> {
        s < split ? UnsafeBufferPointer(values) : leaves
    }

    /// The value at `p`; assumes `0 <= p < count`.
    @inline(__always)
    func value(_ p: Int) -> Double {
        p < split ? values[p] : leaves[p]
    }

    /// The coverage at `p` (1 or NaN for a leaf beyond `split`); assumes `0 <= p < count`.
    @inline(__always)
    func coverage(_ p: Int) -> Double {
        if p < split { return coverage[p] }
        return !leaves[p].isNaN || hasInterval(p) ? 1 : .nan
    }

    /// Stores a result at `p`: its value, source and coverage (the last two only below `split`,
    /// beyond which they follow from presence); assumes `0 <= p < count` and, from `split` on,
    /// a column that owns its leaves.
    @inline(__always)
    func set(_ p: Int, value: Double, source: RollupSource, coverage cover: Double) {
        if p < split {
            values[p] = value
            sources[p] = source
            coverage[p] = cover
        } else if p < values.count {
            values[p] = value
        }
    }

    /// Marks a leaf's result at `p` as reported (beyond `split` it is so by presence); assumes
    /// `0 <= p`.
    @inline(__always)
    func markReported(_ p: Int) {
        if p < split { sources[p] = .reported }
    }

    /// Whether `intervals` holds position `p`; assumes `0 <= p < count`.
    @inline(__always)
    func hasInterval(_ p: Int) -> Bool {
        intervalBits[p &>> 6] & (1 &<< UInt64(p & 63)) != 0
    }

    /// Whether any position of `s..<e` holds an interval; assumes `0 <= s < e <= count`.
    @inline(__always)
    func anyInterval(_ s: Int, _ e: Int) -> Bool {
        let first = s &>> 6
        let last = (e &- 1) &>> 6
        let lowMask = ~UInt64(0) &<< UInt64(s & 63)
        let highMask = ~UInt64(0) &>> UInt64(63 &- ((e &- 1) & 63))
        if first == last { return intervalBits[first] & lowMask & highMask != 0 }
        if intervalBits[first] & lowMask != 0 { return true }
        var w = first &+ 1
        while w < last {
            if intervalBits[w] != 0 { return true }
            w &+= 1
        }
        return intervalBits[last] & highMask != 0
    }

    /// Stores (or, with `nil`, removes) the interval at `p`, keeping the bitmap in step. Only
    /// between depths, on one thread.
    func setInterval(_ p: Int32, _ interval: Interval?) {
        intervals[p] = interval
        let i = Int(p)
        guard i >= 0 && i < count else { return }
        let bit: UInt64 = 1 &<< UInt64(i & 63)
        if interval != nil {
            intervalBits[i >> 6] |= bit
        } else {
            intervalBits[i >> 6] &= ~bit
        }
    }

    /// The effective value at `p` as an interval, reading the side table only where the bitmap
    /// says it holds `p`; assumes `0 <= p < count`.
    @inline(__always)
    func interval(at p: Int) -> Interval? {
        let v = value(p)
        if !v.isNaN { return Interval(point: v) }
        return hasInterval(p) ? intervals[Int32(p)] : nil
    }
}

/// The parent/child arrays of a tree for the hot loops, shared with the ``Hierarchy`` (not
/// copied).
final class FlatTree: Sendable {
    let childStart: [Int32]
    let childEnd: [Int32]
    let leafCount: [Int32]
    let levelStart: [Int]

    init(_ tree: Hierarchy) {
        childStart = tree.childStart
        childEnd = tree.childEnd
        leafCount = tree.leafCount
        levelStart = tree.levelStart
    }
}
