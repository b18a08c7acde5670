import RollupModel

/// The result arrays of one column (the ``RollupColumn`` it becomes), held in a class so that
/// each can be lent to the kernels as a raw buffer for the whole roll-up (see
/// ``ColumnArrays/lend(_:_:)``) and handed on afterwards without a copy.
final class ColumnArrays {
    var values: [Double]
    var sources: [RollupSource]
    var coverage: [Double]

    /// Starts from the reported figures (`count` slots; slots that `reported` lacks start empty):
    /// no source and NaN coverage everywhere until ``ColumnStorage`` marks the reported ones.
    init(reported: FigureColumn, count: Int) {
        if reported.count == count {
            values = reported.values  // copied on the first write, never shared with the dataset
        } else {
            values = Array(reported.values.prefix(count)) + Array(repeating: .nan, count: Swift.max(0, count - reported.count))
        }
        sources = Array(repeating: .none, count: count)
        coverage = Array(repeating: .nan, count: count)
    }

    /// The three buffers of one column while it is lent.
    struct Buffers {
        let values: UnsafeMutableBufferPointer<Double>
        let sources: UnsafeMutableBufferPointer<RollupSource>
        let coverage: UnsafeMutableBufferPointer<Double>
    }

    /// Calls `body` with the buffers of every column of `columns`, in order, valid only during
    /// the call: nested `withUnsafeMutableBufferPointer` calls, one column at a time, so the
    /// stack grows by a few hundred bytes per column (callers bound the count: see
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
            column.sources.withUnsafeMutableBufferPointer { sources in
                column.coverage.withUnsafeMutableBufferPointer { coverage in
                    lent.append(Buffers(values: values, sources: sources, coverage: coverage))
                    lend(columns, from: i + 1, into: &lent, body)
                }
            }
        }
    }
}

/// One column while it is rolled up: the lent result buffers (see ``ColumnArrays``), so that
/// worker threads write disjoint slots of the final arrays without copying, plus what only the
/// roll-up needs.
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
    let values: UnsafeMutableBufferPointer<Double>
    let sources: UnsafeMutableBufferPointer<RollupSource>
    let coverage: UnsafeMutableBufferPointer<Double>
    /// Leaf counts below each position, for `share_of_units` only.
    let shares: UnsafeMutableBufferPointer<ShareCount>?
    /// Inexact effective values by position; change only through ``setInterval(_:_:)``.
    private(set) var intervals: [Int32: Interval]
    /// Bit `p & 63` of word `p >> 6` is set exactly where `intervals` holds position `p`
    /// (positions `0..<count`).
    let intervalBits: UnsafeMutableBufferPointer<UInt64>

    /// Starts from the reported figures, already in `buffers.values` (from ``ColumnArrays``):
    /// leaves keep them, and an internal unit keeps its own report unless its children
    /// contribute. Assumes the buffers have one slot per position of `tree`, sources `.none` and
    /// coverage NaN.
    init(buffers: ColumnArrays.Buffers, intervals reported: [Int32: Interval], tree: FlatTree, needsShares: Bool) {
        count = Swift.min(tree.childStart.count, buffers.values.count, buffers.sources.count, buffers.coverage.count)
        values = buffers.values
        sources = buffers.sources
        coverage = buffers.coverage
        shares = needsShares ? .allocate(capacity: count) : nil
        intervals = reported
        intervalBits = .allocate(capacity: Swift.max(1, (count + 63) >> 6))
        intervalBits.initialize(repeating: 0)
        for key in reported.keys {
            let p = Int(key)
            if p >= 0 && p < count { intervalBits[p >> 6] |= 1 &<< UInt64(p & 63) }
        }
        let (values, sources, coverage) = (values, sources, coverage)
        let (childStart, childEnd) = (tree.childStart, tree.childEnd)
        // The deepest level holds only leaves (most positions): one branch-free pass over the
        // exact figures there; everything else, and every interval, one position at a time.
        let deepest = Swift.min(count, tree.levelStart.count >= 2 ? tree.levelStart[tree.levelStart.count - 2] : count)
        for p in 0..<deepest where !values[p].isNaN {
            let leaf = childStart[p] == childEnd[p]
            sources[p] = leaf ? .reported : .ownReport
            coverage[p] = leaf ? 1 : 0
        }
        for p in deepest..<count {
            let present = !values[p].isNaN
            sources[p] = present ? .reported : .none
            coverage[p] = present ? 1 : .nan
        }
        for key in reported.keys {
            let p = Int(key)
            guard p >= 0 && p < count && values[p].isNaN else { continue }
            let leaf = childStart[p] == childEnd[p]
            sources[p] = leaf ? .reported : .ownReport
            coverage[p] = leaf ? 1 : 0
        }
        if let shares { shares.initialize(repeating: ShareCount()) }
    }

    deinit {
        shares?.deallocate()
        intervalBits.deallocate()
    }

    /// Whether any position holds an interval.
    var hasIntervals: Bool { !intervals.isEmpty }

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
        let v = values[p]
        if !v.isNaN { return Interval(point: v) }
        return hasInterval(p) ? intervals[Int32(p)] : nil
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
