import RollupFindings
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

    /// The file's bytes; assumes `report` was evaluated on `dataset`.
    public static func format(_ dataset: Dataset, _ report: FindingsReport) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(256 * (report.findings.count + 1))
        out.append(contentsOf: (header + "\n").utf8)
        for finding in report.findings {
            out.append(contentsOf: finding.kind.rawValue.utf8)
            out.append(0x2C)
            out.append(contentsOf: finding.severity.rawValue.utf8)
            out.append(0x2C)
            CSVEscape.append(code(of: finding.unit, in: dataset), to: &out)
            out.append(0x2C)
            CSVEscape.append(indicatorCode(finding.indicator, dataset), to: &out)
            out.append(0x2C)
            out.append(contentsOf: String(finding.period).utf8)
            out.append(0x2C)
            CSVEscape.append(finding.value, to: &out)
            out.append(0x2C)
            CSVEscape.append(finding.expected, to: &out)
            out.append(0x2C)
            CSVEscape.append(finding.message, to: &out)
            out.append(0x0A)
        }
        return out
    }

    static func code(of unit: Int, in dataset: Dataset) -> String {
        dataset.units.codes.indices.contains(unit) ? dataset.units.codes[unit] : ""
    }

    static func indicatorCode(_ indicator: Int, _ dataset: Dataset) -> String {
        dataset.indicators.indicators.indices.contains(indicator) ? dataset.indicators[indicator].code : ""
    }
}
