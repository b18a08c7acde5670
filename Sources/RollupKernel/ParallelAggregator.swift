import Dispatch
import RollupModel

#if canImport(Glibc)
    import Glibc
#endif

/// Rolls every indicator of every period up its tree, level by level from the leaves, in
/// parallel with Dispatch.
///
/// Work is split three ways, all independent: periods, the indicators of one *wave* (indicators
/// whose weight, numerator and denominator were rolled up in earlier waves), and chunks of the
/// positions of one depth. Chunk boundaries depend only on the tree, and each parent folds its
/// children in `units.csv` order, so the output is byte-identical for any thread count.
///
/// - Complexity: O(units × indicators × periods) work, with one barrier per wave and depth.
public struct ParallelAggregator: Sendable {
    /// The number of threads; 1 runs everything on the calling thread.
    public var threads: Int
    /// Positions per task: large enough to amortise scheduling, small enough to balance.
    public var chunkSize: Int
    /// The most columns whose buffers are lent at once (each nests a few hundred bytes of stack,
    /// see ``ColumnArrays/lend(_:_:)``); beyond it, periods are rolled up one after another.
    var lendingLimit = 256
    /// Called on the calling thread after each depth of each wave with the steps done and the
    /// steps in all (waves × depths), for a progress line; it does not change the result.
    public var progress: (@Sendable (_ done: Int, _ total: Int) -> Void)?

    /// An aggregator on `threads` threads (default: the active processors).
    public init(threads: Int = ParallelAggregator.activeProcessors, chunkSize: Int = 16_384) {
        self.threads = max(1, threads)
        self.chunkSize = max(1, chunkSize)
    }

    /// The number of processors currently available to this process.
    public static var activeProcessors: Int {
        #if canImport(Glibc)
            return max(1, Int(sysconf(Int32(_SC_NPROCESSORS_ONLN))))
        #else
            return 1
        #endif
    }

    /// Rolls up every period and indicator of `dataset`.
    ///
    /// The result columns' arrays are made once, from the reported figures, and lent to the
    /// kernels for the whole roll-up (``ColumnArrays/lend(_:_:)``), so nothing is copied out.
    public func rollUp(_ dataset: Dataset) -> Rollup {
        let indicators = dataset.indicators
        let flatTrees = dataset.trees.map { FlatTree($0) }
        let inWave = Set(indicators.waves.joined())
        // arrays[period][indicator], for the indicators some wave rolls up.
        let arrays: [[ColumnArrays?]] = dataset.trees.indices.map { k in
            let tree = dataset.trees[k]
            // The deepest level holds only leaves: from its start on, nothing is rolled up.
            let split = tree.levelStart.count >= 2 ? tree.levelStart[tree.levelStart.count - 2] : tree.count
            return (0..<indicators.count).map { i in
                guard inWave.contains(i) else { return nil }
                let ownsLeaves: Bool
                if case .ratio = indicators[i].aggregation { ownsLeaves = true } else { ownsLeaves = false }
                return ColumnArrays(reported: dataset.reported[k][i], count: tree.count, split: split, ownsLeaves: ownsLeaves)
            }
        }
        var intervals: [[[Int32: Interval]]] = Array(
            repeating: Array(repeating: [:], count: indicators.count), count: dataset.periods.count)
        // Every period at once (periods are then parallel work too), or one period at a time when
        // that would lend too many columns at once.
        let columnCount = arrays.reduce(0) { $0 + $1.compactMap { $0 }.count }
        let groups: [[Int]] =
            columnCount <= lendingLimit ? [Array(dataset.trees.indices)] : dataset.trees.indices.map { [$0] }
        for group in groups {
            let lent = group.flatMap { arrays[$0].compactMap { $0 } }
            ColumnArrays.lend(lent) { buffers in
                // storages[period][indicator], in the order the arrays were lent.
                var storages: [[ColumnStorage?]] = Array(
                    repeating: Array(repeating: nil, count: indicators.count), count: dataset.periods.count)
                var next = 0
                for k in group {
                    for i in 0..<indicators.count where arrays[k][i] != nil && next < buffers.count {
                        storages[k][i] = ColumnStorage(
                            buffers: buffers[next], intervals: dataset.reported[k][i].intervals, tree: flatTrees[k],
                            needsShares: indicators[i].aggregation == .shareOfUnits)
                        next += 1
                    }
                }
                run(dataset, flatTrees, storages)
                for k in group {
                    for i in storages[k].indices { intervals[k][i] = storages[k][i]?.intervals ?? [:] }
                }
            }
        }
        var periods: [PeriodRollup] = []
        for (k, period) in dataset.periods.enumerated() {
            let columns = (0..<indicators.count).map { i in
                guard let column = arrays[k][i] else {
                    return RollupColumn(values: [], intervals: [:], sources: [], coverage: [])
                }
                return column.column(intervals: intervals[k][i])
            }
            periods.append(PeriodRollup(period: period, tree: dataset.trees[k], columns: columns))
        }
        return Rollup(periods: periods)
    }

    /// The waves, depth by depth, over storages made for every column a wave rolls up.
    private func run(_ dataset: Dataset, _ flatTrees: [FlatTree], _ storages: [[ColumnStorage?]]) {
        let indicators = dataset.indicators
        let runner = WorkRunner(threads: threads)
        let steps = indicators.waves.count * max(1, dataset.trees.map(\.depth).max() ?? 1)
        var step = 0
        for wave in indicators.waves {
            // The kernels of this wave, one per period and indicator.
            var kernels: [(period: Int, kernel: ColumnKernel)] = []
            for k in dataset.trees.indices {
                for i in wave {
                    guard let storage = storages[k][i] else { continue }
                    let indicator = indicators[i]
                    var weight: ColumnStorage?
                    var numerator: ColumnStorage?
                    var denominator: ColumnStorage?
                    switch indicator.aggregation {
                    case .weightedMean(let w):
                        weight = storages[k][w]
                    case .ratio(let n, let d, _):
                        numerator = storages[k][n]
                        denominator = storages[k][d]
                    default:
                        break
                    }
                    let kernel = ColumnKernel(
                        aggregation: indicator.aggregation, tree: flatTrees[k], out: storage, weight: weight,
                        numerator: numerator, denominator: denominator)
                    kernels.append((k, kernel))
                }
            }
            let deepest = dataset.trees.map(\.depth).max() ?? 0
            for depth in stride(from: deepest - 1, through: 0, by: -1) {
                // Tasks: (kernel, chunk) pairs for this depth.
                var tasks: [(kernel: Int, range: Range<Int>)] = []
                for (k, entry) in kernels.enumerated() {
                    let levels = flatTrees[entry.period].levelStart
                    guard depth + 1 < levels.count else { continue }
                    // The deepest level holds only leaves: only ratios and shares do anything there.
                    if depth + 2 == levels.count && !entry.kernel.visitsLeaves { continue }
                    let level = levels[depth]..<levels[depth + 1]
                    var start = level.lowerBound
                    while start < level.upperBound {
                        let end = min(start + chunkSize, level.upperBound)
                        tasks.append((k, start..<end))
                        start = end
                    }
                }
                var updates = Array(repeating: ColumnKernel.IntervalUpdates(), count: tasks.count)
                updates.withUnsafeMutableBufferPointer { slots in
                    let slots = UncheckedSendable(slots)
                    let tasks = tasks
                    let kernels = kernels
                    runner.run(tasks: tasks.count) { t in
                        kernels[tasks[t].kernel].kernel.run(tasks[t].range, updates: &slots.value[t])
                    }
                }
                for (t, list) in updates.enumerated() where !list.isEmpty {
                    let storage = kernels[tasks[t].kernel].kernel.out
                    for (p, interval) in list { storage.setInterval(p, interval) }
                }
                step += 1
                progress?(min(step, steps), steps)
            }
        }
    }
}
