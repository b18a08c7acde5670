import RollupFindings
import RollupKernel
import RollupModel

/// The overview of a report as Markdown, to paste into an e-mail: the key figures, values and
/// coverage per period, findings by kind and severity, and the most serious findings. Text from
/// the data is escaped so that it reads as text (a `|` cannot break a table, a `<b>` is shown).
public enum MarkdownSummary {
    /// The summary.
    public static func render(
        _ dataset: Dataset, _ rollup: Rollup, _ report: FindingsReport, facts: RunFacts, limits: ReportLimits = ReportLimits()
    ) -> String {
        let c = ReportContext(dataset, rollup, report, facts, limits)
        let o = Overview(c)
        var lines: [String] = []
        lines.append("# " + escape(HTMLReport.title(facts)))
        lines.append("")
        var subtitle = o.roots.isEmpty ? "" : o.roots.map(escape).joined(separator: ", ") + " · "
        subtitle += o.periods.isEmpty ? "no reported values" : "periods " + o.periods.map(String.init).joined(separator: ", ")
        subtitle += " · run " + escape(facts.runTime)
        lines.append(subtitle)
        lines.append("")
        lines.append("- **Units:** \(o.unitCount) (" + o.levels.map { "\($0.count) \(escape($0.label))" }.joined(separator: ", ") + ")")
        lines.append(
            "- **Indicators:** \(o.indicatorCount) (\(o.indicatorsWithTargets) with targets, \(o.indicatorsWithValues) with values)")
        lines.append("- **Periods:** " + (o.periods.isEmpty ? "none" : o.periods.map(String.init).joined(separator: ", ")))
        var targets = "- **Targets:** \(o.targetCount)"
        if !o.targetYears.isEmpty { targets += " for " + o.targetYears.map(String.init).joined(separator: ", ") }
        let statuses = StatusStyle.order.compactMap { s in o.progressCounts[s].map { "\($0) \(StatusStyle.word(s))" } }
        if !statuses.isEmpty { targets += ": " + statuses.joined(separator: ", ") }
        lines.append(targets)
        lines.append(
            "- **Findings:** \(o.findingCount) ("
                + Overview.severities.map { "\(o.severityCounts[$0] ?? 0) \($0.rawValue)" }.joined(separator: ", ")
                + ")")
        if !o.coverage.isEmpty {
            lines += ["", "## Values and coverage", ""]
            lines.append("| Period | Reported by leaves | Rolled up | Own reports used | Leaves reporting | Mean roll-up coverage |")
            lines.append("| --- | ---: | ---: | ---: | ---: | ---: |")
            for p in o.coverage {
                lines.append(
                    "| \(p.period) | \(p.reported) | \(p.rolledUp) | \(p.ownReports) | "
                        + (p.leafShare.isFinite ? ReportNumber.percent(p.leafShare) : "–") + " | "
                        + (p.meanCoverage.isFinite ? ReportNumber.percent(p.meanCoverage) : "–") + " |")
            }
        }
        lines += ["", "## Findings by kind and severity", ""]
        if o.kinds.isEmpty {
            lines.append("No findings: the plans and the figures add up.")
        } else {
            lines.append("| Kind | error | warning | info | total |")
            lines.append("| --- | ---: | ---: | ---: | ---: |")
            for row in o.kinds {
                let cells = Overview.severities.map { row.counts[$0].map(String.init) ?? "" }
                lines.append("| \(StatusStyle.kindWords(row.kind)) | " + cells.joined(separator: " | ") + " | \(row.total) |")
            }
            let listed = report.findings.prefix(limits.findingsListed)
            lines += ["", "## The most serious findings", ""]
            for (k, f) in listed.enumerated() {
                lines.append(
                    "\(k + 1). **\(f.severity.rawValue)** · \(StatusStyle.kindWords(f.kind)) · \(escape(c.unitName(f.unit, f.period))) · "
                        + "\(escape(c.indicatorName(f.indicator))) · \(f.period): \(escape(f.message))")
            }
            if report.findings.count > listed.count {
                lines += ["", "… and \(report.findings.count - listed.count) more in findings.csv."]
            }
        }
        lines += ["", "Data folder: " + escape(facts.dataFolder) + " · rollup " + escape(facts.version)]
        return lines.joined(separator: "\n") + "\n"
    }

    /// `text` with Markdown's punctuation backslash-escaped and line breaks turned into spaces.
    public static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for ch in text {
            switch ch {
            case "\\", "`", "*", "_", "{", "}", "[", "]", "<", ">", "#", "|", "~", "!":
                out.append("\\")
                out.append(ch)
            case "\n", "\r", "\r\n", "\t":
                out.append(" ")
            default:
                out.append(ch)
            }
        }
        return out
    }
}
