import RollupFindings
import RollupKernel
import RollupModel

/// Formats `progress.csv`: one row per target (unit, indicator, year), ordered by unit in
/// `units.csv` order, indicator in `indicators.csv` order, then year.
///
/// Columns: `unit,indicator,year,target,period,value,status,baseline_period,baseline_value,progress_ratio,baseline_basis`
/// (`baseline_basis`: `own`, or `derived` from the units this one absorbed later; empty without a baseline):
/// the codes, the target year, the target as written, the latest period up to the target year
/// with a value (reported or rolled up) and that value, the status (`achieved`, `on_track`,
/// `off_track`, `missed`, `undetermined`, `no_data`), the baseline (the earliest period with a
/// value) and its value, and the progress ratio (observed change over the change the straight
/// path asks for) in the shortest round-trip form. Empty fields where there is nothing to say
/// (no value; a ratio that cannot be computed).
public enum ProgressFile {
    /// The header row's columns.
    public static let header = "unit,indicator,year,target,period,value,status,baseline_period,baseline_value,progress_ratio,baseline_basis"

    /// The file's bytes, formatted in pieces on up to `threads` threads and joined in order (the
    /// same bytes for any thread count); assumes `report` was evaluated on `dataset`.
    public static func format(_ dataset: Dataset, _ report: FindingsReport, threads: Int = ParallelAggregator.activeProcessors)
        -> [UInt8]
    {
        let progress = report.progress
        return RowPieces.format(header: header, count: progress.count, threads: threads, bytesPerRow: 96) { range, out in
            for n in range {
                let row = progress[n]
                CSVEscape.append(FindingsFile.code(of: row.unit, in: dataset), to: &out)
                out.append(0x2C)
                CSVEscape.append(FindingsFile.indicatorCode(row.indicator, dataset), to: &out)
                out.append(0x2C)
                RowPieces.appendInteger(row.year, to: &out)
                out.append(0x2C)
                CSVEscape.append(row.target, to: &out)
                out.append(0x2C)
                if let period = row.period { RowPieces.appendInteger(period, to: &out) }
                out.append(0x2C)
                if let value = row.value { CSVEscape.append(value, to: &out) }
                out.append(0x2C)
                out.append(contentsOf: row.status.rawValue.utf8)
                out.append(0x2C)
                if let period = row.baselinePeriod { RowPieces.appendInteger(period, to: &out) }
                out.append(0x2C)
                if let value = row.baselineValue { CSVEscape.append(value, to: &out) }
                out.append(0x2C)
                if let ratio = row.progressRatio, ratio.isFinite { NumberFormat.append(ratio, to: &out) }
                out.append(0x2C)
                if row.baselinePeriod != nil { out.append(contentsOf: (row.baselineDerived ? "derived" : "own").utf8) }
                out.append(0x0A)
            }
        }
    }
}
