import RollupFindings
import RollupModel

/// The short summary of findings a run prints: counts per kind and severity, then the most
/// severe findings first.
enum FindingsSummary {
    /// How many findings to list one by one.
    static let listed = 10

    static func lines(_ report: FindingsReport, _ dataset: Dataset) -> [String] {
        guard !report.findings.isEmpty else { return ["findings: none"] }
        var lines: [String] = []
        let total = report.findings.count
        let bySeverity = Severity.allCases.sorted(by: >).map { severity in
            "\(report.findings.filter { $0.severity == severity }.count) \(severity.rawValue)"
        }
        lines.append("findings: \(total) (" + bySeverity.joined(separator: ", ") + ")")
        let counts = report.counts
        for kind in FindingKind.allCases {
            guard let perSeverity = counts[kind] else { continue }
            let parts = Severity.allCases.sorted(by: >).compactMap { s in perSeverity[s].map { "\($0) \(s.rawValue)" } }
            lines.append("  " + kind.rawValue.padding(30) + parts.joined(separator: ", "))
        }
        lines.append("most severe first:")
        for finding in report.findings.prefix(listed) {
            let unit = dataset.units.codes[finding.unit]
            let indicator = dataset.indicators[finding.indicator].code
            lines.append(
                "  \(finding.severity.rawValue) \(finding.kind.rawValue) \(unit) \(indicator) \(finding.period): \(finding.message)")
        }
        if total > listed { lines.append("  ... and \(total - listed) more in findings.csv") }
        return lines
    }
}
