import RollupFindings
import RollupKernel
import RollupModel

/// `report.html`: one self-contained page (inline CSS and SVG, no script, no network) that the
/// head of an office can open, print on A4 and forward.
///
/// Sections: the overview (units, indicators, periods, coverage, findings by kind and severity
/// with the most serious listed first), the charts of latest values against targets
/// (``ChartSection``), the progress grid (``ProgressGridSection``), the tree of units with their
/// findings (``UnitTreeSection``), and the facts of the run. Every text from the data is escaped
/// (``HTMLWriter``); the page is well-formed XML as well as HTML.
public enum HTMLReport {
    /// The page as UTF-8 bytes.
    public static func render(
        _ dataset: Dataset, _ rollup: Rollup, _ report: FindingsReport, facts: RunFacts, limits: ReportLimits = ReportLimits()
    ) -> [UInt8] {
        Array(markup(dataset, rollup, report, facts: facts, limits: limits).utf8)
    }

    /// The page as text.
    public static func markup(
        _ dataset: Dataset, _ rollup: Rollup, _ report: FindingsReport, facts: RunFacts, limits: ReportLimits = ReportLimits()
    ) -> String {
        let c = ReportContext(dataset, rollup, report, facts, limits)
        let overview = Overview(c)
        var w = HTMLWriter()
        w.trusted("<!DOCTYPE html>\n")
        w.start("html", ["xmlns": "http://www.w3.org/1999/xhtml", "lang": "en"])
        w.start("head")
        w.leaf("meta", ["charset": "utf-8"])
        w.leaf("meta", ["name": "viewport", "content": "width=device-width, initial-scale=1"])
        w.leaf("meta", ["name": "generator", "content": "rollup \(facts.version)"])
        w.element("title", text: title(facts))
        w.start("style")
        w.trusted(ReportStyle.css)
        w.end("style")
        w.end("head")
        w.start("body")
        w.start("header")
        w.element("h1", text: title(facts))
        var subtitle = overview.roots.isEmpty ? "" : overview.roots.joined(separator: ", ") + " · "
        subtitle += overview.periods.isEmpty ? "no reported values" : "periods " + overview.periods.map(String.init).joined(separator: ", ")
        subtitle += " · run " + facts.runTime
        w.element("p", ["class": "subtitle"], text: subtitle)
        w.end("header")
        w.start("nav", ["class": "contents"])
        for (anchor, name) in [
            ("overview", "Overview"), ("charts", "Targets and values"), ("progress", "Progress"), ("tree", "Units"), ("facts", "Run"),
        ] {
            w.element("a", ["href": "#" + anchor], text: name)
        }
        w.end("nav")
        writeOverview(c, overview, &w)
        ChartSection(c).write(&w)
        ProgressGridSection(c).write(&w)
        UnitTreeSection(c).write(&w)
        writeFacts(c, &w)
        w.end("body")
        w.end("html")
        return w.finish() + "\n"
    }

    static func title(_ facts: RunFacts) -> String {
        var folder = facts.dataFolder
        while folder.count > 1 && folder.hasSuffix("/") { folder.removeLast() }
        let name = folder.split(separator: "/").last.map(String.init) ?? folder
        return "rollup report: " + name
    }

    static func writeOverview(_ c: ReportContext, _ o: Overview, _ w: inout HTMLWriter) {
        w.start("section", ["id": "overview"])
        w.element("h2", text: "Overview")
        w.start("div", ["class": "cards"])
        func card(_ big: String, _ label: String, _ detail: String) {
            w.start("div", ["class": "card"])
            w.element("span", ["class": "big"], text: big)
            w.element("span", text: label)
            if !detail.isEmpty {
                w.leaf("br")
                w.element("span", ["class": "quiet"], text: detail)
            }
            w.end("div")
        }
        card(
            ReportNumber.count(o.unitCount), o.unitCount == 1 ? "unit" : "units",
            o.levels.map { "\(ReportNumber.count($0.count)) \($0.label)" }.joined(separator: ", "))
        card(
            ReportNumber.count(o.indicatorCount), o.indicatorCount == 1 ? "indicator" : "indicators",
            "\(ReportNumber.count(o.indicatorsWithTargets)) with targets, \(ReportNumber.count(o.indicatorsWithValues)) with values")
        card(
            o.periods.isEmpty ? "–" : o.periods.map(String.init).joined(separator: ", "), o.periods.count == 1 ? "period" : "periods",
            "\(ReportNumber.count(o.targetCount)) targets"
                + (o.targetYears.isEmpty ? "" : " for " + o.targetYears.map(String.init).joined(separator: ", ")))
        card(
            ReportNumber.count(o.findingCount), o.findingCount == 1 ? "finding" : "findings",
            Overview.severities.map { "\(ReportNumber.count(o.severityCounts[$0] ?? 0)) \($0.rawValue)" }.joined(separator: ", "))
        w.end("div")

        if !o.coverage.isEmpty {
            w.element("h3", text: "Values and coverage")
            w.start("table", ["class": "coverage"])
            w.start("tr")
            for (h, numeric) in [
                ("Period", false), ("Reported by leaves", true), ("Rolled up", true), ("Own reports used", true),
                ("Leaves reporting", true), ("Mean roll-up coverage", true),
            ] {
                w.element("th", ["class": numeric ? "num" : nil], text: h)
            }
            w.end("tr")
            for p in o.coverage {
                w.start("tr")
                w.element("td", text: String(p.period))
                w.element("td", ["class": "num"], text: ReportNumber.count(p.reported))
                w.element("td", ["class": "num"], text: ReportNumber.count(p.rolledUp))
                w.element("td", ["class": "num"], text: ReportNumber.count(p.ownReports))
                w.element("td", ["class": "num"], text: p.leafShare.isFinite ? ReportNumber.percent(p.leafShare) : "–")
                w.element("td", ["class": "num"], text: p.meanCoverage.isFinite ? ReportNumber.percent(p.meanCoverage) : "–")
                w.end("tr")
            }
            w.end("table")
            w.element(
                "p", ["class": "quiet"],
                text:
                    "Leaves reporting: the share of leaf units × indicators that leaves report which has a value. Roll-up coverage: the share of the children's weight (or of the leaves below) that contributed to a rolled-up value."
            )
        }

        w.element("h3", text: "Findings by kind and severity")
        if o.kinds.isEmpty {
            w.element("p", text: "No findings: the plans and the figures add up.")
        } else {
            w.start("table", ["class": "kinds"])
            w.start("tr")
            w.element("th", text: "Kind")
            for s in Overview.severities { w.element("th", ["class": "num"], text: s.rawValue) }
            w.element("th", ["class": "num"], text: "total")
            w.end("tr")
            for row in o.kinds {
                w.start("tr")
                w.element("td", text: StatusStyle.kindWords(row.kind))
                for s in Overview.severities {
                    if let n = row.counts[s] {
                        w.start("td", ["class": "num"])
                        w.element("span", ["class": "badge sev-\(s.rawValue)"], text: "\(StatusStyle.letter(s)) \(ReportNumber.count(n))")
                        w.end("td")
                    } else {
                        w.element("td", ["class": "num"], text: "")
                    }
                }
                w.element("td", ["class": "num"], text: ReportNumber.count(row.total))
                w.end("tr")
            }
            w.end("table")
            if !o.progressCounts.isEmpty {
                w.element(
                    "p",
                    text: "Targets: "
                        + StatusStyle.order.compactMap { s in o.progressCounts[s].map { "\(ReportNumber.count($0)) \(StatusStyle.word(s))" }
                        }
                        .joined(separator: ", ") + ".")
            }
            let listed = c.report.findings.prefix(c.limits.findingsListed)
            w.element("h3", text: "The most serious findings")
            w.start("table", ["class": "findings"])
            w.start("tr")
            for h in ["", "Unit", "Indicator", "Period", "Finding"] { w.element("th", text: h) }
            w.end("tr")
            for f in listed {
                w.start("tr")
                w.start("td")
                w.element(
                    "span", ["class": "badge sev-\(f.severity.rawValue)", "title": f.severity.rawValue],
                    text: StatusStyle.letter(f.severity))
                w.end("td")
                w.element("td", text: c.unitName(f.unit, f.period))
                w.element("td", text: c.indicatorName(f.indicator))
                w.element("td", text: String(f.period))
                w.start("td")
                w.element("strong", text: StatusStyle.kindWords(f.kind) + ": ")
                w.text(f.message)
                w.end("td")
                w.end("tr")
            }
            w.end("table")
            if c.report.findings.count > listed.count {
                w.element(
                    "p", ["class": "note"],
                    text:
                        "\(Overview.plural(c.report.findings.count - listed.count, "more finding")) in findings.csv and under each unit below."
                )
            }
        }
        w.end("section")
    }

    static func writeFacts(_ c: ReportContext, _ w: inout HTMLWriter) {
        let facts = c.facts
        w.start("section", ["id": "facts"])
        w.element("h2", text: "The run")
        w.start("dl", ["class": "facts"])
        w.element("dt", text: "Data folder")
        w.element("dd", text: facts.dataFolder)
        w.element("dt", text: "Run at")
        w.element("dd", text: facts.runTime)
        if let time = facts.reportTime {
            w.element("dt", text: "Report made at")
            w.element("dd", text: time)
        }
        w.element("dt", text: "Options")
        w.element("dd", text: facts.options.isEmpty ? "none" : facts.options.map { "\($0.name) = \($0.value)" }.joined(separator: "; "))
        w.element("dt", text: "rollup version")
        w.element("dd", text: facts.version)
        w.end("dl")
        if !facts.inputFiles.isEmpty {
            w.start("table", ["class": "inputs"])
            w.start("tr")
            w.element("th", text: "Input file")
            w.element("th", ["class": "num"], text: "Size")
            w.element("th", ["class": "num"], text: "Bytes")
            w.end("tr")
            for file in facts.inputFiles {
                w.start("tr")
                w.element("td", text: file.path)
                w.element("td", ["class": "num"], text: ReportNumber.bytes(file.bytes))
                w.element("td", ["class": "num"], text: ReportNumber.count(file.bytes))
                w.end("tr")
            }
            w.end("table")
        }
        if !facts.warnings.isEmpty {
            w.element("h3", text: "Warnings about the input")
            w.start("ul")
            for warning in facts.warnings { w.element("li", text: warning) }
            w.end("ul")
        }
        w.end("section")
    }
}
