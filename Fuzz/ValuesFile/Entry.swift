// libFuzzer entry for the values and targets readers (compiled into the RollupIO module by
// Fuzz/run.sh). The input is a values.csv or targets.csv read against one of two fixed folders
// (one with validity windows), with or without Vietnamese notation, as its size picks. What it
// checks: no crash; where the parallel fast path accepts a values file, the serial reader finds
// no error and the same figures; with skip-invalid, no row error is left, rejected rows are the
// strict reader's errors and are not loaded, and a clean file loads the same either way.
import RollupKernel
import RollupModel

private let indicatorsText = """
    code,name,unit,aggregation,weight,numerator,denominator,scale,low,high
    POP,Dân số,người,sum,,,,,0,
    BHYT,BHYT,%,weighted_mean,POP,,,,0,100
    BEDS,Giường,giường,sum,,,,,0,
    B10K,Giường/10.000,giường,ratio,,BEDS,POP,10000,0,
    NTM,Nông thôn mới,%,share_of_units,,,,,0,100
    LVL,Mức độ,Mức độ,worst_level,,,,,Chưa kiểm soát,Xóa bỏ hoàn toàn
    AVG,Trung bình,điểm,mean,,,,,,
    HDI,HDI,chỉ số,none,,,,,0,1

    """
private let unitsText = """
    code,name,parent
    VN,Việt Nam,
    01,Hà Nội,VN
    001,Ba Đình,01
    W1,Phường 1,001
    W2,"Phường \"\"2\"\"",001
    HP,Hải Phòng,VN
    KA,Kiến An,HP

    """
private let windowedUnitsText = """
    code,name,parent,valid_from,valid_to,successor
    VN,Việt Nam,,,,
    P1,Tỉnh 1,VN,,2024,P3
    P2,Tỉnh 2,VN,,2024,P3
    P3,Tỉnh 3,VN,2025,,
    W1,Xã 1,P1,,2024,
    W1,Xã 1,P3,2025,,
    W2,Xã 2,P2,,2024,P3

    """

private struct Folder: @unchecked Sendable {
    let catalog: UnitCatalog
    let indicators: IndicatorTable
    let valid: Bool
}

private func folder(_ units: String) -> Folder {
    var log = IssueLog()
    let unitsTable = CSVTable.open(
        CSVText(path: "units.csv", bytes: Array(units.utf8)), required: UnitsFile.required, optional: UnitsFile.optional, log: &log)!
    let (catalog, valid) = UnitsFile.read(unitsTable, log: &log)
    let indicatorsTable = CSVTable.open(
        CSVText(path: "indicators.csv", bytes: Array(indicatorsText.utf8)), required: IndicatorsFile.required,
        optional: IndicatorsFile.optional, log: &log)!
    let indicators = IndicatorsFile.read(indicatorsTable, vietnamese: false, log: &log).0!
    if !log.errors.isEmpty || !valid {
        print(log.errors.map(\.description).joined(separator: "\n"))
        fatalError("the fixed folder has errors")
    }
    return Folder(catalog: catalog, indicators: indicators, valid: valid)
}

private let folders = [folder(unitsText), folder(windowedUnitsText)]

private func same(_ a: Double, _ b: Double) -> Bool { a.bitPattern == b.bitPattern || (a.isNaN && b.isNaN) }

private func sameColumns(_ a: [Int: ValuesFile.PeriodColumns], _ b: [Int: ValuesFile.PeriodColumns]) -> Bool {
    // The fast path may create a period's buffers for "nothing" rows only; compare what is present.
    let present = { (p: [Int: ValuesFile.PeriodColumns]) in
        p.filter { $0.value.columns.contains { c in c.values.contains { !$0.isNaN } || !c.intervals.isEmpty } }
    }
    let x = present(a)
    let y = present(b)
    guard x.keys.sorted() == y.keys.sorted() else { return false }
    for (year, p) in x {
        guard let q = y[year], p.columns.count == q.columns.count else { return false }
        for (c, d) in zip(p.columns, q.columns) {
            guard c.values.count == d.values.count, zip(c.values, d.values).allSatisfy(same), c.intervals == d.intervals,
                c.decimals == d.decimals
            else { return false }
        }
    }
    return true
}

/// With rows set aside, the only errors left are an unclosed quote's; every rejected row is one
/// the strict reader reported, and any row error of the strict reader rejected a row.
private func checkQuarantine(_ quarantine: Quarantine, _ log: IssueLog, strict: IssueLog, bodyLine: Int) {
    precondition(log.errors.allSatisfy { $0.message.hasPrefix("found a quoted field that is never closed") }, "a row error was not set aside")
    let strictLines = Set(strict.errors.map(\.line))
    for row in quarantine.rows {
        precondition(row.line >= 2 && row.column >= 1 && !row.reason.isEmpty, "a rejected row without its position or reason")
        precondition(strictLines.contains(row.line), "a row rejected that the strict reader accepts")
    }
    let rowErrors = strict.errors.filter { $0.line >= bodyLine && !$0.message.hasPrefix("found a quoted field that is never closed") }
    precondition(rowErrors.isEmpty == quarantine.rows.isEmpty, "row errors without rejected rows, or the other way round")
    _ = RejectedFile.format(quarantine.rows)
}

@_cdecl("LLVMFuzzerTestOneInput")
public func rollupFuzzValuesFile(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    // The input's size picks the folder and the notation, so one execution runs one reading
    // (four times the executions of trying all four); every combination is still reached.
    for vietnamese in [size & 1 == 1] {
        for folder in [folders[(size >> 1) & 1]] {
            var log = IssueLog()
            let text = CSVText(path: "values.csv", bytes: bytes)
            if let table = CSVTable.open(text, required: ValuesFile.required, optional: ValuesFile.optional, log: &log) {
                // The header's own errors (a column named twice) fail the load before any row,
                // and the loader then never tries the fast path: compare the rows' errors only.
                let headerErrors = log.errors.count
                var trees = TreeCache(catalog: folder.catalog)
                let serial = ValuesFile.read(
                    table, catalog: folder.catalog, indicators: folder.indicators, vietnamese: vietnamese, trees: &trees,
                    checkExistence: true, log: &log)
                var fastTrees = TreeCache(catalog: folder.catalog)
                if let fast = ValuesFastPath.read(
                    table, catalog: folder.catalog, indicators: folder.indicators, vietnamese: vietnamese, trees: &fastTrees, threads: 1)
                {
                    precondition(log.errors.count == headerErrors, "the fast path accepted a file the serial reader rejects: \(log.errors)")
                    precondition(sameColumns(serial, fast), "the fast path and the serial reader differ")
                }
                // Bad rows set aside: no row error is left, only what concerns the whole file.
                var quarantineLog = IssueLog()
                let quarantine = Quarantine(file: "values.csv")
                var quarantineTrees = TreeCache(catalog: folder.catalog)
                let kept = ValuesFile.read(
                    table, catalog: folder.catalog, indicators: folder.indicators, vietnamese: vietnamese, trees: &quarantineTrees,
                    checkExistence: true, log: &quarantineLog, quarantine: quarantine)
                checkQuarantine(quarantine, quarantineLog, strict: log, bodyLine: table.bodyLine)
                if log.errors.isEmpty { precondition(sameColumns(kept, serial), "a clean file loads differently with skip-invalid") }
            }
            var targetLog = IssueLog()
            let targetText = CSVText(path: "targets.csv", bytes: bytes)
            if let table = CSVTable.open(targetText, required: TargetsFile.required, optional: TargetsFile.optional, log: &targetLog) {
                let strict = TargetsFile.read(table, catalog: folder.catalog, indicators: folder.indicators, vietnamese: vietnamese, log: &targetLog)
                var quarantineLog = IssueLog()
                let quarantine = Quarantine(file: "targets.csv")
                let kept = TargetsFile.read(
                    table, catalog: folder.catalog, indicators: folder.indicators, vietnamese: vietnamese, log: &quarantineLog,
                    quarantine: quarantine)
                checkQuarantine(quarantine, quarantineLog, strict: targetLog, bodyLine: table.bodyLine)
                if targetLog.errors.isEmpty { precondition(kept.targets == strict.targets, "clean targets load differently with skip-invalid") }
                let rejectedLines = Set(quarantine.rows.map(\.line))
                precondition(kept.targets.allSatisfy { !rejectedLines.contains($0.line) }, "a rejected target was loaded")
            }
            _ = log.sortedErrors
        }
    }
    return 0
}
