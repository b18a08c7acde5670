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
        /// Column `i` is `columns[i][0 ..< stride]`, one allocation each so that each can be let
        /// go as soon as it is copied into its ``FigureColumn``.
        let columns: UnsafeMutableBufferPointer<UnsafeMutablePointer<Double>>
        let stride: Int
        let positionOf: UnsafeMutableBufferPointer<Int32>
        /// 1 where the position is a leaf.
        let leaf: UnsafeMutableBufferPointer<UInt8>
        private var released: [Bool]

        init(year: Int, tree: Hierarchy, indicators: Int) {
            self.year = year
            self.tree = tree
            stride = tree.count
            columns = .allocate(capacity: indicators)
            for i in 0..<indicators {
                let column = UnsafeMutablePointer<Double>.allocate(capacity: max(1, tree.count))
                column.initialize(repeating: .nan, count: max(1, tree.count))
                columns.initializeElement(at: i, to: column)
            }
            released = Array(repeating: false, count: indicators)
            positionOf = .allocate(capacity: tree.positionOf.count)
            _ = positionOf.initialize(from: tree.positionOf)
            leaf = .allocate(capacity: tree.count)
            for p in 0..<tree.count { leaf[p] = tree.isLeaf(p) ? 1 : 0 }
        }

        func column(_ i: Int) -> UnsafeMutableBufferPointer<Double> {
            UnsafeMutableBufferPointer(start: columns[i], count: stride)
        }

        /// Column `i` as an array; its buffer is freed (call once per column, last).
        func take(_ i: Int) -> [Double] {
            let values = Array(column(i))
            columns[i].deallocate()
            released[i] = true
            return values
        }

        deinit {
            for i in 0..<columns.count where !released[i] { columns[i].deallocate() }
            columns.deallocate()
            positionOf.deallocate()
            leaf.deallocate()
        }
    }

    /// What a chunk found besides the exact figures it wrote.
    struct ChunkResult {
        var failed = false
        /// The chunk met a quote while its boundaries were not checked for quotes: the pass
        /// must be made again with quote-aware boundaries.
        var sawQuote = false
        var exactRows = 0
        var sideFigures: [(year: Int, indicator: Int, position: Int32, figure: Figure)] = []
        var decimals: [(year: Int, indicator: Int, position: Int32, decimals: Int8)] = []
        /// Rows written as "nothing" (`-`, empty): they still claim their key.
        var nothing: [(year: Int, indicator: Int, unit: Int32)] = []
    }

    /// Where each of the four columns sits in a record (field indices).
    struct Layout {
        var unit: Int
        var indicator: Int
        var period: Int
        var value: Int
    }

    /// Reads the records of `table` (a values.csv whose header has been read) into per-period
    /// columns, or `nil` for anything the serial reader must judge. `chunkBytes` is the size
    /// chunks aim at (tests make it small to put many boundaries in a small file).
    static func read(
        _ table: CSVTable, catalog: UnitCatalog, indicators: IndicatorTable, vietnamese: Bool, trees: inout TreeCache,
        threads: Int, chunkBytes: Int = ValuesFastPath.chunkBytes
    ) -> [Int: ValuesFile.PeriodColumns]? {
        guard let unitField = table.columns["unit"], let indicatorField = table.columns["indicator"],
            let periodField = table.columns["period"], let valueField = table.columns["value"]
        else { return nil }
        let context = Context(
            table: table, catalog: catalog, indicators: indicators, vietnamese: vietnamese,
            layout: Layout(unit: unitField, indicator: indicatorField, period: periodField, value: valueField))
        let sharedTree: Hierarchy? = catalog.hasWindows ? nil : trees.tree(for: 0)
        let runner = WorkRunner(threads: threads)
        var treeCache = trees

        let outcome: (results: [ChunkResult], periods: [Int: PeriodBuffers]) = table.text.bytes.withUnsafeBufferPointer { bytes in
            // First with chunks cut at the first line end after each guess, which is a record
            // boundary unless a quoted field spans it: a chunk that meets a quote stops, and the
            // pass is made again with the quote-aware splitter.
            let guessed = lineBoundaries(bytes, start: table.bodyStart, end: bytes.count, target: chunkBytes)
            let registry = Registry(trees: treeCache, sharedTree: sharedTree, indicators: indicators.count)
            let first = pass(bytes, boundaries: guessed, quotesChecked: guessed.count <= 2, context, registry, runner)
            treeCache = registry.trees.withLock { $0 }
            if !first.results.contains(where: \.sawQuote) { return first }
            let boundaries = ChunkSplitter.split(bytes, start: table.bodyStart, end: bytes.count, target: chunkBytes, runner: runner)
            let again = Registry(trees: treeCache, sharedTree: sharedTree, indicators: indicators.count)
            let second = pass(bytes, boundaries: boundaries, quotesChecked: true, context, again, runner)
            treeCache = again.trees.withLock { $0 }
            return second
        }
        trees = treeCache
        let results = outcome.results
        guard !results.contains(where: { $0.failed || $0.sawQuote }) else { return nil }
        return merge(results, periods: outcome.periods, indicators: indicators)
    }

    /// What every chunk needs, fixed for one file.
    struct Context: @unchecked Sendable {
        let table: CSVTable
        let catalog: UnitCatalog
        let indicators: IndicatorTable
        let vietnamese: Bool
        let layout: Layout
        let unitCodes: ByteCodeTable
        let indicatorCodes: ByteCodeTable
        let options: [NotationOptions]
        let numeric: [Bool]

        init(table: CSVTable, catalog: UnitCatalog, indicators: IndicatorTable, vietnamese: Bool, layout: Layout) {
            self.table = table
            self.catalog = catalog
            self.indicators = indicators
            self.vietnamese = vietnamese
            self.layout = layout
            unitCodes = ByteCodeTable(catalog.codes)
            indicatorCodes = ByteCodeTable(indicators.indicators.map(\.code))
            options = indicators.indicators.map { NotationOptions(for: $0, vietnamese: vietnamese) }
            numeric = indicators.indicators.map { $0.levelScale == nil }
        }
    }

    /// Chunk boundaries at the first line feed after every multiple of `target` (the first
    /// `start`, the last `end`): record boundaries when no quoted field holds a line break.
    static func lineBoundaries(_ bytes: UnsafeBufferPointer<UInt8>, start: Int, end: Int, target: Int) -> [Int] {
        var boundaries = [start]
        var guess = start + target
        while guess < end {
            var k = max(guess, boundaries[boundaries.count - 1])
            while k < end && bytes[k] != 0x0A { k += 1 }
            guard k + 1 < end else { break }
            boundaries.append(k + 1)
            guess = k + 1 + target
        }
        boundaries.append(end)
        return boundaries
    }

    /// The period buffers of one pass, made on first use by whichever chunk meets the year.
    final class Registry: @unchecked Sendable {
        let periods = Mutex<[Int: PeriodBuffers]>([:])
        let trees: Mutex<TreeCache>
        let sharedTree: Hierarchy?
        let indicators: Int

        init(trees: TreeCache, sharedTree: Hierarchy?, indicators: Int) {
            self.trees = Mutex(trees)
            self.sharedTree = sharedTree
            self.indicators = indicators
        }

        func buffers(_ year: Int) -> PeriodBuffers {
            periods.withLock { map -> PeriodBuffers in
                if let b = map[year] { return b }
                let tree = sharedTree ?? trees.withLock { $0.tree(for: year) }
                let b = PeriodBuffers(year: year, tree: tree, indicators: indicators)
                map[year] = b
                return b
            }
        }
    }

    /// One parallel pass over the chunks between `boundaries`, with the fresh period buffers of
    /// `registry`. Without `quotesChecked`, a chunk stops at the first quote it meets (`sawQuote`).
    private static func pass(
        _ bytes: UnsafeBufferPointer<UInt8>, boundaries: [Int], quotesChecked: Bool, _ context: Context, _ registry: Registry,
        _ runner: WorkRunner
    ) -> (results: [ChunkResult], periods: [Int: PeriodBuffers]) {
        let chunks = boundaries.count - 1
        var results = Array(repeating: ChunkResult(), count: chunks)
        results.withUnsafeMutableBufferPointer { slots in
            let slots = UncheckedSendable(slots)
            runner.run(tasks: chunks) { c in
                var periods = PeriodLookup(registry: registry)
                slots.value[c] = readChunk(
                    bytes, from: boundaries[c], to: boundaries[c + 1], quotesChecked: quotesChecked, context, &periods)
            }
        }
        return (results, registry.periods.withLock { $0 })
    }

    /// A chunk's cache of the period buffers it writes to.
    struct PeriodLookup {
        let registry: Registry
        var local: [Int: PeriodBuffers] = [:]
        var lastYear = -1
        var last: PeriodBuffers?

        init(registry: Registry) { self.registry = registry }

        @inline(__always)
        mutating func buffers(_ year: Int) -> PeriodBuffers {
            if year == lastYear, let last { return last }
            let b = local[year] ?? registry.buffers(year)
            local[year] = b
            lastYear = year
            last = b
            return b
        }
    }

    /// The longest record the scanner reads itself; longer ones go through ``CSVReader``, which
    /// applies the field and record limits.
    static let scannedRecordBytes = 4096

    /// Reads the records of `bytes[from..<to]`, which starts at a record boundary. Plain records
    /// (four unquoted fields, a line end, codes found, a year of digits) are scanned here; any
    /// other record is read again by ``CSVReader`` and judged as the generic reader would.
    private static func readChunk(
        _ bytes: UnsafeBufferPointer<UInt8>, from: Int, to end: Int, quotesChecked: Bool, _ context: Context,
        _ periods: inout PeriodLookup
    ) -> ChunkResult {
        var result = ChunkResult()
        let table = context.table
        let separator = table.separator
        let layout = context.layout
        let scannable = table.width == 4
        // Bit b set for the bytes that end a field or need the generic reader: the separator
        // (below 64, as ``CSVReader`` requires), LF, CR and the quote.
        let stops: UInt64 = 1 << 0x0A | 1 << 0x0D | 1 << 0x22 | 1 << UInt64(separator & 63)
        var fields: [CSVField] = []
        var k = from
        // Field bounds of a scanned record, by field index.
        var starts = (0, 0, 0, 0)
        var ends = (0, 0, 0, 0)
        records: while k < end {
            let recordStart = k
            var plain = scannable
            if plain {
                // Find the three separators and the line end; anything else makes the record
                // one for the generic reader.
                var f = 0
                var stop: UInt8 = 0
                scan: while true {
                    let s = k
                    while k < end {
                        let b = bytes[k]
                        if b < 64 && (stops >> UInt64(b)) & 1 != 0 { break }
                        k += 1
                    }
                    stop = k < end ? bytes[k] : 0x0A
                    switch f {
                    case 0: (starts.0, ends.0) = (s, k)
                    case 1: (starts.1, ends.1) = (s, k)
                    case 2: (starts.2, ends.2) = (s, k)
                    default: (starts.3, ends.3) = (s, k)
                    }
                    if stop == 0x22 {
                        plain = false
                        break scan
                    }
                    if f == 3 {
                        if stop == separator { plain = false }
                        break scan
                    }
                    if stop != separator {
                        plain = false
                        break scan
                    }
                    k += 1
                    f += 1
                }
                if stop == 0x22 && !quotesChecked {
                    result.sawQuote = true
                    return result
                }
                if plain {
                    // Past the line end: LF, CRLF or a lone CR.
                    if k < end {
                        let b = bytes[k]
                        k += 1
                        if b == 0x0D && k < end && bytes[k] == 0x0A { k += 1 }
                    }
                    if k - recordStart > scannedRecordBytes { plain = false }
                }
                if plain {
                    func bounds(_ field: Int) -> (Int, Int) {
                        switch field {
                        case 0: return (starts.0, ends.0)
                        case 1: return (starts.1, ends.1)
                        case 2: return (starts.2, ends.2)
                        default: return (starts.3, ends.3)
                        }
                    }
                    let (us, ue) = bounds(layout.unit)
                    let (ins, ine) = bounds(layout.indicator)
                    let (ps, pe) = bounds(layout.period)
                    let (vs, ve) = bounds(layout.value)
                    let u = context.unitCodes.lookup(bytes, us, ue)
                    let i = context.indicatorCodes.lookup(bytes, ins, ine)
                    let year = digitsYear(bytes, ps, pe)
                    if u >= 0, i >= 0, year > 0 {
                        if !store(bytes, unit: u, indicator: i, year: year, value: CSVField(start: vs, end: ve), context, &periods, &result)
                        {
                            result.failed = true
                            return result
                        }
                        continue records
                    }
                    // A code with spaces around it, an unknown code, a blank record: the
                    // generic reader decides.
                }
            }
            // The generic reader, for this one record.
            k = recordStart
            var reader = CSVReader(bytes: bytes, start: k, end: end, firstLine: 1, separator: separator)
            switch reader.next(into: &fields) {
            case .end:
                break records
            case .malformed:
                result.failed = true
                return result
            case .record:
                k = reader.position.offset
                guard fields.count == table.width else {
                    result.failed = true
                    return result
                }
                if !quotesChecked && fields.contains(where: { $0.start > 0 && bytes[$0.start - 1] == 0x22 }) {
                    result.sawQuote = true
                    return result
                }
                let u = code(fields[layout.unit], bytes, context.unitCodes, table.text) { context.catalog.index(of: $0) }
                let i = code(fields[layout.indicator], bytes, context.indicatorCodes, table.text) { context.indicators.index(of: $0) }
                let year = period(fields[layout.period], bytes)
                guard u >= 0, i >= 0, year > 0,
                    store(bytes, unit: u, indicator: i, year: year, value: fields[layout.value], context, &periods, &result)
                else {
                    result.failed = true
                    return result
                }
            }
        }
        return result
    }

    /// Stores one record's figure; `false` when the fast path must give up (an unreadable
    /// figure, a unit absent from its period).
    @inline(__always)
    private static func store(
        _ bytes: UnsafeBufferPointer<UInt8>, unit u: Int, indicator i: Int, year: Int, value field: CSVField, _ context: Context,
        _ periods: inout PeriodLookup, _ result: inout ChunkResult
    ) -> Bool {
        var figure: Figure?
        var decimals = 0
        let (s, e) = trimmed(field, bytes)
        if !field.hasEscapes, context.numeric[i], let (x, d) = FastDecimal.parse(bytes, s, e, vietnamese: context.vietnamese) {
            figure = .number(x)
            decimals = d
        } else {
            let reading =
                field.hasEscapes
                ? Notation.read(context.table.text.text(field), context.options[i])
                : Notation.read(bytes: UnsafeBufferPointer(rebasing: bytes[s..<e]), context.options[i])
            guard case .success(let r) = reading else { return false }
            figure = r.figure
            decimals = r.decimals
        }
        guard let figure else {
            result.nothing.append((year, i, Int32(u)))
            return true
        }
        let period = periods.buffers(year)
        let position = Int(period.positionOf[u])
        guard position >= 0 else { return false }
        if case .number(let x) = figure {
            period.columns[i][position] = x
            result.exactRows += 1
        } else {
            result.sideFigures.append((year, i, Int32(position), ValuesFile.clamp(figure, context.indicators[i])))
        }
        if period.leaf[position] == 0 {
            result.decimals.append((year, i, Int32(position), Int8(clamping: decimals)))
        }
        return true
    }

    /// Checks what the chunks could not (duplicate keys across chunks, "nothing" rows, figures
    /// other than numbers) and builds the columns; `nil` when the serial reader must judge.
    private static func merge(_ results: [ChunkResult], periods: [Int: PeriodBuffers], indicators: IndicatorTable) -> [Int:
        ValuesFile.PeriodColumns]?
    {
        // Exact rows never share a slot unless two rows have the same key: compare counts.
        var present = 0
        for buffers in periods.values {
            for i in 0..<indicators.count {
                for value in buffers.column(i) where !value.isNaN { present += 1 }
            }
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
                    FigureColumn(values: buffers.take(i), intervals: intervals[year]?[i] ?? [:], decimals: decimals[year]?[i] ?? [:]))
            }
            out[year] = ValuesFile.PeriodColumns(tree: buffers.tree, columns: columns)
        }
        return out
    }

    /// A year of 1 to 4 digits with nothing around them, or -1.
    @inline(__always)
    private static func digitsYear(_ bytes: UnsafeBufferPointer<UInt8>, _ s: Int, _ e: Int) -> Int {
        guard e > s, e - s <= 4 else { return -1 }
        var year = 0
        for k in s..<e {
            let b = bytes[k]
            guard b >= 0x30 && b <= 0x39 else { return -1 }
            year = year * 10 + Int(b - 0x30)
        }
        return year >= 1 ? year : -1
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
