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
        RowPieces.join { emit in stream(dataset, report, threads: threads, emit: emit) }
    }

    /// The file's bytes handed to `emit` piece by piece in order, formatted a batch of pieces at a
    /// time on up to `threads` threads (the same bytes for any thread count); returns false, with
    /// nothing more formatted, as soon as `emit` does. Assumes `report` was evaluated on `dataset`.
    public static func stream(
        _ dataset: Dataset, _ report: FindingsReport, threads: Int = ParallelAggregator.activeProcessors,
        emit: (UnsafeBufferPointer<UInt8>) -> Bool
    ) -> Bool {
        let progress = report.progress
        let statuses = CaseNames<ProgressStatus>()
        let units = FieldTable(dataset.units.codes)
        let indicators = FieldTable(dataset.indicators.indicators.map(\.code))
        let bases = FieldTable(["own", "derived"])
        return RowPieces.stream(header: header, count: progress.count, threads: threads, bytesPerRow: 112, emit: emit) { range, out in
            progress.withUnsafeBufferPointer { rows in
                for n in range {
                    // Fields are read in place: no copy (retain) of the row or its texts.
                    units.append(rows[n].unit, to: &out)
                    out.append(0x2C)
                    indicators.append(rows[n].indicator, to: &out)
                    out.append(0x2C)
                    out.append(integer: rows[n].year)
                    out.append(0x2C)
                    out.appendField(rows[n].target)
                    out.append(0x2C)
                    if let period = rows[n].period { out.append(integer: period) }
                    out.append(0x2C)
                    if let figure = rows[n].valueFigure { appendFigure(figure, to: &out) }
                    out.append(0x2C)
                    statuses.append(rows[n].status, to: &out)
                    out.append(0x2C)
                    if let period = rows[n].baselinePeriod { out.append(integer: period) }
                    out.append(0x2C)
                    if let figure = rows[n].baselineFigure { appendFigure(figure, to: &out) }
                    out.append(0x2C)
                    if let ratio = rows[n].progressRatio, ratio.isFinite { out.append(number: ratio) }
                    out.append(0x2C)
                    if rows[n].baselinePeriod != nil { bases.append(rows[n].baselineDerived ? 1 : 0, to: &out) }
                    out.append(0x0A)
                }
            }
        }
    }

    /// Appends a figure as a CSV field: a number's digits directly (they never need quoting),
    /// else its text.
    static func appendFigure(_ figure: ProgressFigure, to out: inout RowBuffer) {
        if let x = figure.number { return out.append(number: x) }
        out.appendField(figure.text)
    }
}
