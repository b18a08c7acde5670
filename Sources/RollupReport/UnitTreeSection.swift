import RollupFindings
import RollupModel

/// The tree of units with their findings, as nested `<details>` that open without script.
///
/// Every unit with findings in its subtree is a `<details>` whose summary counts them by
/// severity; its own findings are listed (worst first, up to the limit), then its children. The
/// children without any finding below them are named in one line instead. The depth and the
/// number of units shown are capped, and what is left out is said.
struct UnitTreeSection {
    let c: ReportContext
    let tree: Hierarchy
    /// Finding indices of each unit, worst first.
    let findingsOf: [Int: [Int]]
    /// Findings at or below each position, by severity rank (0 info, 1 warning, 2 error).
    let below: [[Int32]]

    init(_ c: ReportContext) {
        self.c = c
        tree = c.latestTree
        var byUnit: [Int: [Int]] = [:]
        for (k, f) in c.report.findings.enumerated() { byUnit[f.unit, default: []].append(k) }
        findingsOf = byUnit
        var counts = Array(repeating: [Int32](repeating: 0, count: 3), count: tree.count)
        for (unit, list) in byUnit where unit < tree.positionOf.count {
            let p = Int(tree.positionOf[unit])
            guard p >= 0 else { continue }
            for k in list { counts[p][c.report.findings[k].severity.rank] += 1 }
        }
        for p in stride(from: tree.count - 1, through: 0, by: -1) where tree.parentAt[p] >= 0 {
            let parent = Int(tree.parentAt[p])
            for s in 0..<3 { counts[parent][s] += counts[p][s] }
        }
        below = counts
    }

    private func total(_ p: Int) -> Int32 { below[p][0] + below[p][1] + below[p][2] }

    func write(_ w: inout HTMLWriter) {
        w.start("section", ["id": "tree"])
        w.element("h2", text: "Units and their findings")
        w.element(
            "p",
            text:
                "Open a unit to see its findings and its children. The counts after a name are the findings of that unit and of every unit below it: "
                + "E errors, W warnings, I notes. Units without findings below them are listed by name only."
                + (c.latestPeriod.map { " The tree is that of \($0)." } ?? ""))
        var budget = c.limits.treeUnits
        var omitted = 0
        let rootEnd = tree.levelStart.count > 1 ? tree.levelStart[1] : 0
        var quiet: [Int] = []
        for root in 0..<rootEnd {
            if total(root) > 0 || tree.isLeaf(root) == false {
                node(root, depth: 0, &budget, &omitted, &w)
            } else {
                quiet.append(root)
            }
        }
        if !quiet.isEmpty { quietLine(quiet, &w) }
        // Findings of units missing from the latest tree (validity windows).
        let absent = findingsOf.keys.filter { $0 >= tree.positionOf.count || tree.positionOf[$0] < 0 }.sorted()
        if !absent.isEmpty {
            w.element("h3", text: "Units not in the tree of \(c.latestPeriod.map(String.init) ?? "the data")")
            for unit in absent {
                w.start("details", ["class": "unit root"])
                summary(unit, counts: severityCounts(findingsOf[unit] ?? []), &w)
                findingsList(unit, &w)
                w.end("details")
            }
        }
        if omitted > 0 {
            w.element(
                "p", ["class": "note"],
                text:
                    "\(Overview.plural(omitted, "more unit")) with findings below them \(omitted == 1 ? "is" : "are") not shown (at most \(c.limits.treeUnits) units, down to depth \(c.limits.treeDepth)); findings.csv has every finding."
            )
        }
        w.end("section")
    }

    private func severityCounts(_ list: [Int]) -> [Int32] {
        var counts: [Int32] = [0, 0, 0]
        for k in list { counts[c.report.findings[k].severity.rank] += 1 }
        return counts
    }

    private func summary(_ unit: Int, counts: [Int32], _ w: inout HTMLWriter) {
        w.start("summary")
        w.element("strong", text: c.unitName(unit, c.latestPeriod))
        let level = (c.dataset.units.record(of: unit, in: c.latestPeriod) ?? c.dataset.units.records[unit][0]).level
        w.element("span", ["class": "code"], text: " (" + c.unitCode(unit) + (level.isEmpty ? "" : ", " + level) + ")")
        for (rank, severity) in [(2, Severity.error), (1, .warning), (0, .info)] where counts[rank] > 0 {
            w.text(" ")
            w.element(
                "span", ["class": "badge sev-\(severity.rawValue)", "title": "\(counts[rank]) \(severity.rawValue)"],
                text: "\(StatusStyle.letter(severity)) \(counts[rank])")
        }
        w.end("summary")
    }

    private func findingsList(_ unit: Int, _ w: inout HTMLWriter) {
        guard let list = findingsOf[unit], !list.isEmpty else { return }
        w.start("ul", ["class": "unit-findings"])
        for k in list.prefix(c.limits.findingsPerUnit) {
            let f = c.report.findings[k]
            w.start("li")
            w.element("span", ["class": "badge sev-\(f.severity.rawValue)"], text: StatusStyle.letter(f.severity))
            w.text(" ")
            w.element("strong", text: StatusStyle.kindWords(f.kind))
            w.text(" · \(c.indicatorName(f.indicator)), \(f.period): ")
            w.text(f.message)
            w.end("li")
        }
        if list.count > c.limits.findingsPerUnit {
            w.element("li", ["class": "quiet"], text: "and \(list.count - c.limits.findingsPerUnit) more in findings.csv")
        }
        w.end("ul")
    }

    private func quietLine(_ positions: [Int], _ w: inout HTMLWriter) {
        let names = positions.prefix(20).map { c.unitName(Int(tree.unitAt[$0]), c.latestPeriod) }
        var text = "\(Overview.plural(positions.count, "unit")) without findings: " + names.joined(separator: ", ")
        if positions.count > names.count { text += " and \(positions.count - names.count) more" }
        w.element("p", ["class": "quiet"], text: text + ".")
    }

    private func node(_ p: Int, depth: Int, _ budget: inout Int, _ omitted: inout Int, _ w: inout HTMLWriter) {
        budget -= 1
        let unit = Int(tree.unitAt[p])
        w.start("details", ["class": depth == 0 ? "unit root" : "unit", "open": depth == 0 ? "open" : nil])
        summary(unit, counts: below[p], &w)
        findingsList(unit, &w)
        let children = Array(tree.children(of: p))
        if !children.isEmpty {
            if depth + 1 > c.limits.treeDepth {
                let hidden = children.filter { total($0) > 0 }.count
                omitted += hidden
                if hidden > 0 {
                    w.element(
                        "p", ["class": "note"],
                        text: "\(Overview.plural(hidden, "unit")) with findings below this depth \(hidden == 1 ? "is" : "are") not shown.")
                }
            } else {
                var quiet: [Int] = []
                for child in children {
                    if total(child) == 0 {
                        quiet.append(child)
                    } else if budget > 0 {
                        node(child, depth: depth + 1, &budget, &omitted, &w)
                    } else {
                        omitted += 1
                    }
                }
                if !quiet.isEmpty { quietLine(quiet, &w) }
            }
        }
        w.end("details")
    }
}
