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

        /// Every column as an array, copied on `runner`'s threads, each column's buffer freed as
        /// soon as it is copied (call once, last).
        func takeAll(_ runner: WorkRunner) -> [[Double]] {
            var arrays = [[Double]](repeating: [], count: columns.count)
            let columns = self.columns
            let stride = self.stride
            let alreadyReleased = released
            arrays.withUnsafeMutableBufferPointer { slots in
                let slots = UncheckedSendable(slots)
                runner.run(tasks: columns.count) { i in
                    guard !alreadyReleased[i] else { return }
                    // Each task writes only its own slot and frees only its own column.
                    slots.value[i] = Array(UnsafeBufferPointer(start: columns[i], count: stride))
                    columns[i].deallocate()
                }
            }
            released = Array(repeating: true, count: columns.count)
            return arrays
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
    /// chunks aim at (tests make it small to put many boundaries in a small file); `unitCodes`, the
    /// catalog's codes as a ``ByteCodeTable`` when the caller has one already, is made otherwise.
    static func read(
        _ table: CSVTable, catalog: UnitCatalog, indicators: IndicatorTable, vietnamese: Bool, trees: inout TreeCache,
        threads: Int, chunkBytes: Int = ValuesFastPath.chunkBytes, unitCodes: ByteCodeTable? = nil
    ) -> [Int: ValuesFile.PeriodColumns]? {
        guard let unitField = table.columns["unit"], let indicatorField = table.columns["indicator"],
            let periodField = table.columns["period"], let valueField = table.columns["value"]
        else { return nil }
        let context = Context(
            table: table, catalog: catalog, indicators: indicators, vietnamese: vietnamese,
            layout: Layout(unit: unitField, indicator: indicatorField, period: periodField, value: valueField),
            unitCodes: unitCodes ?? ByteCodeTable(catalog.codes))
        let sharedTree: Hierarchy? = trees.hasWindows ? nil : trees.tree(for: 0)
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
        return merge(results, periods: outcome.periods, indicators: indicators, runner: runner)
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

        init(
            table: CSVTable, catalog: UnitCatalog, indicators: IndicatorTable, vietnamese: Bool, layout: Layout, unitCodes: ByteCodeTable
        ) {
            self.table = table
            self.catalog = catalog
            self.indicators = indicators
            self.vietnamese = vietnamese
            self.layout = layout
            self.unitCodes = unitCodes
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
        // Chunks are claimed one at a time by whichever worker is free, so that a worker slowed
        // down (another thread of the process on its core) does not hold the others back; each
        // chunk's result has its own slot, so the outcome does not depend on who read it.
        let claimed = Atomic<Int>(0)
        results.withUnsafeMutableBufferPointer { slots in
            let slots = UncheckedSendable(slots)
            runner.run(tasks: min(runner.threads, chunks)) { _ in
                var periods = PeriodLookup(registry: registry)
                while true {
                    let c = claimed.wrappingAdd(1, ordering: .relaxed).oldValue
                    guard c < chunks else { return }
                    slots.value[c] = readChunk(
                        bytes, from: boundaries[c], to: boundaries[c + 1], quotesChecked: quotesChecked, context, &periods)
                }
            }
        }
        return (results, registry.periods.withLock { $0 })
    }

    /// A chunk's cache of the period buffers it writes to.
    struct PeriodLookup {
        let registry: Registry
        /// The periods met so far (a handful), searched in order: rows alternate between
        /// periods often, and a hash per switch cost more than this search.
        var years: [Int] = []
        /// Each met period's buffers as plain pointers (the registry keeps the buffers alive for
        /// the pass), so that a switch of periods costs no reference counting.
        var pointers: [Pointers] = []
        var lastYear = -1
        var last = Pointers()

        /// Where one period's figures go.
        struct Pointers {
            var columns: UnsafeMutablePointer<UnsafeMutablePointer<Double>>?
            var positionOf: UnsafeMutablePointer<Int32>?
            var leaf: UnsafeMutablePointer<UInt8>?
        }

        init(registry: Registry) { self.registry = registry }

        @inline(__always)
        mutating func buffers(_ year: Int) -> Pointers {
            if year == lastYear { return last }
            return switchTo(year)
        }

        @inline(never)
        private mutating func switchTo(_ year: Int) -> Pointers {
            if let k = years.firstIndex(of: year) {
                last = pointers[k]
            } else {
                let b = registry.buffers(year)
                last = Pointers(columns: b.columns.baseAddress, positionOf: b.positionOf.baseAddress, leaf: b.leaf.baseAddress)
                years.append(year)
                pointers.append(last)
            }
            lastYear = year
            return last
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
        let separatorWord = UInt64(separator) &* 0x0101_0101_0101_0101
        let below = separator < 0x2D
        // The code tables as plain pointers: `context` holds them for the whole call.
        let unitCodes = context.unitCodes.reader
        let indicatorCodes = context.indicatorCodes.reader
        var fields: [CSVField] = []
        var k = from
        // Field bounds of a scanned record, by field index.
        var starts = SIMD4<Int>()
        var ends = SIMD4<Int>()
        // The unit of the record before (rows come grouped by unit): its first word, length and
        // index, so that a repeated unit is not looked up again.
        var lastUnitWord: UInt64 = 0
        var lastUnitLength = -1
        var lastUnit = -1
        // The commonest layout (`unit,indicator,period,value`, numbers not in Vietnamese
        // notation) is read in one pass per record, the figure converted as it is found.
        let canonical =
            scannable && !context.vietnamese && layout.unit == 0 && layout.indicator == 1 && layout.period == 2 && layout.value == 3
        // Whether each indicator is numeric, as plain memory (an array read here cost calls).
        let numeric = UnsafeMutableBufferPointer<Bool>.allocate(capacity: context.numeric.count)
        _ = numeric.initialize(from: context.numeric)
        defer { numeric.deallocate() }
        // The hot loop for that layout with `,` or tab (see ``CanonicalRows``); the code below
        // reads each record it stops at.
        let indicatorWords = UnsafeMutableBufferPointer<CanonicalRows.IndicatorWord>.allocate(capacity: max(1, numeric.count))
        defer { indicatorWords.deallocate() }
        var rows: CanonicalRows?
        if canonical && below && !numeric.isEmpty && bytes.count >= 8, let base = bytes.baseAddress,
            let numericBase = numeric.baseAddress, let wordsBase = indicatorWords.baseAddress
        {
            for (i, code) in context.indicators.indicators.map(\.code).enumerated() {
                indicatorWords[i] = CanonicalRows.IndicatorWord(code: Array(code.utf8), numeric: numeric[i])
            }
            rows = CanonicalRows(
                base: base, lastWord: bytes.count - 8, separator: separator, unitCodes: unitCodes, indicatorCodes: indicatorCodes,
                indicatorWords: UnsafePointer(wordsBase), indicatorCount: numeric.count, numeric: UnsafePointer(numericBase))
        }
        var rowState = CanonicalRows.State()
        records: while k < end {
            if let rows {
                k = rows.read(from: k, to: end, &rowState, &periods, &result)
                if k >= end { break records }
            }
            let recordStart = k
            if canonical, let base = bytes.baseAddress {
                // Any record this does not read to the end is read again below, from its start.
                canonical: do {
                    let (ue, s0) = nextStop(bytes, k, end, separatorWord, stops, below: below)
                    guard s0 == separator else { break canonical }
                    let ins = ue &+ 1
                    let (ine, s1) = nextStop(bytes, ins, end, separatorWord, stops, below: below)
                    guard s1 == separator else { break canonical }
                    let ps = ine &+ 1
                    let (pe, s2) = nextStop(bytes, ps, end, separatorWord, stops, below: below)
                    guard s2 == separator, let (x, d, stop) = FastDecimal.scan(base, pe &+ 1, end) else { break canonical }
                    // The figure must end the record: LF, CRLF, a lone CR or the chunk's end.
                    var next = stop
                    if stop < end {
                        let b = base[stop]
                        guard b == 0x0A || b == 0x0D else { break canonical }
                        next = stop &+ 1
                        if b == 0x0D && next < end && base[next] == 0x0A { next &+= 1 }
                    }
                    guard next &- recordStart <= scannedRecordBytes else { break canonical }
                    let unitWord = ByteCodeTable.word(bytes, k, ue)
                    let u: Int
                    if unitWord == lastUnitWord && ue &- k == lastUnitLength && lastUnitLength <= 8 {
                        u = lastUnit
                    } else {
                        // Rows often follow units.csv's order: try the unit after the last one
                        // before a probe of the table (a cache miss in a large catalog).
                        u = lastUnit >= 0 && unitCodes.isCode(lastUnit &+ 1, bytes, k, ue) ? lastUnit &+ 1 : unitCodes.lookup(bytes, k, ue)
                        (lastUnitWord, lastUnitLength, lastUnit) = (unitWord, ue &- k, u)
                    }
                    let i = indicatorCodes.lookup(bytes, ins, ine)
                    let year = digitsYear(bytes, ps, pe)
                    guard u >= 0, i >= 0, year > 0, i < numeric.count, numeric[i] else { break canonical }
                    // `u` is a catalog index and `i` an indicator index (both from the code
                    // tables), and every period's buffers span the catalog and the indicators.
                    let period = periods.buffers(year)
                    guard let positionOf = period.positionOf, let columns = period.columns, let leaf = period.leaf else {
                        break canonical
                    }
                    let position = Int(positionOf[u])
                    guard position >= 0 else { break canonical }
                    columns[i][position] = x
                    result.exactRows &+= 1
                    if leaf[position] == 0 {
                        result.decimals.append((year, i, Int32(truncatingIfNeeded: position), Int8(clamping: d)))
                    }
                    k = next
                    continue records
                }
            }
            var plain = scannable
            if plain {
                // Find the three separators and the line end; anything else (a quote, a
                // missing or extra field) makes the record one for the generic reader.
                plain = false
                var stop: UInt8 = 0
                scan: do {
                    starts[0] = k
                    (ends[0], stop) = nextStop(bytes, k, end, separatorWord, stops, below: below)
                    guard stop == separator else { break scan }
                    starts[1] = ends[0] &+ 1
                    (ends[1], stop) = nextStop(bytes, starts[1], end, separatorWord, stops, below: below)
                    guard stop == separator else { break scan }
                    starts[2] = ends[1] &+ 1
                    (ends[2], stop) = nextStop(bytes, starts[2], end, separatorWord, stops, below: below)
                    guard stop == separator else { break scan }
                    starts[3] = ends[2] &+ 1
                    (ends[3], stop) = nextStop(bytes, starts[3], end, separatorWord, stops, below: below)
                    guard stop != separator && stop != 0x22 else { break scan }
                    // Past the line end: LF, CRLF or a lone CR.
                    k = ends[3]
                    if k < end {
                        let b = bytes[k]
                        k += 1
                        if b == 0x0D && k < end && bytes[k] == 0x0A { k += 1 }
                    }
                    plain = k - recordStart <= scannedRecordBytes
                }
                if stop == 0x22 && !quotesChecked {
                    result.sawQuote = true
                    return result
                }
                if plain {
                    let (us, ue) = (starts[layout.unit], ends[layout.unit])
                    let (ins, ine) = (starts[layout.indicator], ends[layout.indicator])
                    let (ps, pe) = (starts[layout.period], ends[layout.period])
                    let (vs, ve) = (starts[layout.value], ends[layout.value])
                    let unitWord = ByteCodeTable.word(bytes, us, ue)
                    let u: Int
                    if unitWord == lastUnitWord && ue - us == lastUnitLength && lastUnitLength <= 8 {
                        u = lastUnit
                    } else {
                        u = unitCodes.lookup(bytes, us, ue)
                        (lastUnitWord, lastUnitLength, lastUnit) = (unitWord, ue - us, u)
                    }
                    let i = indicatorCodes.lookup(bytes, ins, ine)
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
        let (s, e) = trimmed(field, bytes)
        if !field.hasEscapes, context.numeric[i], let (x, d) = FastDecimal.parse(bytes, s, e, vietnamese: context.vietnamese) {
            // The commonest record: a plain number, stored without making a `Figure`. `u` is a
            // catalog index and `i` an indicator index (both from the code tables), and every
            // period's buffers span the catalog and the indicators.
            let period = periods.buffers(year)
            guard let positionOf = period.positionOf, let columns = period.columns, let leaf = period.leaf else { return false }
            let position = Int(positionOf[u])
            guard position >= 0 else { return false }
            columns[i][position] = x
            result.exactRows += 1
            if leaf[position] == 0 {
                result.decimals.append((year, i, Int32(position), Int8(clamping: d)))
            }
            return true
        }
        return storeFigure(bytes, unit: u, indicator: i, year: year, value: field, trimmed: (s, e), context, &periods, &result)
    }

    /// ``store``'s path for a figure other than a plain number (or one written with quotes).
    @inline(never)
    private static func storeFigure(
        _ bytes: UnsafeBufferPointer<UInt8>, unit u: Int, indicator i: Int, year: Int, value field: CSVField, trimmed: (Int, Int),
        _ context: Context, _ periods: inout PeriodLookup, _ result: inout ChunkResult
    ) -> Bool {
        let (s, e) = trimmed
        let reading =
            field.hasEscapes
            ? Notation.read(context.table.text.text(field), context.options[i])
            : Notation.read(bytes: UnsafeBufferPointer(rebasing: bytes[s..<e]), context.options[i])
        guard case .success(let r) = reading else { return false }
        let decimals = r.decimals
        guard let figure = r.figure else {
            result.nothing.append((year, i, Int32(u)))
            return true
        }
        // `u` is a catalog index and `i` an indicator index (both from the code tables), and
        // every period's buffers span the catalog and the indicators.
        let period = periods.buffers(year)
        guard let positionOf = period.positionOf, let columns = period.columns, let leaf = period.leaf else { return false }
        let position = Int(positionOf[u])
        guard position >= 0 else { return false }
        if case .number(let x) = figure {
            columns[i][position] = x
            result.exactRows += 1
        } else {
            result.sideFigures.append((year, i, Int32(position), ValuesFile.clamp(figure, context.indicators[i])))
        }
        if leaf[position] == 0 {
            result.decimals.append((year, i, Int32(position), Int8(clamping: decimals)))
        }
        return true
    }

    /// Checks what the chunks could not (duplicate keys across chunks, "nothing" rows, figures
    /// other than numbers) and builds the columns; `nil` when the serial reader must judge.
    private static func merge(
        _ results: [ChunkResult], periods: [Int: PeriodBuffers], indicators: IndicatorTable, runner: WorkRunner
    ) -> [Int: ValuesFile.PeriodColumns]? {
        // Exact rows never share a slot unless two rows have the same key: compare counts.
        // Counted a column per task: the columns are hundreds of megabytes on the largest presets.
        let columns = periods.values.flatMap { buffers in (0..<indicators.count).map { UnsafeBufferPointer(buffers.column($0)) } }
        let present = runner.sum(tasks: columns.count) { DatasetLoader.reportedCount(columns[$0]) }
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
            let values = buffers.takeAll(runner)
            let columns = (0..<indicators.count).map { i in
                FigureColumn(values: values[i], intervals: intervals[year]?[i] ?? [:], decimals: decimals[year]?[i] ?? [:])
            }
            out[year] = ValuesFile.PeriodColumns(tree: buffers.tree, columns: columns)
        }
        return out
    }

    /// The first byte at or after `from` that ends a field or needs the generic reader (LF, CR,
    /// the quote, the separator) and its offset; `(end, LF)` when none comes before `end`.
    /// Reads eight bytes at a time while a whole word lies inside `bytes` (a word may reach past
    /// `end`: what it finds there is not taken), then byte by byte.
    ///
    /// With `below` (a separator below `-`, as `,` and tab are), a word is first tested for any
    /// byte below `-`, one subtraction instead of four comparisons; such a byte that is no stop
    /// (a space, `%`) is stepped over. Digits, letters, `.`, `-` and non-ASCII bytes never
    /// are below `-`.
    @inline(__always)
    static func nextStop(
        _ bytes: UnsafeBufferPointer<UInt8>, _ from: Int, _ end: Int, _ separatorWord: UInt64, _ stops: UInt64, below: Bool
    ) -> (Int, UInt8) {
        var k = from
        if let base = bytes.baseAddress {
            while k &+ 8 <= bytes.count {
                let word = UnsafeRawPointer(base + k).loadUnaligned(as: UInt64.self)
                let found = below ? bytesBelowDash(word) : stopBytes(word, separatorWord)
                if found != 0 {
                    // The lowest set bit is bit 7 of the first such byte: its byte offset
                    // times 8 is that bit's index with the low 3 bits cleared.
                    let shift = UInt64(found.trailingZeroBitCount & ~7)
                    let at = k &+ Int(shift &>> 3)
                    if at >= end { return (end, 0x0A) }
                    let b = UInt8(truncatingIfNeeded: word &>> shift)
                    if b < 64 && (stops >> UInt64(b)) & 1 != 0 { return (at, b) }
                    k = at &+ 1
                    continue
                }
                k &+= 8
            }
        }
        while k < end {
            let b = bytes[k]
            if b < 64 && (stops >> UInt64(b)) & 1 != 0 { return (k, b) }
            k += 1
        }
        return (end, 0x0A)
    }

    /// The bytes of `word` below `-` (0x2D), as ``stopBytes(_:_:)`` marks its bytes.
    @inline(__always)
    static func bytesBelowDash(_ word: UInt64) -> UInt64 {
        (word &- 0x2D2D_2D2D_2D2D_2D2D) & ~word & 0x8080_8080_8080_8080
    }

    /// The bytes of `word` (8 bytes, little-endian) that end a field or need the generic
    /// reader: LF, CR, the quote and the separator (`separatorWord`: the separator in every
    /// byte). The lowest set bit is the high bit of the first such byte; bits above it may be
    /// set falsely (a borrow), so only the lowest one is to be used.
    @inline(__always)
    static func stopBytes(_ word: UInt64, _ separatorWord: UInt64) -> UInt64 {
        let ones: UInt64 = 0x0101_0101_0101_0101
        let highs: UInt64 = 0x8080_8080_8080_8080
        @inline(__always) func zeros(_ x: UInt64) -> UInt64 { (x &- ones) & ~x & highs }
        return zeros(word ^ (ones &* 0x0A)) | zeros(word ^ (ones &* 0x0D)) | zeros(word ^ (ones &* 0x22))
            | zeros(word ^ separatorWord)
    }

    /// A year of 1 to 4 digits with nothing around them, or -1.
    @inline(__always)
    private static func digitsYear(_ bytes: UnsafeBufferPointer<UInt8>, _ s: Int, _ e: Int) -> Int {
        guard e > s, e - s <= 4 else { return -1 }
        if e - s == 4, let base = bytes.baseAddress {
            // Four digits at once: each byte minus '0' below 10, then combined in pairs.
            let w = UnsafeRawPointer(base + s).loadUnaligned(as: UInt32.self)
            guard ((w &- 0x3030_3030) | (w &+ 0x4646_4646)) & 0x8080_8080 == 0 else { return -1 }
            let d = w &- 0x3030_3030  // d0 (first digit) in the low byte
            let pairs = (d &* 10 &+ (d &>> 8)) & 0x00FF_00FF  // d0d1 low, d2d3 high
            let year = Int((pairs & 0xFF) &* 100 &+ (pairs &>> 16))
            return year >= 1 ? year : -1
        }
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
