/// A stretch of a chart's axis: a point for an exact figure, a range for a bound or a range of
/// the data (`<3` on a share is `[0, 3)`, `28-30` is `[28, 30]`). An end may be infinite (a bound
/// with no valid limit on that side); it is drawn to the edge of the chart with an arrow.
public struct ChartSpan: Sendable, Hashable {
    /// The lower end; `-infinity` when unbounded.
    public var low: Double
    /// The upper end; `infinity` when unbounded.
    public var high: Double

    /// A range; assumes `low <= high`.
    public init(low: Double, high: Double) {
        self.low = low
        self.high = high
    }

    /// A single number.
    public init(point: Double) {
        self.init(low: point, high: point)
    }

    /// Whether the span is one number.
    public var isPoint: Bool { low == high }
}

/// A horizontal bar chart in SVG: one row per child unit with its latest value (a bar from the
/// baseline for an exact figure, a hatched range for a bound or a range), the child's own target
/// as a mark (a tick, or an outlined box for a target that is a range or a bound), and the
/// parent's target as a dashed line (a shaded band when it is a range) across every row.
///
/// Elements carry classes a test (or a style sheet) can find: `bar`, `range`, `range-end`,
/// `open-end`, `target`, `target-range`, `parent-target`, `parent-target-range`. The drawing is
/// self-contained: its hatch pattern's id starts with ``id``, which must be unique in the page.
public struct SVGBarChart: Sendable {
    /// One row of the chart.
    public struct Bar: Sendable {
        /// The row's label (a unit's name), shortened to fit; the full text is in the tooltip.
        public var label: String
        /// The value, if any.
        public var value: ChartSpan?
        /// The value as text, shown right of the plot (`80`, `<3`, `no value`).
        public var valueText: String
        /// The row's own target, if any.
        public var target: ChartSpan?
        /// The target as text (`≥ 97`); empty when there is none.
        public var targetText: String
        /// The tooltip (`title`) of the row; the label when empty.
        public var detail: String

        /// Makes a row.
        public init(
            label: String, value: ChartSpan?, valueText: String, target: ChartSpan? = nil, targetText: String = "",
            detail: String = ""
        ) {
            self.label = label
            self.value = value
            self.valueText = valueText
            self.target = target
            self.targetText = targetText
            self.detail = detail
        }
    }

    /// A tick of the axis: where, and what it says.
    public struct Tick: Sendable, Hashable {
        /// The position on the axis.
        public var value: Double
        /// Its label.
        public var label: String

        /// Makes a tick.
        public init(value: Double, label: String) {
            self.value = value
            self.label = label
        }
    }

    /// Unique in the page: prefixes the ids the drawing defines.
    public var id: String
    /// What the chart shows (the SVG's title, read by screen readers).
    public var title: String
    /// The rows, top to bottom.
    public var bars: [Bar]
    /// The parent's target, drawn across every row, if any.
    public var reference: ChartSpan?
    /// The parent's target as text (shown above the line).
    public var referenceText: String
    /// The axis's extent; by default a nice range around every finite figure and 0.
    public var domain: ClosedRange<Double>?
    /// Limits a computed domain may not pass (an indicator's valid range: a share stops at 100).
    public var limits: ClosedRange<Double>?
    /// Ticks to draw instead of nice numbers (a level scale's names).
    public var ticks: [Tick]?
    /// Where bars start (default 0, or the domain's nearest end when 0 is outside it).
    public var baseline: Double?
    /// The drawing's width in pixels (A4's printable width is about 680).
    public var width: Double = 680
    /// The height of one row.
    public var rowHeight: Double = 22
    /// The width left of the plot for the labels.
    public var labelWidth: Double = 180
    /// The width right of the plot for the texts of the value and the target.
    public var textWidth: Double = 150

    /// Makes a chart with the default layout.
    public init(id: String, title: String, bars: [Bar], reference: ChartSpan? = nil, referenceText: String = "") {
        self.id = id
        self.title = title
        self.bars = bars
        self.reference = reference
        self.referenceText = referenceText
    }

    /// The SVG namespace.
    static let namespace = "http://www.w3.org/2000/svg"

    /// The axis's extent: ``domain`` when given, else nice numbers around every finite end, the
    /// baseline 0 included, kept inside ``limits``.
    public func resolvedDomain() -> ClosedRange<Double> {
        if let domain, domain.upperBound > domain.lowerBound { return domain }
        var lo = Double.infinity
        var hi = -Double.infinity
        func take(_ span: ChartSpan?) {
            guard let span else { return }
            for x in [span.low, span.high] where x.isFinite {
                lo = min(lo, x)
                hi = max(hi, x)
            }
        }
        for bar in bars {
            take(bar.value)
            take(bar.target)
        }
        take(reference)
        if lo > hi { return 0...1 }
        let dataLow = lo
        let dataHigh = hi
        lo = min(lo, 0)
        hi = max(hi, 0)
        if hi == lo { hi = lo + 1 }
        let step = SVGBarChart.niceStep((hi - lo) / 5)
        lo = (lo / step).rounded(.down) * step
        hi = (hi / step).rounded(.up) * step
        if let limits {
            if limits.lowerBound <= dataLow { lo = max(lo, limits.lowerBound) }
            if limits.upperBound >= dataHigh { hi = min(hi, limits.upperBound) }
        }
        if hi <= lo { hi = lo + step }
        return lo...hi
    }

    /// 1, 2 or 5 times a power of ten, at least `raw`.
    static func niceStep(_ raw: Double) -> Double {
        guard raw.isFinite, raw > 0 else { return 1 }
        var power = 1.0
        while power * 10 <= raw { power *= 10 }
        while power > raw { power /= 10 }
        for m in [1.0, 2.0, 5.0, 10.0] where m * power >= raw { return m * power }
        return 10 * power
    }

    /// The ticks drawn: ``ticks`` when given, else every nice step of the domain.
    func resolvedTicks(_ domain: ClosedRange<Double>) -> [Tick] {
        if let ticks { return ticks.filter { domain.contains($0.value) } }
        let step = SVGBarChart.niceStep((domain.upperBound - domain.lowerBound) / 5)
        var list: [Tick] = []
        var k = (domain.lowerBound / step).rounded(.up)
        while k * step <= domain.upperBound + step * 1e-9 && list.count < 12 {
            let v = k * step
            list.append(Tick(value: v, label: AxisNumber.label(v, step: step)))
            k += 1
        }
        return list
    }

    /// The drawing.
    public func render() -> String {
        let d = resolvedDomain()
        let top = 26.0
        let bottom = 24.0
        let plotLeft = labelWidth
        let plotRight = max(plotLeft + 40, width - textWidth)
        let plotBottom = top + Double(bars.count) * rowHeight
        let height = plotBottom + bottom
        let f = SVGNumber.format
        func x(_ v: Double) -> Double {
            let c = min(max(v, d.lowerBound), d.upperBound)
            return plotLeft + (c - d.lowerBound) / (d.upperBound - d.lowerBound) * (plotRight - plotLeft)
        }
        let base = x(min(max(baseline ?? 0, d.lowerBound), d.upperBound))
        let hatch = id + "-hatch"
        var w = HTMLWriter()
        w.start(
            "svg",
            [
                "xmlns": SVGBarChart.namespace, "class": "chart bar-chart", "width": f(width), "height": f(height),
                "viewBox": "0 0 \(f(width)) \(f(height))", "role": "img", "aria-label": title,
            ])
        w.element("title", text: title)
        w.start("defs")
        w.start("pattern", ["id": hatch, "patternUnits": "userSpaceOnUse", "width": "5", "height": "5", "patternTransform": "rotate(45)"])
        w.leaf("rect", ["width": "5", "height": "5", "fill": "#ffffff"])
        w.leaf("line", ["x1": "0", "y1": "0", "x2": "0", "y2": "5", "stroke": "#3b6aa8", "stroke-width": "2.2"])
        w.end("pattern")
        w.end("defs")

        w.start("g", ["class": "axis"])
        for tick in resolvedTicks(d) {
            let tx = f(x(tick.value))
            w.leaf(
                "line",
                ["class": "grid", "x1": tx, "y1": f(top - 4), "x2": tx, "y2": f(plotBottom), "stroke": "#dddddd", "stroke-width": "1"])
            w.element(
                "text", ["class": "tick", "x": tx, "y": f(plotBottom + 14), "text-anchor": "middle", "font-size": "10"],
                text: LabelText.fit(tick.label, 14))
        }
        w.leaf(
            "line",
            [
                "class": "baseline", "x1": f(base), "y1": f(top - 4), "x2": f(base), "y2": f(plotBottom), "stroke": "#777777",
                "stroke-width": "1",
            ])
        w.end("g")

        for (r, bar) in bars.enumerated() {
            let y = top + Double(r) * rowHeight
            let middle = y + rowHeight / 2
            w.start("g", ["class": "row"])
            w.element("title", text: bar.detail.isEmpty ? bar.label : bar.detail)
            w.element(
                "text", ["class": "label", "x": f(plotLeft - 6), "y": f(middle + 4), "text-anchor": "end", "font-size": "11"],
                text: LabelText.fit(bar.label, max(4, Int(labelWidth / 6.3))))
            if let v = bar.value {
                if v.isPoint {
                    let xv = x(v.low)
                    w.leaf(
                        "rect",
                        [
                            "class": "bar", "x": f(min(base, xv)), "y": f(y + 5), "width": f(max(abs(xv - base), 1)),
                            "height": f(rowHeight - 10), "fill": "#3b6aa8",
                        ])
                } else {
                    let a = x(v.low)
                    let b = x(v.high)
                    w.leaf(
                        "rect",
                        [
                            "class": "range", "x": f(a), "y": f(y + 4), "width": f(max(b - a, 2)), "height": f(rowHeight - 8),
                            "fill": "url(#\(hatch))", "stroke": "#3b6aa8", "stroke-width": "1",
                        ])
                    for (end, finite, outward) in [
                        (a, v.low.isFinite && v.low >= d.lowerBound, -1.0), (b, v.high.isFinite && v.high <= d.upperBound, 1.0),
                    ] {
                        if finite {
                            w.leaf(
                                "line",
                                [
                                    "class": "range-end", "x1": f(end), "y1": f(y + 2), "x2": f(end), "y2": f(y + rowHeight - 2),
                                    "stroke": "#1f3f6b", "stroke-width": "2",
                                ])
                        } else {
                            w.leaf(
                                "path",
                                [
                                    "class": "open-end",
                                    "d": "M\(f(end + 6 * outward)) \(f(middle))L\(f(end)) \(f(middle - 5))L\(f(end)) \(f(middle + 5))Z",
                                    "fill": "#1f3f6b",
                                ])
                        }
                    }
                }
            }
            if let t = bar.target {
                if t.isPoint {
                    let xt = f(x(t.low))
                    w.leaf(
                        "line",
                        [
                            "class": "target", "x1": xt, "y1": f(y + 1), "x2": xt, "y2": f(y + rowHeight - 1), "stroke": "#111111",
                            "stroke-width": "3",
                        ])
                } else {
                    let a = x(t.low)
                    let b = x(t.high)
                    w.leaf(
                        "rect",
                        [
                            "class": "target target-range", "x": f(a), "y": f(y + 2), "width": f(max(b - a, 2)), "height": f(rowHeight - 4),
                            "fill": "none", "stroke": "#111111", "stroke-width": "1.6",
                        ])
                }
            }
            w.start("text", ["class": "value-text", "x": f(plotRight + 8), "y": f(middle + 4), "font-size": "11"])
            w.element("tspan", ["font-weight": "bold"], text: LabelText.fit(bar.valueText, 16))
            if !bar.targetText.isEmpty {
                w.element("tspan", ["fill": "#555555"], text: "  → " + LabelText.fit(bar.targetText, 12))
            }
            w.end("text")
            w.end("g")
        }

        if let reference {
            w.start("g", ["class": "reference"])
            w.element("title", text: "The parent's target: " + referenceText)
            let a = x(reference.low)
            let b = x(reference.high)
            if reference.isPoint {
                w.leaf(
                    "line",
                    [
                        "class": "parent-target", "x1": f(a), "y1": f(top - 6), "x2": f(a), "y2": f(plotBottom + 2), "stroke": "#c62828",
                        "stroke-width": "2", "stroke-dasharray": "5 3",
                    ])
            } else {
                w.leaf(
                    "rect",
                    [
                        "class": "parent-target parent-target-range", "x": f(a), "y": f(top - 6), "width": f(max(b - a, 2)),
                        "height": f(plotBottom + 8 - top), "fill": "#c62828", "fill-opacity": "0.10", "stroke": "#c62828",
                        "stroke-width": "1.5", "stroke-dasharray": "5 3",
                    ])
            }
            let anchorEnd = a > (plotLeft + plotRight) / 2
            w.element(
                "text",
                [
                    "class": "reference-text", "x": f(anchorEnd ? b : a), "y": f(top - 10), "text-anchor": anchorEnd ? "end" : "start",
                    "font-size": "10.5", "fill": "#b71c1c",
                ], text: "parent's target " + LabelText.fit(referenceText, 24))
            w.end("g")
        }
        w.end("svg")
        return w.finish()
    }

    /// A small drawing explaining the marks, for once above a set of charts.
    public static func legend() -> String {
        let f = SVGNumber.format
        var w = HTMLWriter()
        w.start(
            "svg",
            [
                "xmlns": namespace, "class": "chart-legend", "width": "680", "height": "24", "viewBox": "0 0 680 24", "role": "img",
                "aria-label": "Legend of the charts",
            ])
        w.element("title", text: "Legend of the charts")
        w.start("defs")
        w.start(
            "pattern",
            ["id": "legend-hatch", "patternUnits": "userSpaceOnUse", "width": "5", "height": "5", "patternTransform": "rotate(45)"])
        w.leaf("rect", ["width": "5", "height": "5", "fill": "#ffffff"])
        w.leaf("line", ["x1": "0", "y1": "0", "x2": "0", "y2": "5", "stroke": "#3b6aa8", "stroke-width": "2.2"])
        w.end("pattern")
        w.end("defs")
        var x = 0.0
        func label(_ text: String) {
            w.element("text", ["x": f(x), "y": "16", "font-size": "11"], text: text)
            x += Double(text.count) * 6.2 + 18
        }
        w.leaf("rect", ["x": f(x), "y": "6", "width": "22", "height": "12", "fill": "#3b6aa8"])
        x += 28
        label("latest value")
        w.leaf("rect", ["x": f(x), "y": "5", "width": "26", "height": "14", "fill": "url(#legend-hatch)", "stroke": "#3b6aa8"])
        x += 32
        label("value known as a bound or range")
        w.leaf("line", ["x1": f(x + 4), "y1": "2", "x2": f(x + 4), "y2": "22", "stroke": "#111111", "stroke-width": "3"])
        x += 12
        label("own target")
        w.leaf("rect", ["x": f(x), "y": "4", "width": "22", "height": "16", "fill": "none", "stroke": "#111111", "stroke-width": "1.6"])
        x += 28
        label("target range")
        w.leaf(
            "line",
            ["x1": f(x + 4), "y1": "0", "x2": f(x + 4), "y2": "24", "stroke": "#c62828", "stroke-width": "2", "stroke-dasharray": "5 3"])
        x += 12
        label("parent's target")
        w.end("svg")
        return w.finish()
    }
}

/// Tick labels: as many decimals as the step needs.
enum AxisNumber {
    static func label(_ x: Double, step: Double) -> String {
        var decimals = 0
        var s = step
        while s < 1 && decimals < 6 {
            s *= 10
            decimals += 1
        }
        if decimals == 0 {
            let r = x.rounded()
            return r == 0 ? "0" : String(Int64(r))
        }
        var scale = 1.0
        for _ in 0..<decimals { scale *= 10 }
        let n = Int64((abs(x) * scale).rounded())
        if n == 0 { return "0" }
        var digits = String(n)
        while digits.count <= decimals { digits = "0" + digits }
        let cut = digits.index(digits.endIndex, offsetBy: -decimals)
        var text = String(digits[..<cut]) + "." + String(digits[cut...])
        while text.hasSuffix("0") { text.removeLast() }
        if text.hasSuffix(".") { text.removeLast() }
        return (x < 0 ? "-" : "") + text
    }
}
