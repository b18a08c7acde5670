import RollupFindings
import RollupModel

/// The progress grid: every unit with a target against every indicator with one, a cell per
/// target year coloured by its status, with a symbol per status and a legend.
///
/// The more numerous of units and indicators runs down the rows (units in tree order, indented
/// by depth; indicators in file order); the other runs across, each with one column per target
/// year. Rows stop at the limit; columns are split into several grids so each fits an A4 page.
struct ProgressGridSection {
    let c: ReportContext

    init(_ c: ReportContext) {
        self.c = c
    }

    /// The units with a target, in the depth-first order of the latest tree (units not in it
    /// after, in file order), with their depths.
    func unitsInTreeOrder(_ wanted: Set<Int>) -> [(unit: Int, depth: Int)] {
        let tree = c.latestTree
        var out: [(Int, Int)] = []
        var placed = Set<Int>()
        var stack: [(Int, Int)] = []
        let rootEnd = tree.levelStart.count > 1 ? tree.levelStart[1] : 0
        for p in (0..<rootEnd).reversed() { stack.append((p, 0)) }
        while let (p, depth) = stack.popLast() {
            let u = Int(tree.unitAt[p])
            if wanted.contains(u) {
                out.append((u, depth))
                placed.insert(u)
                if placed.count == wanted.count { break }
            }
            for child in tree.children(of: p).reversed() { stack.append((child, depth + 1)) }
        }
        for u in wanted.sorted() where !placed.contains(u) { out.append((u, 0)) }
        return out
    }

    func write(_ w: inout HTMLWriter) {
        w.start("section", ["id": "progress"])
        w.element("h2", text: "Progress against targets")
        let rows = c.report.progress
        guard !rows.isEmpty else {
            w.element("p", ["class": "note"], text: "The data has no targets.")
            w.end("section")
            return
        }
        struct Key: Hashable {
            var unit: Int
            var indicator: Int
            var year: Int
        }
        var byKey: [Key: ProgressRow] = [:]
        var unitSet = Set<Int>()
        var indicatorSet = Set<Int>()
        for row in rows {
            byKey[Key(unit: row.unit, indicator: row.indicator, year: row.year)] = row
            unitSet.insert(row.unit)
            indicatorSet.insert(row.indicator)
        }
        let years = Array(Set(rows.map(\.year))).sorted()
        let units = unitsInTreeOrder(unitSet)
        let indicators = indicatorSet.sorted()
        let unitsDown = units.count > indicators.count
        let rowCount = unitsDown ? units.count : indicators.count
        let shownRows = min(rowCount, c.limits.gridRows)
        let across = unitsDown ? indicators.count : units.count

        var counts: [String] = []
        for status in StatusStyle.order {
            let n = rows.filter { $0.status == status }.count
            if n > 0 { counts.append("\(ReportNumber.count(n)) \(StatusStyle.word(status))") }
        }
        w.element(
            "p",
            text:
                "\(Overview.plural(rows.count, "target")) of \(Overview.plural(units.count, "unit")) on \(Overview.plural(indicators.count, "indicator")) for "
                + years.map(String.init).joined(separator: " and ") + ": " + counts.joined(separator: ", ")
                + ". Each cell is a target; its colour and symbol give the status of the latest value up to the target year (hover for the figures)."
        )
        w.start("div", ["class": "legend"])
        w.trusted(SVGGrid.legend(StatusStyle.styles))
        w.end("div")

        let perGrid = max(1, c.limits.gridColumns / max(1, years.count))
        var start = 0
        var part = 1
        let parts = (across + perGrid - 1) / perGrid
        while start < across {
            let end = min(across, start + perGrid)
            var columnLabels: [String] = []
            var gaps = Set<Int>()
            var groups: [SVGGrid.ColumnGroup] = []
            var columnKeys: [(entity: Int, year: Int)] = []
            for e in start..<end {
                let entity = unitsDown ? indicators[e] : units[e].unit
                let name = unitsDown ? c.indicatorName(entity) : c.unitName(entity, c.latestPeriod)
                for year in years {
                    columnLabels.append(years.count > 1 ? String(year) : name)
                    columnKeys.append((entity, year))
                }
                if years.count > 1 { groups.append(SVGGrid.ColumnGroup(label: name, span: years.count)) }
                gaps.insert(columnLabels.count - 1)
            }
            var rowLabels: [String] = []
            var indents: [Int] = []
            var cells: [[SVGGrid.Cell?]] = []
            for r in 0..<shownRows {
                let rowEntity = unitsDown ? units[r].unit : indicators[r]
                let rowName = unitsDown ? c.unitName(rowEntity, c.latestPeriod) : c.indicatorName(rowEntity)
                rowLabels.append(rowName)
                indents.append(unitsDown ? min(units[r].depth, 6) : 0)
                var line: [SVGGrid.Cell?] = []
                for key in columnKeys {
                    let unit = unitsDown ? rowEntity : key.entity
                    let indicator = unitsDown ? key.entity : rowEntity
                    guard let row = byKey[Key(unit: unit, indicator: indicator, year: key.year)] else {
                        line.append(nil)
                        continue
                    }
                    var detail = "\(c.unitName(unit, key.year)) — \(c.indicatorName(indicator)), \(key.year) target \(row.target): "
                    if let value = row.value, let period = row.period {
                        detail += "\(value) in \(period)"
                    } else {
                        detail += "no value"
                    }
                    detail += ", " + StatusStyle.word(row.status)
                    line.append(SVGGrid.Cell(style: StatusStyle.index(row.status), detail: detail))
                }
                cells.append(line)
            }
            let what = unitsDown ? "units (rows) against indicators (columns)" : "indicators (rows) against units (columns)"
            var grid = SVGGrid(
                title: "Progress grid: \(what)" + (parts > 1 ? ", part \(part) of \(parts)" : ""), rowLabels: rowLabels,
                columnLabels: columnLabels, cells: cells, styles: StatusStyle.styles)
            grid.rowIndents = indents
            grid.gapsAfter = gaps
            grid.columnGroups = groups
            if !unitsDown { grid.labelWidth = 360 }
            w.start("div", ["class": "grid-block"])
            if parts > 1 {
                w.element("p", ["class": "quiet"], text: "Part \(part) of \(parts) (columns \(start + 1) to \(end) of \(across)).")
            }
            w.trusted(grid.render())
            w.end("div")
            start = end
            part += 1
        }
        if shownRows < rowCount {
            w.element(
                "p", ["class": "note"],
                text:
                    "The grid shows the first \(shownRows) of \(rowCount) \(unitsDown ? "units" : "indicators") (limit \(c.limits.gridRows)\(unitsDown ? ", in tree order" : "")); progress.csv has every target."
            )
        }
        w.end("section")
    }
}
