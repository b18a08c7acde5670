import RollupModel

/// The buffers one column is rolled up into: manually allocated so that worker threads can write
/// disjoint slots without copying, and freed when the column has been copied out.
///
/// Intervals live in a side table (`intervals`) mirrored by a bitmap (`intervalBits`, one bit per
/// position), so that the hot loops learn whether a parent has an interval child, or whether a
/// NaN slot is missing or inexact, from one word instead of a dictionary probe.
///
/// Thread safety: during a depth, each position is written by exactly one task; `intervals` and
/// `intervalBits` are changed only between depths, on one thread (``setInterval(_:_:)``).
final class ColumnStorage: @unchecked Sendable {
    let count: Int
    let values: UnsafeMutableBufferPointer<Double>
    let sources: UnsafeMutableBufferPointer<UInt8>
    let coverage: UnsafeMutableBufferPointer<Double>
    /// Leaf counts below each position, for `share_of_units` only.
    let shares: UnsafeMutableBufferPointer<ShareCount>?
    /// Inexact effective values by position; change only through ``setInterval(_:_:)``.
    private(set) var intervals: [Int32: Interval]
    /// Bit `p & 63` of word `p >> 6` is set exactly where `intervals` holds position `p`
    /// (positions `0..<count`).
    let intervalBits: UnsafeMutableBufferPointer<UInt64>

    /// Starts from the reported figures: leaves keep them, and an internal unit keeps its own
    /// report unless its children contribute. One slot per position of `tree` (slots that
    /// `reported` lacks start empty).
    init(reported: FigureColumn, tree: FlatTree, needsShares: Bool) {
        count = tree.childStart.count
        values = .allocate(capacity: count)
        sources = .allocate(capacity: count)
        coverage = .allocate(capacity: count)
        shares = needsShares ? .allocate(capacity: count) : nil
        intervals = reported.intervals
        intervalBits = .allocate(capacity: Swift.max(1, (count + 63) >> 6))
        intervalBits.initialize(repeating: 0)
        for key in reported.intervals.keys {
            let p = Int(key)
            if p >= 0 && p < count { intervalBits[p >> 6] |= 1 &<< UInt64(p & 63) }
        }
        let reportedSource = RollupSource.reported.rawValue
        let ownSource = RollupSource.ownReport.rawValue
        let (values, sources, coverage, bits) = (values, sources, coverage, intervalBits)
        let (childStart, childEnd) = (tree.childStart, tree.childEnd)
        reported.values.withUnsafeBufferPointer { source in
            let filled = Swift.min(count, source.count)
            for p in 0..<count {
                let v = p < filled ? source[p] : .nan
                values[p] = v
                if !v.isNaN || bits[p &>> 6] & (1 &<< UInt64(p & 63)) != 0 {
                    let leaf = childStart[p] == childEnd[p]
                    sources[p] = leaf ? reportedSource : ownSource
                    coverage[p] = leaf ? 1 : 0
                } else {
                    sources[p] = 0
                    coverage[p] = .nan
                }
            }
        }
        if let shares { shares.initialize(repeating: ShareCount()) }
    }

    deinit {
        values.deallocate()
        sources.deallocate()
        coverage.deallocate()
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

    /// Copies the buffers out into a value-type column.
    func column() -> RollupColumn {
        let sourceArray = [RollupSource](unsafeUninitializedCapacity: count) { buffer, initialized in
            for p in 0..<count {
                buffer.initializeElement(at: p, to: RollupSource(rawValue: sources[p]) ?? .none)
            }
            initialized = count
        }
        return RollupColumn(values: Array(values), intervals: intervals, sources: sourceArray, coverage: Array(coverage))
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
