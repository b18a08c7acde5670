import RollupKernel
import RollupModel
import RollupNotation
import Synchronization

/// Reads a well-formed `values.csv` fast: the file is split at record boundaries into chunks
/// parsed in parallel; codes are looked up from bytes; plain decimals are converted without a
/// general parser; exact figures are written straight into each period's buffers (every key has
/// its own slot, so threads never share one).
///
/// It gives up (returns `nil`) at the first thing out of the ordinary: a malformed record, an
/// unknown code, an unreadable notation, a unit absent from its period, or a duplicate key. The
/// serial ``ValuesFile`` reader then reads the file again and reports every error precisely, so
/// both paths give the same dataset and the same messages.
enum ValuesFastPath {
    /// Bytes per chunk: large enough to amortise scheduling, small enough to balance two cores.
    static let chunkBytes = 1 << 20

    /// One period's buffers while chunks fill them.
    final class PeriodBuffers: @unchecked Sendable {
        let year: Int
        let tree: Hierarchy
        /// Column `i` is `values[i * stride ..< (i + 1) * stride]`.
        let values: UnsafeMutablePointer<Double>
        let stride: Int
        let positionOf: UnsafeMutableBufferPointer<Int32>
        /// 1 where the position is a leaf.
        let leaf: UnsafeMutableBufferPointer<UInt8>

        init(year: Int, tree: Hierarchy, indicators: Int) {
            self.year = year
            self.tree = tree
            stride = tree.count
            values = .allocate(capacity: max(1, indicators * tree.count))
            values.initialize(repeating: .nan, count: max(1, indicators * tree.count))
            positionOf = .allocate(capacity: tree.positionOf.count)
            _ = positionOf.initialize(from: tree.positionOf)
            leaf = .allocate(capacity: tree.count)
            for p in 0..<tree.count { leaf[p] = tree.isLeaf(p) ? 1 : 0 }
        }

        func column(_ i: Int) -> UnsafeMutableBufferPointer<Double> {
            UnsafeMutableBufferPointer(start: values + i * stride, count: stride)
        }

        deinit {
            values.deallocate()
            positionOf.deallocate()
            leaf.deallocate()
        }
    }

    /// What a chunk found besides the exact figures it wrote.
    struct ChunkResult {
        var failed = false
        var exactRows = 0
        var sideFigures: [(year: Int, indicator: Int, position: Int32, figure: Figure)] = []
        var decimals: [(year: Int, indicator: Int, position: Int32, decimals: Int8)] = []
        /// Rows written as "nothing" (`-`, empty): they still claim their key.
        var nothing: [(year: Int, indicator: Int, unit: Int32)] = []
    }

    static func read(
        _ table: CSVTable, catalog: UnitCatalog, indicators: IndicatorTable, vietnamese: Bool, trees: inout TreeCache,
        threads: Int
    ) -> [Int: ValuesFile.PeriodColumns]? {
        guard let unitField = table.columns["unit"], let indicatorField = table.columns["indicator"],
            let periodField = table.columns["period"], let valueField = table.columns["value"]
        else { return nil }
        let width = table.width
        let unitCodes = ByteCodeTable(catalog.codes)
        let indicatorCodes = ByteCodeTable(indicators.indicators.map(\.code))
        let options = indicators.indicators.map { NotationOptions(for: $0, vietnamese: vietnamese) }
        let numeric = indicators.indicators.map { $0.levelScale == nil }
        let sharedTree: Hierarchy? = catalog.hasWindows ? nil : trees.tree(for: 0)
        let registry = Mutex<[Int: PeriodBuffers]>([:])
        var treeCache = trees
        let treeLock = Mutex<TreeCache>(treeCache)
        let runner = WorkRunner(threads: threads)

        let results: [ChunkResult] = table.text.bytes.withUnsafeBufferPointer { bytes in
            let boundaries = ChunkSplitter.split(bytes, start: table.bodyStart, end: bytes.count, target: chunkBytes, runner: runner)
            let chunks = boundaries.count - 1
            var results = Array(repeating: ChunkResult(), count: chunks)
            results.withUnsafeMutableBufferPointer { slots in
                let slots = UncheckedSendable(slots)
                runner.run(tasks: chunks) { c in
                    var result = ChunkResult()
                    var local: [Int: PeriodBuffers] = [:]
                    var lastYear = -1
                    var last: PeriodBuffers?
                    func buffers(_ year: Int) -> PeriodBuffers {
                        if year == lastYear, let last { return last }
                        if let b = local[year] {
                            lastYear = year
                            last = b
                            return b
                        }
                        let b = registry.withLock { map -> PeriodBuffers in
                            if let b = map[year] { return b }
                            let tree = sharedTree ?? treeLock.withLock { $0.tree(for: year) }
                            let b = PeriodBuffers(year: year, tree: tree, indicators: indicators.count)
                            map[year] = b
                            return b
                        }
                        local[year] = b
                        lastYear = year
                        last = b
                        return b
                    }
                    var reader = CSVReader(
                        bytes: bytes, start: boundaries[c], end: boundaries[c + 1], firstLine: 1, separator: table.separator)
                    var fields: [CSVField] = []
                    loop: while true {
                        switch reader.next(into: &fields) {
                        case .end:
                            break loop
                        case .malformed:
                            result.failed = true
                            break loop
                        case .record:
                            guard fields.count == width else {
                                result.failed = true
                                break loop
                            }
                            let u = code(fields[unitField], bytes, unitCodes, table.text) { catalog.index(of: $0) }
                            let i = code(fields[indicatorField], bytes, indicatorCodes, table.text) { indicators.index(of: $0) }
                            let year = period(fields[periodField], bytes)
                            guard u >= 0, i >= 0, year > 0 else {
                                result.failed = true
                                break loop
                            }
                            let field = fields[valueField]
                            var figure: Figure?
                            var decimals = 0
                            let (s, e) = trimmed(field, bytes)
                            if !field.hasEscapes, numeric[i], let (x, d) = FastDecimal.parse(bytes, s, e, vietnamese: vietnamese) {
                                figure = .number(x)
                                decimals = d
                            } else {
                                let reading =
                                    field.hasEscapes
                                    ? Notation.read(table.text.text(field), options[i])
                                    : Notation.read(bytes: UnsafeBufferPointer(rebasing: bytes[s..<e]), options[i])
                                guard case .success(let r) = reading else {
                                    result.failed = true
                                    break loop
                                }
                                figure = r.figure
                                decimals = r.decimals
                            }
                            guard let figure else {
                                result.nothing.append((year, i, Int32(u)))
                                continue
                            }
                            let period = buffers(year)
                            let position = Int(period.positionOf[u])
                            guard position >= 0 else {
                                result.failed = true
                                break loop
                            }
                            if case .number(let x) = figure {
                                period.values[i * period.stride + position] = x
                                result.exactRows += 1
                            } else {
                                result.sideFigures.append((year, i, Int32(position), ValuesFile.clamp(figure, indicators[i])))
                            }
                            if period.leaf[position] == 0 {
                                result.decimals.append((year, i, Int32(position), Int8(clamping: decimals)))
                            }
                        }
                    }
                    slots.value[c] = result
                }
            }
            return results
        }
        treeCache = treeLock.withLock { $0 }
        trees = treeCache
        guard !results.contains(where: \.failed) else { return nil }
        let periods = registry.withLock { $0 }
        // Exact rows never share a slot unless two rows have the same key: compare counts.
        var present = 0
        for buffers in periods.values {
            for k in 0..<(indicators.count * buffers.stride) where !buffers.values[k].isNaN { present += 1 }
        }
        guard present == results.reduce(0, { $0 + $1.exactRows }) else { return nil }
        var intervals: [Int: [[Int32: Interval]]] = [:]
        var decimals: [Int: [[Int32: Int8]]] = [:]
        for year in periods.keys {
            intervals[year] = Array(repeating: [:], count: indicators.count)
            decimals[year] = Array(repeating: [:], count: indicators.count)
        }
        for result in results {
            for entry in result.sideFigures {
                guard let buffers = periods[entry.year] else { return nil }
                let p = Int(entry.position)
                guard buffers.column(entry.indicator)[p].isNaN, intervals[entry.year]?[entry.indicator][entry.position] == nil else {
                    return nil
                }
                switch entry.figure {
                case .number(let x): buffers.column(entry.indicator)[p] = x
                case .interval(let interval): intervals[entry.year]?[entry.indicator][entry.position] = interval
                case .level(let text):
                    guard let rank = indicators[entry.indicator].levelScale?.rank(of: text) else { return nil }
                    buffers.column(entry.indicator)[p] = Double(rank)
                }
            }
            for entry in result.decimals { decimals[entry.year]?[entry.indicator][entry.position] = entry.decimals }
        }
        // A "nothing" row whose key is also given a figure, or twice, is a duplicate.
        var claimed = Set<ValuesFile.Key>()
        for result in results {
            for entry in result.nothing {
                let key = ValuesFile.Key(unit: Int(entry.unit), indicator: entry.indicator, period: entry.year)
                guard claimed.insert(key).inserted else { return nil }
                if let buffers = periods[entry.year] {
                    let p = Int(buffers.positionOf[Int(entry.unit)])
                    if p >= 0 && (!buffers.column(entry.indicator)[p].isNaN || intervals[entry.year]?[entry.indicator][Int32(p)] != nil) {
                        return nil
                    }
                }
            }
        }
        var out: [Int: ValuesFile.PeriodColumns] = [:]
        for (year, buffers) in periods {
            var columns: [FigureColumn] = []
            for i in 0..<indicators.count {
                columns.append(
                    FigureColumn(
                        values: Array(buffers.column(i)), intervals: intervals[year]?[i] ?? [:], decimals: decimals[year]?[i] ?? [:]))
            }
            out[year] = ValuesFile.PeriodColumns(tree: buffers.tree, columns: columns)
        }
        return out
    }

    @inline(__always)
    private static func trimmed(_ field: CSVField, _ bytes: UnsafeBufferPointer<UInt8>) -> (Int, Int) {
        var s = field.start
        var e = field.end
        while s < e && (bytes[s] == 0x20 || bytes[s] == 0x09) { s += 1 }
        while e > s && (bytes[e - 1] == 0x20 || bytes[e - 1] == 0x09) { e -= 1 }
        return (s, e)
    }

    @inline(__always)
    private static func code(
        _ field: CSVField, _ bytes: UnsafeBufferPointer<UInt8>, _ table: ByteCodeTable, _ text: CSVText, _ slow: (String) -> Int?
    ) -> Int {
        if field.hasEscapes { return slow(text.text(field)) ?? -1 }
        let (s, e) = trimmed(field, bytes)
        return table.lookup(bytes, s, e)
    }

    /// A year of 1 to 4 digits, or -1.
    @inline(__always)
    private static func period(_ field: CSVField, _ bytes: UnsafeBufferPointer<UInt8>) -> Int {
        let (s, e) = trimmed(field, bytes)
        guard e > s, e - s <= 4 else { return -1 }
        var year = 0
        for k in s..<e {
            let b = bytes[k]
            guard b >= 0x30 && b <= 0x39 else { return -1 }
            year = year * 10 + Int(b - 0x30)
        }
        return year >= 1 ? year : -1
    }
}
