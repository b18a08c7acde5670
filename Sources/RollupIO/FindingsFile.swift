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
        let findings = report.findings
        return RowPieces.format(header: header, count: findings.count, threads: threads, bytesPerRow: 256) { range, out in
            for n in range {
                let finding = findings[n]
                out.append(contentsOf: finding.kind.rawValue.utf8)
                out.append(0x2C)
                out.append(contentsOf: finding.severity.rawValue.utf8)
                out.append(0x2C)
                CSVEscape.append(code(of: finding.unit, in: dataset), to: &out)
                out.append(0x2C)
                CSVEscape.append(indicatorCode(finding.indicator, dataset), to: &out)
                out.append(0x2C)
                RowPieces.appendInteger(finding.period, to: &out)
                out.append(0x2C)
                CSVEscape.append(finding.value, to: &out)
                out.append(0x2C)
                CSVEscape.append(finding.expected, to: &out)
                out.append(0x2C)
                CSVEscape.append(finding.message, to: &out)
                out.append(0x0A)
            }
        }
    }

    static func code(of unit: Int, in dataset: Dataset) -> String {
        dataset.units.codes.indices.contains(unit) ? dataset.units.codes[unit] : ""
    }

    static func indicatorCode(_ indicator: Int, _ dataset: Dataset) -> String {
        dataset.indicators.indicators.indices.contains(indicator) ? dataset.indicators[indicator].code : ""
    }
}

/// Formats the rows of a results file in pieces on several threads and joins them in order.
enum RowPieces {
    /// Rows per piece.
    static let rowsPerPiece = 8192

    /// The header line followed by rows `0..<count`, each piece formatted by `body(range, &out)`
    /// (which appends the rows of `range` to `out`); the same bytes for any `threads`.
    static func format(
        header: String, count: Int, threads: Int, bytesPerRow: Int, _ body: (Range<Int>, inout [UInt8]) -> Void
    ) -> [UInt8] {
        let pieces = (count + rowsPerPiece - 1) / rowsPerPiece
        var parts = [[UInt8]](repeating: [], count: pieces)
        parts.withUnsafeMutableBufferPointer { slots in
            let shared = UncheckedSendable(slots)
            WorkRunner(threads: threads).run(tasks: pieces) { t in
                let range = (t * rowsPerPiece)..<min(count, (t + 1) * rowsPerPiece)
                var out: [UInt8] = []
                out.reserveCapacity(bytesPerRow * range.count)
                body(range, &out)
                // Each task writes only its own slot.
                shared.value[t] = out
            }
        }
        var out: [UInt8] = []
        out.reserveCapacity(header.utf8.count + 1 + parts.reduce(0) { $0 + $1.count })
        out.append(contentsOf: header.utf8)
        out.append(0x0A)
        for part in parts { out.append(contentsOf: part) }
        return out
    }

    /// Appends the decimal digits of `n` (with a `-` when negative).
    static func appendInteger(_ n: Int, to out: inout [UInt8]) {
        if n < 0 { out.append(0x2D) }
        var magnitude = n.magnitude
        let start = out.count
        repeat {
            out.append(0x30 + UInt8(magnitude % 10))
            magnitude /= 10
        } while magnitude > 0
        out[start...].reverse()
    }
}
