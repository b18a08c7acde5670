/// A grid of coloured cells in SVG: rows and columns with labels, each cell in one of a few
/// styles (a fill, an ink and a symbol, so that it reads in black and white too), or empty.
///
/// Column labels are written slanted above the grid; labels are shortened to fit and given in
/// full in each cell's tooltip. Cells carry the classes `cell` and `cell-N` (N the style's index).
public struct SVGGrid: Sendable {
    /// How one kind of cell looks.
    public struct Style: Sendable, Hashable {
        /// The fill colour (`#2e7d32`).
        public var fill: String
        /// The colour of the symbol.
        public var ink: String
        /// The symbol written in the cell (`✓`).
        public var symbol: String
        /// What the style means, for the legend.
        public var name: String

        /// Makes a style.
        public init(fill: String, ink: String, symbol: String, name: String) {
            self.fill = fill
            self.ink = ink
            self.symbol = symbol
            self.name = name
        }
    }

    /// Adjacent columns under one label.
    public struct ColumnGroup: Sendable, Hashable {
        /// The label.
        public var label: String
        /// How many columns it spans.
        public var span: Int

        /// Makes a group.
        public init(label: String, span: Int) {
            self.label = label
            self.span = span
        }
    }

    /// One filled cell.
    public struct Cell: Sendable, Hashable {
        /// The index of its style in ``SVGGrid/styles``.
        public var style: Int
        /// Its tooltip.
        public var detail: String

        /// Makes a cell.
        public init(style: Int, detail: String) {
            self.style = style
            self.detail = detail
        }
    }

    /// What the grid shows (the SVG's title).
    public var title: String
    /// The rows' labels, top to bottom.
    public var rowLabels: [String]
    /// How far each row's label is indented (a depth in a tree), if at all.
    public var rowIndents: [Int]
    /// The columns' labels, left to right.
    public var columnLabels: [String]
    /// Columns after which a small gap is left (to group columns), by index.
    public var gapsAfter: Set<Int>
    /// Groups of adjacent columns with a label above them (a unit over its target years), left
    /// to right; when given, the slanted labels are the groups' and each column's own label is
    /// written small and upright just above its cells.
    public var columnGroups: [ColumnGroup]
    /// `cells[row][column]`, `nil` for an empty cell.
    public var cells: [[Cell?]]
    /// The styles cells refer to.
    public var styles: [Style]
    /// A cell's side in pixels.
    public var cellSize: Double = 18
    /// The width of the row labels.
    public var labelWidth: Double = 230
    /// The height of the slanted column labels.
    public var headerHeight: Double = 120

    /// Makes a grid; assumes `cells` has one array of `columnLabels.count` per row label.
    public init(title: String, rowLabels: [String], columnLabels: [String], cells: [[Cell?]], styles: [Style]) {
        self.title = title
        self.rowLabels = rowLabels
        self.rowIndents = Array(repeating: 0, count: rowLabels.count)
        self.columnLabels = columnLabels
        self.gapsAfter = []
        self.columnGroups = []
        self.cells = cells
        self.styles = styles
    }

    /// The x of each column's left edge, gaps included.
    func columnX() -> [Double] {
        var xs: [Double] = []
        var x = labelWidth
        for c in columnLabels.indices {
            xs.append(x)
            x += cellSize + (gapsAfter.contains(c) ? cellSize / 3 : 0)
        }
        return xs
    }

    /// The drawing.
    public func render() -> String {
        let f = SVGNumber.format
        let xs = columnX()
        let gridRight = (xs.last ?? labelWidth) + cellSize
        let slant = headerHeight * 0.75
        let width = gridRight + slant
        let height = headerHeight + Double(rowLabels.count) * cellSize + 4
        var w = HTMLWriter()
        w.start(
            "svg",
            [
                "xmlns": SVGBarChart.namespace, "class": "grid", "width": f(width), "height": f(height),
                "viewBox": "0 0 \(f(width)) \(f(height))",
                "role": "img", "aria-label": title,
            ])
        w.element("title", text: title)
        let labelLimit = Int(headerHeight / 6.2)
        func slanted(_ label: String, _ cx: Double, _ cy: Double) {
            w.start(
                "text",
                ["class": "column-label", "x": f(cx), "y": f(cy), "font-size": "10.5", "transform": "rotate(-50 \(f(cx)) \(f(cy)))"])
            w.element("title", text: label)
            w.text(LabelText.fit(label, labelLimit))
            w.end("text")
        }
        if columnGroups.isEmpty {
            for (c, label) in columnLabels.enumerated() { slanted(label, xs[c] + cellSize / 2 + 3, headerHeight - 4) }
        } else {
            var c = 0
            for group in columnGroups where group.span > 0 && c + group.span <= xs.count {
                let left = xs[c]
                let right = xs[c + group.span - 1] + cellSize
                slanted(group.label, (left + right) / 2 + 3, headerHeight - 30)
                w.leaf(
                    "line",
                    [
                        "class": "group-rule", "x1": f(left + 2), "y1": f(headerHeight - 26), "x2": f(right - 2),
                        "y2": f(headerHeight - 26), "stroke": "#888888", "stroke-width": "0.8",
                    ])
                c += group.span
            }
            for (c, label) in columnLabels.enumerated() {
                let cx = xs[c] + cellSize / 2 + 3
                let cy = headerHeight - 3
                w.element(
                    "text",
                    [
                        "class": "column-sublabel", "x": f(cx), "y": f(cy), "font-size": "8", "fill": "#444444",
                        "transform": "rotate(-90 \(f(cx)) \(f(cy)))",
                    ],
                    text: LabelText.fit(label, 5))
            }
        }
        for (r, label) in rowLabels.enumerated() {
            let y = headerHeight + Double(r) * cellSize
            if r % 2 == 1 {
                w.leaf("rect", ["class": "stripe", "x": "0", "y": f(y), "width": f(gridRight), "height": f(cellSize), "fill": "#f4f4f4"])
            }
            let indent = Double(r < rowIndents.count ? rowIndents[r] : 0) * 10
            w.start("text", ["class": "row-label", "x": f(4 + indent), "y": f(y + cellSize / 2 + 4), "font-size": "10.5"])
            w.element("title", text: label)
            w.text(LabelText.fit(label, max(6, Int((labelWidth - 8 - indent) / 6.1))))
            w.end("text")
            for c in columnLabels.indices {
                guard r < cells.count, c < cells[r].count, let cell = cells[r][c], styles.indices.contains(cell.style) else { continue }
                let style = styles[cell.style]
                let x = xs[c]
                w.start("g", ["class": "cell cell-\(cell.style)"])
                w.element("title", text: cell.detail)
                w.leaf(
                    "rect",
                    [
                        "x": f(x + 1), "y": f(y + 1), "width": f(cellSize - 2), "height": f(cellSize - 2), "fill": style.fill,
                        "stroke": "#555555", "stroke-width": "0.5",
                    ])
                w.element(
                    "text",
                    [
                        "x": f(x + cellSize / 2), "y": f(y + cellSize / 2 + 4), "text-anchor": "middle", "font-size": "11",
                        "font-weight": "bold", "fill": style.ink,
                    ],
                    text: style.symbol)
                w.end("g")
            }
        }
        w.end("svg")
        return w.finish()
    }

    /// The legend: one swatch with its symbol and name per style.
    public static func legend(_ styles: [Style]) -> String {
        let f = SVGNumber.format
        var x = 0.0
        var w = HTMLWriter()
        var total = 0.0
        for style in styles { total += 26 + Double(style.name.count) * 6.3 + 14 }
        w.start(
            "svg",
            [
                "xmlns": SVGBarChart.namespace, "class": "grid-legend", "width": f(total), "height": "22", "viewBox": "0 0 \(f(total)) 22",
                "role": "img", "aria-label": "Legend of the grid",
            ])
        w.element("title", text: "Legend: " + styles.map { $0.symbol + " " + $0.name }.joined(separator: ", "))
        for (k, style) in styles.enumerated() {
            w.start("g", ["class": "cell cell-\(k)"])
            w.leaf(
                "rect",
                ["x": f(x + 1), "y": "2", "width": "18", "height": "18", "fill": style.fill, "stroke": "#555555", "stroke-width": "0.5"])
            w.element(
                "text",
                ["x": f(x + 10), "y": "15.5", "text-anchor": "middle", "font-size": "12", "font-weight": "bold", "fill": style.ink],
                text: style.symbol)
            w.end("g")
            w.element("text", ["x": f(x + 24), "y": "15.5", "font-size": "11"], text: style.name)
            x += 26 + Double(style.name.count) * 6.3 + 14
        }
        w.end("svg")
        return w.finish()
    }
}
