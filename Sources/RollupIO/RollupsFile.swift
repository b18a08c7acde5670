import Dispatch
import RollupKernel
import RollupModel

/// Formats `rollups.csv`: one row for every unit, indicator and period that has a value, ordered
/// by period, then unit in `units.csv` order, then indicator in `indicators.csv` order.
///
/// Columns: `unit,indicator,period,value,low,high,coverage,source`. An exact value fills `value`;
/// an interval leaves it empty and fills `low`/`high` (an unbounded end is left empty); a level is
/// written as its name. Chunks of units are formatted in parallel and handed over in order, so
/// the bytes do not depend on the thread count, and only a few chunks are in memory at once: the
/// file can be far larger than memory.
public enum RollupsFile {
    /// The header row's columns.
    public static let header = "unit,indicator,period,value,low,high,coverage,source"

    /// Units per formatting task, unless a caller says otherwise.
    public static let unitsPerChunk = 4096

    /// The file's bytes, whole (for tests and small folders; a nightly run streams them).
    public static func format(_ dataset: Dataset, _ rollup: Rollup, threads: Int = 1) -> [UInt8] {
        var out: [UInt8] = []
        _ = stream(dataset, rollup, threads: threads) { piece in
            out.append(contentsOf: piece)
            return true
        }
        return out
    }

    /// Formats the file and hands its bytes to `emit` piece by piece, in file order: the header
    /// row, then chunks of whole rows. `emit` runs on one thread at a time, overlapping with the
    /// formatting of the next chunks; when it returns false nothing more is formatted. Returns
    /// the number of data rows, or nil when `emit` stopped it. `chunkUnits` units make a chunk.
    public static func stream(
        _ dataset: Dataset, _ rollup: Rollup, threads: Int = 1, chunkUnits: Int = unitsPerChunk,
        emit: (UnsafeBufferPointer<UInt8>) -> Bool
    ) -> Int? {
        let layout = RowLayout(dataset)
        let header = Array((header + "\n").utf8)
        guard header.withUnsafeBufferPointer(emit) else { return nil }
        var tasks: [(period: Int, units: Range<Int>)] = []
        for k in rollup.periods.indices {
            var start = 0
            while start < dataset.units.count {
                tasks.append((k, start..<min(dataset.units.count, start + max(1, chunkUnits))))
                start += max(1, chunkUnits)
            }
        }
        let runner = WorkRunner(threads: threads)
        let batchSize = 2 * runner.threads
        let batches = stride(from: 0, to: tasks.count, by: batchSize).map { tasks[$0..<min(tasks.count, $0 + batchSize)] }
        // Batch b is handed to `emit` on this thread while batch b + 1 is formatted on others, into
        // the other half of the buffers: each buffer is filled again two batches later, its pages
        // already in memory.
        let buffers = (0..<2 * batchSize).map { _ in PieceBuffer() }
        let group = DispatchGroup()
        func startFormatting(_ b: Int) {
            guard b < batches.count else { return }
            let batch = Array(batches[b])
            let half = Array(buffers[(b % 2) * batchSize..<(b % 2 + 1) * batchSize])
            DispatchQueue.global().async(group: group) {
                runner.run(tasks: batch.count) { t in
                    layout.fill(half[t], period: rollup.periods[batch[t].period], units: batch[t].units)
                }
            }
        }
        startFormatting(0)
        var rows = 0
        for b in batches.indices {
            group.wait()
            startFormatting(b + 1)
            for buffer in buffers[(b % 2) * batchSize..<(b % 2) * batchSize + batches[b].count] {
                rows += buffer.rows
                guard emit(buffer.bytes) else {
                    group.wait()
                    return nil
                }
            }
        }
        return rows
    }

    /// The fields every row repeats, escaped once with the separators around them, and the most
    /// bytes one row can take.
    struct RowLayout: Sendable {
        /// Per unit, its code and a comma.
        let units: FieldArena
        /// The indicators' codes, each to be followed by a comma and the period.
        let indicatorCodes: [String]
        /// Per indicator, its levels' names, or nil for a numeric indicator.
        let levels: [FieldArena?]
        /// Per source, a comma, its keyword and the line end.
        let sourceEnds: FieldArena
        let maximumRow: Int

        init(_ dataset: Dataset) {
            units = FieldArena(dataset.units.codes, suffix: [0x2C])
            indicatorCodes = dataset.indicators.indicators.map(\.code)
            levels = dataset.indicators.indicators.map { $0.levelScale.map { FieldArena($0.levels) } }
            let keywords = (0...RollupSource.approximate.rawValue).map { RollupSource(rawValue: $0)?.keyword ?? "" }
            sourceEnds = FieldArena(keywords, prefix: [0x2C], suffix: [0x0A])
            let widestLevel = levels.reduce(0) { max($0, $1?.widest ?? 0) }
            let widestIndicator = FieldArena(indicatorCodes).widest
            // unit, indicator, period, value, low, high, coverage, source with 7 commas and the
            // line end, and room for the bytes a field copy may write past its end
            maximumRow =
                units.widest + widestIndicator + 24 + max(widestLevel, NumberFormat.maximumLength) + 3 * NumberFormat.maximumLength
                + sourceEnds.widest + 8 + FieldArena.overrun
        }

        /// Fills `buffer` with the rows of `units` (catalogue indices) in one period.
        func fill(_ buffer: PieceBuffer, period: PeriodRollup, units range: Range<Int>) {
            let positionOf = period.tree.positionOf
            let columns = period.columns
            // Per indicator, its code, a comma, the period and a comma: the same in every row.
            let indicators = FieldArena(indicatorCodes, suffix: Array(",\(period.period),".utf8))
            var rows = 0
            let base = buffer.reserve(range.count * columns.count * maximumRow)
            buffer.count = columns.withUnsafeBufferPointer { columns in
                var n = 0
                for u in range {
                    let position = Int(positionOf[u])
                    guard position >= 0 else { continue }
                    for i in columns.indices {
                        let source = columns[i].sources[position]
                        guard source != .none else { continue }
                        rows += 1
                        n += units.copy(u, to: base + n)
                        n += indicators.copy(i, to: base + n)
                        let v = columns[i].values[position]
                        if !v.isNaN {
                            if let names = levels[i], let rank = Int(exactly: v), rank >= 0, rank < names.count {
                                n += names.copy(rank, to: base + n)
                            } else {
                                n += NumberFormat.write(v, to: base + n)
                            }
                            base[n] = 0x2C
                            base[n + 1] = 0x2C
                            n += 2
                        } else if let interval = columns[i].intervals[Int32(position)] {
                            base[n] = 0x2C
                            n += 1
                            if interval.low.isFinite { n += NumberFormat.write(interval.low, to: base + n) }
                            base[n] = 0x2C
                            n += 1
                            if interval.high.isFinite { n += NumberFormat.write(interval.high, to: base + n) }
                        } else {
                            base[n] = 0x2C
                            base[n + 1] = 0x2C
                            n += 2
                        }
                        base[n] = 0x2C
                        n += 1
                        let coverage = columns[i].coverage[position]
                        if coverage == 1 {
                            base[n] = 0x31
                            n += 1
                        } else if !coverage.isNaN {
                            n += NumberFormat.write(coverage, to: base + n)
                        }
                        n += sourceEnds.copy(Int(source.rawValue), to: base + n)
                    }
                }
                return n
            }
            buffer.rows = rows
        }
    }
}

/// Short CSV fields escaped once and kept end to end in one buffer, copied into rows by index
/// eight bytes at a time.
struct FieldArena: Sendable {
    /// The fields end to end, then ``overrun`` bytes that copies may read past the last one.
    private let bytes: [UInt8]
    private let starts: [Int]
    /// The longest field, in bytes.
    let widest: Int

    /// How many bytes ``copy(_:to:)`` may write past the end of a field (and read past it).
    static let overrun = 8

    /// The fields `texts`, escaped as CSV fields, each between `prefix` and `suffix` (kept as
    /// they are).
    init(_ texts: [String], prefix: [UInt8] = [], suffix: [UInt8] = []) {
        var bytes: [UInt8] = []
        var starts = [0]
        var widest = 0
        for text in texts {
            bytes.append(contentsOf: prefix)
            CSVEscape.append(text, to: &bytes)
            bytes.append(contentsOf: suffix)
            widest = max(widest, bytes.count - (starts.last ?? 0))
            starts.append(bytes.count)
        }
        bytes.append(contentsOf: repeatElement(0, count: FieldArena.overrun))
        self.bytes = bytes
        self.starts = starts
        self.widest = widest
    }

    /// The number of fields.
    var count: Int { starts.count - 1 }

    /// Copies field `k` to `p` and returns its length; the bytes after it, up to ``overrun`` of
    /// them, may be overwritten. Assumes `k` is in `0..<count` and `p` has room for the field and
    /// ``overrun`` bytes more.
    @inline(__always)
    func copy(_ k: Int, to p: UnsafeMutablePointer<UInt8>) -> Int {
        let start = starts[k]
        let length = starts[k + 1] - start
        bytes.withUnsafeBufferPointer { buffer in
            guard let base = buffer.baseAddress else { return }
            let from = UnsafeRawPointer(base + start)
            let to = UnsafeMutableRawPointer(p)
            var done = 0
            repeat {
                to.storeBytes(of: from.loadUnaligned(fromByteOffset: done, as: UInt64.self), toByteOffset: done, as: UInt64.self)
                done += 8
            } while done < length
        }
        return length
    }
}

/// One chunk's rows, in memory the stream keeps and fills again: after the first batches, no
/// allocation and no page fault per chunk.
final class PieceBuffer: @unchecked Sendable {
    private var base: UnsafeMutablePointer<UInt8>?
    private var capacity = 0
    /// The bytes filled.
    var count = 0
    /// The rows in them.
    var rows = 0

    /// Room for `needed` bytes, the old ones dropped; returns where they start.
    func reserve(_ needed: Int) -> UnsafeMutablePointer<UInt8> {
        if let base, capacity >= needed { return base }
        base?.deallocate()
        let fresh = UnsafeMutablePointer<UInt8>.allocate(capacity: Swift.max(needed, 1))
        base = fresh
        capacity = Swift.max(needed, 1)
        count = 0
        return fresh
    }

    /// The bytes filled.
    var bytes: UnsafeBufferPointer<UInt8> { UnsafeBufferPointer(start: base, count: count) }

    deinit { base?.deallocate() }
}
