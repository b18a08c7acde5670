import Dispatch
import RollupKernel
import RollupModel

/// How to read a data folder.
public struct LoadOptions: Sendable, Hashable {
    /// Whether numbers are in Vietnamese notation (`49.400` = 49400); a number with a comma is
    /// Vietnamese regardless.
    public var vietnamese: Bool
    /// Threads for reading `values.csv`; the result does not depend on it.
    public var threads: Int
    /// Whether to try the parallel fast path for `values.csv` first (the serial reader is the
    /// reference; tests compare the two).
    public var fastPath: Bool
    /// Whether bad value and target rows are set aside in ``LoadedDataset/rejected`` instead of
    /// failing the load (`--skip-invalid`); structural errors still fail it. The fast path is
    /// not used then.
    public var skipInvalid = false
    /// Bytes of memory the load may count on; `nil`: what the system says
    /// (``MemoryBudget/available()``). A folder whose files need more fails before it is read.
    public var memoryAvailable: Int?
    /// The files' text encoding (``InputEncoding``): UTF-8, falling back to Windows-1258 with a
    /// warning by default. Text with combining marks is normalised to NFC in every case.
    public var encoding: InputEncoding = .auto

    /// Makes options.
    public init(vietnamese: Bool = false, threads: Int = ParallelAggregator.activeProcessors, fastPath: Bool = true) {
        self.vietnamese = vietnamese
        self.threads = threads
        self.fastPath = fastPath
    }
}

/// A data folder read and checked, with the warnings met and what was read.
public struct LoadedDataset: Sendable {
    /// The model, ready to roll up.
    public var dataset: Dataset
    /// Problems that did not stop the load (unknown columns, a ratio without a scale).
    public var warnings: [InputError]
    /// Rows read from each file, by file name (`values.csv`: 1234).
    public var rowCounts: [String: Int]
    /// Rows set aside with ``LoadOptions/skipInvalid``, by file then line.
    public var rejected: [RejectedRow] = []
}

/// Loads a data folder in the contract: `units.csv` and `indicators.csv` required,
/// `targets.csv` and `values.csv` optional. Every error of every file is collected; a load
/// with any error yields none of the data.
public enum DatasetLoader {
    /// Checks the records of a values or targets table and its year column, for a load whose
    /// units or indicators could not be read.
    static func checkAlone(_ table: CSVTable, yearColumn: String, log: inout IssueLog) {
        table.forEachRow(log: &log) { row, log in
            let text = row.string(yearColumn)
            if Year.parse(text) == nil {
                row.error(yearColumn, "found '\(text)', expected a year such as 2024", &log)
            }
        }
    }

    /// The figures of a column that are not NaN (NaN: not reported), counted in place.
    static func reportedCount(_ values: [Double]) -> Int {
        values.withUnsafeBufferPointer { reportedCount($0) }
    }

    /// ``reportedCount(_:)`` of a buffer: eight figures a step (a figure equals itself unless it
    /// is NaN), the rest one by one; a load counts every column with it, twice.
    static func reportedCount(_ values: UnsafeBufferPointer<Double>) -> Int {
        guard let base = values.baseAddress else { return 0 }
        let raw = UnsafeRawPointer(base)
        var lanes = SIMD8<Int64>()
        let zero = SIMD8<Int64>()
        var k = 0
        while k + 8 <= values.count {
            let x = raw.loadUnaligned(fromByteOffset: k * 8, as: SIMD8<Double>.self)
            lanes &+= zero.replacing(with: 1, where: x .== x)
            k += 8
        }
        var n = Int(lanes.wrappedSum())
        while k < values.count {
            n &+= values[k].isNaN ? 0 : 1
            k += 1
        }
        return n
    }

    /// Reads the folder at `path`; file names in messages are `path/FILE`. `whenRead` is handed
    /// each file's name (`units.csv`, ...) and bytes as read, before they are decoded, from
    /// whichever thread read them (the manifest hashes exactly the bytes that were loaded).
    public static func load(
        folder path: String, options: LoadOptions = LoadOptions(), whenRead: (@Sendable (_ name: String, _ bytes: [UInt8]) -> Void)? = nil
    ) -> Result<LoadedDataset, InputErrors> {
        var log = IssueLog()
        func file(_ name: String, required: Bool, _ log: inout IssueLog) -> CSVText? {
            let full = path.hasSuffix("/") ? path + name : path + "/" + name
            switch FileBytes.read(full) {
            case .success(let bytes):
                whenRead?(name, bytes)
                let prepared = InputDecoding.prepare(bytes, encoding: options.encoding, threads: options.threads)
                if let warning = prepared.warning { log.warning(full, warning.line, warning.column, warning.message) }
                if let error = prepared.error {
                    log.error(full, error.line, error.column, error.message)
                    return nil
                }
                return CSVText(path: full, bytes: prepared.bytes, validatedUTF8: prepared.isValidUTF8)
            case .failure(.missing):
                if required { log.error(full, 1, 1, "found no file, expected \(name) in the data folder") }
            case .failure(.isDirectory):
                log.error(full, 1, 1, "found a directory, expected the file \(name)")
            case .failure(.unreadable(let reason)):
                log.error(full, 1, 1, "could not read the file (\(reason)), expected a readable \(name)")
            }
            return nil
        }
        if !FileBytes.isDirectory(path) {
            log.error(path, 1, 1, "found no data folder, expected a folder holding units.csv and indicators.csv")
            return .failure(InputErrors(errors: log.sortedErrors, warnings: log.warnings))
        }
        // Far too large for memory: fail now, not when the kernel kills the process halfway.
        let sizes = ["units.csv", "indicators.csv", "values.csv", "targets.csv"].map { name -> (String, Int) in
            let full = path.hasSuffix("/") ? path + name : path + "/" + name
            return (full, MemoryBudget.fileSize(full))
        }
        let available = options.memoryAvailable.map { (bytes: $0, source: "the memory given to the load") } ?? MemoryBudget.available()
        if let problem = MemoryBudget.check(inputBytes: sizes.reduce(0) { $0 + $1.1 }, available: available) {
            log.error(sizes.max { $0.1 < $1.1 }?.0 ?? path, 1, 1, problem)
            return .failure(InputErrors(errors: log.sortedErrors, warnings: log.warnings))
        }
        let valuesQuarantine = options.skipInvalid ? Quarantine(file: "values.csv") : nil
        let targetsQuarantine = options.skipInvalid ? Quarantine(file: "targets.csv") : nil
        // Each file's bytes are let go as soon as the file is read (`nil`), so that the largest,
        // values.csv, is not held while later stages allocate.
        var unitsText = file("units.csv", required: true, &log)
        var indicatorsText = file("indicators.csv", required: true, &log)
        // values.csv and targets.csv, the largest, are read and checked as UTF-8 while units.csv
        // is parsed: with more than one thread on a thread of their own. Each step logs into a
        // log of its own, put together below in the order the steps had when run one by one.
        let readLarge = { (log: inout IssueLog) -> (values: CSVText?, targets: CSVText?) in
            let values = file("values.csv", required: false, &log)
            let targets = file("targets.csv", required: false, &log)
            // A file cut short (a copy interrupted, a disk full) ends in the middle of a row,
            // whose rest may still read as a figure (`4.55` cut to `4.5`): say so.
            for text in [values, targets].compactMap({ $0 }) {
                guard let last = text.bytes.last, last != 0x0A, last != 0x0D else { continue }
                let end = text.location(of: text.bytes.count, recordLine: 1, recordOffset: text.contentStart)
                log.warning(
                    text.path, end.line, end.column,
                    "found no line end after the last row, expected one: a file cut short ends so (its last row is read as it is)")
            }
            return (values, targets)
        }
        let reading = options.threads > 1 ? BackgroundWork(readLarge) : nil
        var counts: [String: Int] = [:]

        var openLog = IssueLog()
        var unitsTable = unitsText.flatMap {
            CSVTable.open($0, required: UnitsFile.required, optional: UnitsFile.optional, log: &openLog)
        }
        var indicatorsTable = indicatorsText.flatMap {
            CSVTable.open($0, required: IndicatorsFile.required, optional: IndicatorsFile.optional, log: &openLog)
        }
        var parseLog = IssueLog()
        let units = unitsTable.map { UnitsFile.read($0, threads: options.threads, log: &parseLog) }
        unitsTable = nil
        unitsText = nil
        let catalog = units?.0
        // A `;`-separated file comes from a decimal-comma spreadsheet: `.` groups thousands there.
        func vietnamese(_ table: CSVTable) -> Bool { options.vietnamese || table.separator == 0x3B }
        let indicators = indicatorsTable.flatMap { IndicatorsFile.read($0, vietnamese: vietnamese($0), log: &parseLog).0 }
        indicatorsTable = nil
        indicatorsText = nil

        var readLog = IssueLog()
        var large: (values: CSVText?, targets: CSVText?)
        if let (result, log) = reading?.wait() {
            large = result
            readLog = log
        } else {
            large = readLarge(&readLog)
        }
        var valuesText = large.values
        var targetsText = large.targets
        large = (nil, nil)
        var valuesTable = valuesText.flatMap {
            CSVTable.open($0, required: ValuesFile.required, optional: ValuesFile.optional, log: &openLog)
        }
        var targetsTable = targetsText.flatMap {
            CSVTable.open($0, required: TargetsFile.required, optional: TargetsFile.optional, log: &openLog)
        }
        valuesText = nil
        targetsText = nil
        for step in [readLog, openLog, parseLog] {
            log.errors += step.errors
            log.warnings += step.warnings
        }
        counts["units.csv"] = catalog?.rowCount ?? 0
        counts["indicators.csv"] = indicators?.count ?? 0

        guard let catalog, let indicators else {
            // Without units or indicators, values and targets cannot be checked against them;
            // what needs only the file itself (records, years) is still checked.
            valuesTable.map { checkAlone($0, yearColumn: "period", log: &log) }
            targetsTable.map { checkAlone($0, yearColumn: "year", log: &log) }
            return .failure(InputErrors(errors: log.sortedErrors, warnings: log.warnings))
        }
        var trees = TreeCache(catalog: catalog, built: units?.trees ?? [:])
        // The unit codes as a byte table, the catalog's own index, for values.csv and targets.csv.
        let unitCodes = catalog.codeTable
        // targets.csv needs the units and indicators only: with more than one thread it is
        // read on a thread of its own while values.csv is read, into a log of its own that is
        // appended after the values' (the order the messages had when it was read after them).
        let readTargets = { [targetsTable] (log: inout IssueLog) -> TargetTable in
            targetsTable.map {
                TargetsFile.read(
                    $0, catalog: catalog, indicators: indicators, vietnamese: vietnamese($0), log: &log, quarantine: targetsQuarantine,
                    unitCodes: unitCodes)
            } ?? TargetTable([])
        }
        let background = options.threads > 1 && targetsTable != nil ? BackgroundWork(readTargets) : nil
        targetsTable = nil
        var periodColumns: [Int: ValuesFile.PeriodColumns] = [:]
        if let valuesTable {
            let clean = log.errors.isEmpty && units?.valid == true
            if clean, options.fastPath, !options.skipInvalid,
                let fast = ValuesFastPath.read(
                    valuesTable, catalog: catalog, indicators: indicators, vietnamese: vietnamese(valuesTable), trees: &trees,
                    threads: options.threads, unitCodes: unitCodes)
            {
                periodColumns = fast
            } else {
                periodColumns = ValuesFile.read(
                    valuesTable, catalog: catalog, indicators: indicators, vietnamese: vietnamese(valuesTable), trees: &trees,
                    checkExistence: units?.valid == true, log: &log, quarantine: valuesQuarantine)
            }
        }
        // values.csv's bytes (553 MB on the `1m` preset) are unmapped on another thread, while
        // this one goes on.
        ReleasedElsewhere.release(&valuesTable)

        let targets: TargetTable
        if let (table, targetsLog) = background?.wait() {
            log.errors += targetsLog.errors
            log.warnings += targetsLog.warnings
            targets = table
        } else {
            targets = readTargets(&log)
        }
        guard log.errors.isEmpty else {
            return .failure(InputErrors(errors: log.sortedErrors, warnings: log.warnings))
        }
        let periods = periodColumns.keys.sorted()
        let columns = periodColumns.values.flatMap(\.columns)
        counts["values.csv"] = WorkRunner(threads: options.threads).sum(tasks: columns.count) { c in
            reportedCount(columns[c].values) + columns[c].intervals.count
        }
        counts["targets.csv"] = targets.targets.count
        let dataset = Dataset(
            units: catalog, indicators: indicators, periods: periods,
            trees: periods.compactMap { periodColumns[$0]?.tree },
            reported: periods.compactMap { periodColumns[$0]?.columns }, targets: targets)
        let rejected = (targetsQuarantine?.rows ?? []) + (valuesQuarantine?.rows ?? [])
        return .success(LoadedDataset(dataset: dataset, warnings: log.warnings, rowCounts: counts, rejected: rejected))
    }
}

/// One piece of the load run on a thread of its own (a queue of its own: the global queues'
/// threads are busy with the values' chunks) while the caller goes on; ``wait()`` gives its
/// result and the issues it logged.
final class BackgroundWork<Result>: @unchecked Sendable {
    private var outcome: (Result, IssueLog)?
    private let done = DispatchGroup()

    /// Starts `work`, which must not touch what the caller goes on with.
    init(_ work: @escaping (inout IssueLog) -> Result) {
        let job = UncheckedSendable(work)
        done.enter()
        DispatchQueue(label: "rollup.load-background").async { [self] in
            var log = IssueLog()
            let result = job.value(&log)
            outcome = (result, log)
            done.leave()
        }
    }

    /// The result and the issues, once the work is done (`outcome` is set before `done` is
    /// left, so this is never `nil`), moved out: the work keeps no reference to them (the
    /// caller decides when the files' bytes go). Call once.
    func wait() -> (Result, IssueLog)? {
        done.wait()
        return outcome.take()
    }
}

/// Lets go of a value on a thread of Dispatch's, so that freeing it (unmapping hundreds of
/// megabytes page by page) does not hold up the thread that is done with it. Whoever holds the
/// last reference frees the value: the caller must hold no other.
final class ReleasedElsewhere: @unchecked Sendable {
    private var value: Any?

    private init(_ value: Any) { self.value = value }

    /// Sets `value` to `nil`, its last reference dropped on another thread.
    static func release<T>(_ value: inout T?) {
        // Moved into the box (no copy left on this thread to be released last).
        guard let held = value.take() else { return }
        let box = ReleasedElsewhere(consume held)
        DispatchQueue.global(qos: .utility).async { box.value = nil }
    }
}
