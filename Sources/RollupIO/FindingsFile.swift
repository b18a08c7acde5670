import RollupFindings
import RollupKernel
import RollupModel

/// Formats `findings.csv`: one row per finding, in the report's order (more serious first, then
/// kind, period, unit index, indicator index).
///
/// Columns: `kind,severity,unit,indicator,period,value,expected,message`. `unit` and `indicator`
/// are codes; `period` is the period of the figure or the target year; `value` and `expected` are
/// the finding's texts (numbers in the shortest round-trip form with `.` as the decimal point,
/// intervals as `<3`, `>=97` or `[94.15, 94.25)`, levels by name); every field is quoted where
/// RFC 4180 needs it. UTF-8, LF line ends, no byte-order mark.
public enum FindingsFile {
    /// The header row's columns.
    public static let header = "kind,severity,unit,indicator,period,value,expected,message"

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
        let findings = report.findings
        let kinds = CaseNames<FindingKind>()
        let severities = CaseNames<Severity>()
        let units = FieldTable(dataset.units.codes)
        let indicators = FieldTable(dataset.indicators.indicators.map(\.code))
        return RowPieces.stream(header: header, count: findings.count, threads: threads, bytesPerRow: 320, emit: emit) { range, out in
            findings.withUnsafeBufferPointer { findings in
                for n in range {
                    // Fields are read in place: no copy (retain) of the finding or its texts.
                    kinds.append(findings[n].kind, to: &out)
                    out.append(0x2C)
                    severities.append(findings[n].severity, to: &out)
                    out.append(0x2C)
                    units.append(findings[n].unit, to: &out)
                    out.append(0x2C)
                    indicators.append(findings[n].indicator, to: &out)
                    out.append(0x2C)
                    out.append(integer: findings[n].period)
                    out.append(0x2C)
                    out.appendField(findings[n].value)
                    out.append(0x2C)
                    out.appendField(findings[n].expected)
                    out.append(0x2C)
                    findings[n].messageUTF8.withUnsafeBufferPointer { out.appendField($0) }
                    out.append(0x0A)
                }
            }
        }
    }
}

/// The raw values of an enumeration's cases as UTF-8 bytes, made once per file rather than once
/// per row (a raw value is a `String` made on each read).
struct CaseNames<Case: CaseIterable & RawRepresentable & Equatable> where Case.RawValue == String {
    private let cases: [Case]
    private let names: FieldTable

    init() {
        cases = Array(Case.allCases)
        names = FieldTable(cases.map(\.rawValue))
    }

    /// Appends the raw value of `value` as a CSV field (a scan of the few cases).
    func append(_ value: Case, to out: inout RowBuffer) {
        for k in cases.indices where cases[k] == value { return names.append(k, to: &out) }
        out.appendField(value.rawValue)
    }
}

/// Formats the rows of a results file in pieces on several threads and hands them over in order.
enum RowPieces {
    /// Rows per piece.
    static let rowsPerPiece = 8192

    /// The pieces that `produce` hands to its `emit`, joined in order.
    static func join(_ produce: (_ emit: (UnsafeBufferPointer<UInt8>) -> Bool) -> Bool) -> [UInt8] {
        var joined: [UInt8] = []
        _ = produce { piece in
            joined.append(contentsOf: piece)
            return true
        }
        return joined
    }

    /// Hands `emit` the header line, then rows `0..<count` piece by piece in order, each piece
    /// formatted by `body(range, &out)` (which appends the rows of `range` to `out`), a batch of
    /// pieces at a time on `threads` threads, a batch emitted while the next one is formatted:
    /// the same bytes for any `threads`, and what is emitted (written to disk, say) need not
    /// wait for the whole file. `emit` is called on one thread at a time. Returns false as soon
    /// as `emit` does; at most the batch formatted alongside is formatted after that.
    static func stream(
        header: String, count: Int, threads: Int, bytesPerRow: Int, emit: (UnsafeBufferPointer<UInt8>) -> Bool,
        _ body: (Range<Int>, inout RowBuffer) -> Void
    ) -> Bool {
        guard (Array(header.utf8) + [0x0A]).withUnsafeBufferPointer(emit) else { return false }
        let pieces = (count + rowsPerPiece - 1) / rowsPerPiece
        let runner = WorkRunner(threads: threads)
        let batchSize = 2 * runner.threads
        typealias Part = (base: UnsafeMutablePointer<UInt8>, count: Int)
        var previous: [Part] = []
        var emitted = true
        var first = 0
        // Task 0 emits the previous batch while tasks 1... format this one.
        while emitted && (first < pieces || !previous.isEmpty) {
            let batch = min(batchSize, pieces - first)
            var parts: [Part] = (0..<batch).map { _ in (UnsafeMutablePointer<UInt8>.allocate(capacity: 1), 0) }
            parts.withUnsafeMutableBufferPointer { slots in
                let shared = UncheckedSendable(slots)
                runner.run(tasks: batch + 1) { t in
                    guard t > 0 else {
                        for part in previous where emitted {
                            emitted = emit(UnsafeBufferPointer(start: part.base, count: part.count))
                        }
                        return
                    }
                    let piece = first + t - 1
                    let range = (piece * rowsPerPiece)..<min(count, (piece + 1) * rowsPerPiece)
                    var out = RowBuffer(capacity: bytesPerRow * range.count)
                    body(range, &out)
                    // Each task writes only its own slot.
                    shared.value[t - 1].base.deallocate()
                    shared.value[t - 1] = (out.base, out.count)
                }
            }
            for part in previous { part.base.deallocate() }
            previous = parts
            first += batch
        }
        for part in previous { part.base.deallocate() }
        return emitted
    }
}
