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
        let kinds = CaseNames<FindingKind>()
        let severities = CaseNames<Severity>()
        return RowPieces.format(header: header, count: findings.count, threads: threads, bytesPerRow: 256) { range, out in
            findings.withUnsafeBufferPointer { findings in
                for n in range {
                    // Fields are read in place: no copy (retain) of the finding or its texts.
                    kinds.append(findings[n].kind, to: &out)
                    out.append(0x2C)
                    severities.append(findings[n].severity, to: &out)
                    out.append(0x2C)
                    appendUnitCode(findings[n].unit, dataset, to: &out)
                    out.append(0x2C)
                    appendIndicatorCode(findings[n].indicator, dataset, to: &out)
                    out.append(0x2C)
                    NumberFormat.append(integer: findings[n].period, to: &out)
                    out.append(0x2C)
                    RowPieces.appendField(findings[n].value, to: &out)
                    out.append(0x2C)
                    RowPieces.appendField(findings[n].expected, to: &out)
                    out.append(0x2C)
                    findings[n].messageUTF8.withUnsafeBufferPointer { RowPieces.appendField($0, to: &out) }
                    out.append(0x0A)
                }
            }
        }
    }

    /// Appends the code of unit `unit` as a CSV field (nothing for an index out of the catalog).
    static func appendUnitCode(_ unit: Int, _ dataset: Dataset, to out: inout [UInt8]) {
        guard unit >= 0, unit < dataset.units.codes.count else { return }
        RowPieces.appendField(dataset.units.codes[unit], to: &out)
    }

    /// Appends the code of indicator `indicator` as a CSV field (nothing for an index out of the table).
    static func appendIndicatorCode(_ indicator: Int, _ dataset: Dataset, to out: inout [UInt8]) {
        guard indicator >= 0, indicator < dataset.indicators.indicators.count else { return }
        RowPieces.appendField(dataset.indicators.indicators[indicator].code, to: &out)
    }
}

/// The raw values of an enumeration's cases as UTF-8 bytes, made once per file rather than once
/// per row (a raw value is a `String` made on each read).
struct CaseNames<Case: CaseIterable & RawRepresentable & Equatable> where Case.RawValue == String {
    private let cases: [Case]
    private let names: [[UInt8]]

    init() {
        cases = Array(Case.allCases)
        names = cases.map { Array($0.rawValue.utf8) }
    }

    /// Appends the raw value of `value` (a scan of the few cases).
    func append(_ value: Case, to out: inout [UInt8]) {
        for k in cases.indices where cases[k] == value { return out.append(contentsOf: names[k]) }
        out.append(contentsOf: value.rawValue.utf8)
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

    /// Appends `text` as one CSV field (``CSVEscape``), reading its UTF-8 bytes in place.
    static func appendField(_ text: String, to out: inout [UInt8]) {
        let done: Void? = text.utf8.withContiguousStorageIfAvailable { appendField($0, to: &out) }
        if done == nil { CSVEscape.append(text, to: &out) }
    }

    /// Appends the UTF-8 bytes `text` as one CSV field: as they are when no byte needs quoting,
    /// else quoted with `"` doubled (``CSVEscape``). Scans 8 bytes at a time.
    static func appendField(_ text: UnsafeBufferPointer<UInt8>, to out: inout [UInt8]) {
        guard let base = text.baseAddress else { return }
        let count = text.count
        var quote = false
        var k = 0
        while k + 8 <= count {
            let word = UnsafeRawPointer(base + k).loadUnaligned(as: UInt64.self)
            if hasByte(word, 0x2C) || hasByte(word, 0x22) || hasByte(word, 0x0A) || hasByte(word, 0x0D) {
                quote = true
                break
            }
            k += 8
        }
        if !quote {
            while k < count {
                let b = base[k]
                if b == 0x2C || b == 0x22 || b == 0x0A || b == 0x0D {
                    quote = true
                    break
                }
                k += 1
            }
        }
        guard quote else { return out.append(contentsOf: text) }
        guard contains(0x22, base + k, count - k) else {
            out.append(0x22)
            out.append(contentsOf: text)
            out.append(0x22)
            return
        }
        CSVEscape.append(text, to: &out)
    }

    /// Whether any of the `count` bytes at `p` is `byte`, 8 at a time.
    private static func contains(_ byte: UInt8, _ p: UnsafePointer<UInt8>, _ count: Int) -> Bool {
        var k = 0
        while k + 8 <= count {
            if hasByte(UnsafeRawPointer(p + k).loadUnaligned(as: UInt64.self), byte) { return true }
            k += 8
        }
        while k < count {
            if p[k] == byte { return true }
            k += 1
        }
        return false
    }

    /// Whether any of the 8 bytes of `word` is `byte` (the exact zero-byte test on `word ^ byte…`).
    @inline(__always)
    private static func hasByte(_ word: UInt64, _ byte: UInt8) -> Bool {
        let x = word ^ (0x0101_0101_0101_0101 &* UInt64(byte))
        return (x &- 0x0101_0101_0101_0101) & ~x & 0x8080_8080_8080_8080 != 0
    }
}
