/// Spreadsheet-friendly copies of the result files (`rollup run --excel`): `rollups.excel.csv`,
/// `findings.excel.csv`, `progress.excel.csv` beside the contract files, which stay as they are.
///
/// The rule, for each copy:
/// - UTF-8 with a byte-order mark, so that a spreadsheet shows Vietnamese letters; CRLF line ends;
///   commas between fields, as in the contract;
/// - a field of a numeric column (`period`, `year`, `value`, `low`, `high`, `coverage`,
///   `expected`, `baseline_period`, `baseline_value`, `progress_ratio`, `target`) that is a plain
///   number (`-2`, `94.17`, `1e-05`) is written as it is, unquoted, so that it stays a number (a
///   negative number is never touched);
/// - every other non-empty field is quoted, and one that a spreadsheet would run as a formula —
///   it starts with `=`, `+`, `-`, `@`, a tab or a carriage return — is prefixed with a single
///   quote `'` so that it is shown as text (`=1+1` is written `"'=1+1"` and shows as `'=1+1`);
/// - empty fields stay empty.
public enum SpreadsheetCopy {
    /// Columns whose plain numbers are left as numbers.
    public static let numericColumns: Set<String> = [
        "period", "year", "value", "low", "high", "coverage", "expected", "baseline_period", "baseline_value", "progress_ratio",
        "target",
    ]

    /// The copy's file name: `rollups.csv` → `rollups.excel.csv`.
    public static func name(for file: String) -> String {
        file.hasSuffix(".csv") ? String(file.dropLast(4)) + ".excel.csv" : file + ".excel.csv"
    }

    /// The byte-order mark that starts every copy.
    public static let byteOrderMark: [UInt8] = [0xEF, 0xBB, 0xBF]

    /// The spreadsheet copy of a CSV file rollup wrote (header row first). One pass over the
    /// bytes, no allocation per field.
    public static func convert(_ csv: [UInt8]) -> [UInt8] {
        var out = byteOrderMark
        out.reserveCapacity(csv.count + csv.count / 4 + 16)
        var converter = Converter()
        csv.withUnsafeBufferPointer { converter.convert($0, to: &out) }
        return out
    }

    /// Converts a CSV file handed over in pieces of whole records, the header row first (the
    /// byte-order mark is not written: start the copy with ``byteOrderMark``).
    public struct Converter: Sendable {
        /// Per column, whether its plain numbers stay numbers; nil until the header is seen.
        private var numeric: [Bool]?

        /// A converter that has seen nothing yet.
        public init() {}

        /// Appends the converted records of `csv` to `out`; assumes `csv` ends at a record's end.
        public mutating func convert(_ csv: UnsafeBufferPointer<UInt8>, to out: inout [UInt8]) {
            var reader = CSVReader(bytes: csv, start: 0, end: csv.count, firstLine: 1)
            var fields: [CSVField] = []
            while case .record = reader.next(into: &fields) {
                for (k, field) in fields.enumerated() {
                    if k > 0 { out.append(0x2C) }
                    let text = UnsafeBufferPointer(rebasing: csv[field.start..<field.end])
                    guard let numeric else {
                        SpreadsheetCopy.appendText(text, escaped: field.hasEscapes, to: &out)
                        continue
                    }
                    if text.isEmpty { continue }
                    if k < numeric.count && numeric[k] && !field.hasEscapes && SpreadsheetCopy.isPlainNumber(text) {
                        out.append(contentsOf: text)
                    } else {
                        SpreadsheetCopy.appendText(text, escaped: field.hasEscapes, to: &out)
                    }
                }
                out.append(0x0D)
                out.append(0x0A)
                if numeric == nil {
                    numeric = fields.map {
                        SpreadsheetCopy.numericColumns.contains(
                            String(decoding: UnsafeBufferPointer(rebasing: csv[$0.start..<$0.end]), as: UTF8.self))
                    }
                }
            }
        }
    }

    /// Whether a cell's text would be run as a formula by a spreadsheet.
    public static func looksLikeFormula<C: Collection<UInt8>>(_ text: C) -> Bool {
        guard let first = text.first else { return false }
        return first == 0x3D || first == 0x2B || first == 0x2D || first == 0x40 || first == 0x09 || first == 0x0D
    }

    /// `-?digits[.digits][e[+-]digits]`.
    static func isPlainNumber(_ text: UnsafeBufferPointer<UInt8>) -> Bool {
        var k = 0
        let n = text.count
        if k < n && text[k] == 0x2D { k += 1 }
        var digits = 0
        while k < n && text[k] >= 0x30 && text[k] <= 0x39 {
            k += 1
            digits += 1
        }
        if k < n && text[k] == 0x2E {
            k += 1
            while k < n && text[k] >= 0x30 && text[k] <= 0x39 {
                k += 1
                digits += 1
            }
        }
        guard digits > 0 else { return false }
        if k < n && (text[k] == 0x65 || text[k] == 0x45) {
            k += 1
            if k < n && (text[k] == 0x2B || text[k] == 0x2D) { k += 1 }
            var exponent = 0
            while k < n && text[k] >= 0x30 && text[k] <= 0x39 {
                k += 1
                exponent += 1
            }
            guard exponent > 0 else { return false }
        }
        return k == n
    }

    /// Appends a field's content (its `""` escapes undone when `escaped`) quoted, with a `'`
    /// before content that looks like a formula.
    private static func appendText(_ text: UnsafeBufferPointer<UInt8>, escaped: Bool, to out: inout [UInt8]) {
        out.append(0x22)
        if looksLikeFormula(text) { out.append(0x27) }
        guard text.contains(0x22) else {
            out.append(contentsOf: text)
            out.append(0x22)
            return
        }
        var k = 0
        while k < text.count {
            let b = text[k]
            out.append(b)
            if b == 0x22 {
                out.append(0x22)
                if escaped && k + 1 < text.count && text[k + 1] == 0x22 { k += 1 }
            }
            k += 1
        }
        out.append(0x22)
    }
}
