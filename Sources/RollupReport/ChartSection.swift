import RollupFindings
import RollupModel

/// The charts: for each indicator with targets, one chart per parent whose children have
/// targets, a row per child with its latest value against its own target and the parent's.
///
/// The year charted for a parent is the earliest target year of its children's that is not
/// before the latest period (the target being worked towards), else their latest target year.
/// The limits cap the charts per indicator, in all, and the rows per chart: charts where some
/// child has a value are kept first, then the parents nearest the root; what is left out is said.
struct ChartSection {
    /// One chart to draw.
    struct Plan {
        var indicator: Int
        var parent: Int
        var parentPosition: Int
        var year: Int
    }

    let c: ReportContext
    /// The charts drawn, by indicator in file order.
    private(set) var plans: [Plan] = []
    /// Charts left out by the limits, and the indicators they belong to.
    private(set) var omittedCharts = 0
    private(set) var omittedIndicators = Set<Int>()

    init(_ c: ReportContext) {
        self.c = c
        struct Key: Hashable {
            var indicator: Int
            var parent: Int
        }
        var years: [Key: Set<Int>] = [:]
        for t in c.dataset.targets.targets {
            let tree = c.tree(forYear: t.year)
            guard t.unit < tree.positionOf.count else { continue }
            let p = Int(tree.positionOf[t.unit])
            guard p >= 0, tree.parentAt[p] >= 0 else { continue }
            let parent = Int(tree.unitAt[Int(tree.parentAt[p])])
            years[Key(indicator: t.indicator, parent: parent), default: []].insert(t.year)
        }
        let latest = c.latestPeriod ?? Int.min
        var candidates: [Plan] = []
        for (key, set) in years {
            let sorted = set.sorted()
            let year = sorted.first { $0 >= latest } ?? sorted[sorted.count - 1]
            let tree = c.tree(forYear: year)
            let position = Int(tree.positionOf[key.parent])
            guard position >= 0 else { continue }
            candidates.append(Plan(indicator: key.indicator, parent: key.parent, parentPosition: position, year: year))
        }
        candidates.sort { ($0.indicator, $0.parentPosition, $0.year) < ($1.indicator, $1.parentPosition, $1.year) }
        // Within the limits, charts where some child has a value come first: a chart of targets
        // alone says less. They are drawn in indicator and tree order all the same.
        var withValue: [Plan] = []
        var withoutValue: [Plan] = []
        for plan in candidates {
            let tree = c.tree(forYear: plan.year)
            let hasValue = tree.children(of: plan.parentPosition).contains { p in
                c.latestValue(Int(tree.unitAt[p]), plan.indicator, upTo: plan.year) != nil
            }
            if hasValue { withValue.append(plan) } else { withoutValue.append(plan) }
        }
        var perIndicator: [Int: Int] = [:]
        for plan in withValue + withoutValue {
            let n = perIndicator[plan.indicator, default: 0]
            if n >= c.limits.chartsPerIndicator || plans.count >= c.limits.charts {
                omittedCharts += 1
                omittedIndicators.insert(plan.indicator)
                continue
            }
            perIndicator[plan.indicator] = n + 1
            plans.append(plan)
        }
        plans.sort { ($0.indicator, $0.parentPosition, $0.year) < ($1.indicator, $1.parentPosition, $1.year) }
    }

    /// Writes the section.
    func write(_ w: inout HTMLWriter) {
        w.start("section", ["id": "charts"])
        w.element("h2", text: "Targets and latest values")
        guard !plans.isEmpty || omittedCharts > 0 else {
            w.element("p", ["class": "note"], text: "No unit with a target has a parent in the tree: there is nothing to chart.")
            w.end("section")
            return
        }
        w.element(
            "p",
            text:
                "For each indicator with targets, one chart per parent: a row per child with its latest value (a bar; a hatched range when the value is only known as a bound or a range), the child's own target (a black mark, or an outlined box for a bound or a range), and the parent's target (the red dashed line or band). Values are the latest up to the target year; an older period is named after the value."
        )
        w.trusted(SVGBarChart.legend())
        var index = 0
        var k = 0
        while k < plans.count {
            let indicator = plans[k].indicator
            let ind = c.dataset.indicators[indicator]
            w.start("section", ["class": "indicator"])
            w.start("h3")
            w.text(ind.name + " ")
            w.element("span", ["class": "code"], text: "(" + ind.code + (ind.unit.isEmpty ? "" : ", " + ind.unit) + ")")
            w.end("h3")
            while k < plans.count && plans[k].indicator == indicator {
                chart(plans[k], index, &w)
                index += 1
                k += 1
            }
            w.end("section")
        }
        if omittedCharts > 0 {
            w.element(
                "p", ["class": "note"],
                text:
                    "\(Overview.plural(omittedCharts, "more chart")) for \(Overview.plural(omittedIndicators.count, "indicator")) \(omittedCharts == 1 ? "is" : "are") not drawn (at most \(c.limits.chartsPerIndicator) per indicator and \(c.limits.charts) in all: charts with values first, then the parents nearest the root); progress.csv has every target."
            )
        }
        w.end("section")
    }

    /// One chart, in a figure with its caption.
    func chart(_ plan: Plan, _ index: Int, _ w: inout HTMLWriter) {
        let ind = c.dataset.indicators[plan.indicator]
        let tree = c.tree(forYear: plan.year)
        let children = Array(tree.children(of: plan.parentPosition)).map { Int(tree.unitAt[$0]) }
        let targets = c.dataset.targets
        var shown = children
        if shown.count > c.limits.barsPerChart {
            let withTarget = shown.filter { targets.target(unit: $0, indicator: plan.indicator, year: plan.year) != nil }
            var keep = Set(withTarget.prefix(c.limits.barsPerChart))
            for u in shown where keep.count < c.limits.barsPerChart { keep.insert(u) }
            shown = shown.filter { keep.contains($0) }
        }
        var bars: [SVGBarChart.Bar] = []
        for u in shown {
            let name = c.unitName(u, plan.year)
            var value: ChartSpan?
            var valueText = "no value"
            var detail = name + ": no value up to \(plan.year)"
            if let latest = c.latestValue(u, plan.indicator, upTo: plan.year) {
                value = ChartSpan(low: latest.value.low, high: latest.value.high)
                valueText = c.text(latest.value, plan.indicator) + (latest.period == c.latestPeriod ? "" : " (\(latest.period))")
                detail = name + ": \(c.text(latest.value, plan.indicator)) in \(latest.period)"
            }
            var target: ChartSpan?
            var targetText = ""
            if let t = targets.target(unit: u, indicator: plan.indicator, year: plan.year) {
                targetText = t.text
                detail += "; \(plan.year) target \(t.text)"
                if let i = c.interval(of: t.figure, ind) { target = ChartSpan(low: i.low, high: i.high) }
            } else {
                detail += "; no \(plan.year) target"
            }
            bars.append(
                SVGBarChart.Bar(label: name, value: value, valueText: valueText, target: target, targetText: targetText, detail: detail))
        }
        let parentName = c.unitName(plan.parent, plan.year)
        var chart = SVGBarChart(id: "chart-\(index)", title: "\(ind.name): the children of \(parentName), \(plan.year) targets", bars: bars)
        var referenceText = ""
        if let t = targets.target(unit: plan.parent, indicator: plan.indicator, year: plan.year), let i = c.interval(of: t.figure, ind) {
            chart.reference = ChartSpan(low: i.low, high: i.high)
            chart.referenceText = t.text
            referenceText = t.text
        }
        if let scale = ind.levelScale {
            let n = Double(scale.levels.count)
            chart.domain = -0.5...(n - 0.5)
            chart.baseline = -0.5
            chart.ticks = scale.levels.enumerated().map { SVGBarChart.Tick(value: Double($0.offset), label: $0.element) }
        } else {
            let low = ind.low ?? -.infinity
            let high = ind.high ?? .infinity
            if low <= high { chart.limits = low...high }
        }
        w.start("figure", ["class": "chart"])
        w.start("figcaption")
        w.element("strong", text: parentName)
        w.text(
            " — \(Overview.plural(children.count, "child", "children")), \(plan.year) targets"
                + (referenceText.isEmpty ? "; the parent has no \(plan.year) target" : "; the parent's target " + referenceText)
                + (shown.count < children.count ? " (\(shown.count) shown, those with a target first)" : ""))
        w.end("figcaption")
        w.trusted(chart.render())
        w.end("figure")
    }
}
