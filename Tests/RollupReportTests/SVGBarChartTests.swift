import RollupReport
import XCTest

final class SVGBarChartTests: XCTestCase {
    func chart() -> SVGBarChart {
        SVGBarChart(
            id: "c1", title: "Tỉ lệ hộ nghèo",
            bars: [
                .init(
                    label: "Phường Bắc Sơn", value: ChartSpan(point: 2.6), valueText: "2.6", target: ChartSpan(point: 2.5),
                    targetText: "2,5"),
                .init(
                    label: "Phường Nam Sơn", value: ChartSpan(low: 0, high: 2), valueText: "< 2", target: ChartSpan(low: 2, high: 3),
                    targetText: "2-3"),
                .init(label: "Phường Ngọc Sơn", value: nil, valueText: "no value"),
                .init(label: "Phường Lãm Hà", value: ChartSpan(low: 1, high: .infinity), valueText: "> 1"),
            ], reference: ChartSpan(point: 3), referenceText: "3")
    }

    func testDrawsBarsRangesTargetMarksAndTheParentLine() throws {
        let svg = chart().render()
        let xml = ParsedXML(svg)
        XCTAssertTrue(xml.isWellFormed, "\(String(describing: xml.error))")
        XCTAssertEqual(xml.all("rect", class: "bar").count, 1)
        XCTAssertEqual(xml.all("rect", class: "range").count, 2)
        XCTAssertEqual(xml.all("line", class: "target").count, 1)
        XCTAssertEqual(xml.all("rect", class: "target-range").count, 1)
        XCTAssertEqual(xml.all("line", class: "parent-target").count, 1)
        // A bound has its finite ends marked; an unbounded end gets an arrow, not a point.
        XCTAssertEqual(xml.all("line", class: "range-end").count, 3)
        XCTAssertEqual(xml.all("path", class: "open-end").count, 1)
        XCTAssertEqual(xml.all("g", class: "row").count, 4)
        XCTAssertTrue(svg.contains("Phường Bắc Sơn"))
        XCTAssertTrue(svg.contains(#"fill="url(#c1-hatch)""#))
    }

    func testRangeRunsFromItsLowToItsHighEnd() throws {
        let xml = ParsedXML(chart().render())
        let range = try XCTUnwrap(xml.all("rect", class: "range").first)
        let bar = try XCTUnwrap(xml.all("rect", class: "bar").first)
        // Domain 0...3 over the plot from x=180 to x=530: [0, 2] spans 0 to 2/3 of it.
        XCTAssertEqual(Double(range.attributes["x"] ?? ""), 180)
        XCTAssertEqual(try XCTUnwrap(Double(range.attributes["width"] ?? "")), 350 * 2 / 3, accuracy: 0.01)
        XCTAssertEqual(try XCTUnwrap(Double(bar.attributes["width"] ?? "")), 350 * 2.6 / 3, accuracy: 0.01)
    }

    func testParentTargetRangeIsABand() {
        var c = chart()
        c.reference = ChartSpan(low: 0, high: 3)
        let xml = ParsedXML(c.render())
        XCTAssertEqual(xml.all("rect", class: "parent-target-range").count, 1)
        XCTAssertEqual(xml.all("line", class: "parent-target").count, 0)
    }

    func testDomainIsNiceIncludesZeroAndStaysWithinLimits() {
        var c = SVGBarChart(id: "x", title: "t", bars: [.init(label: "a", value: ChartSpan(point: 93.2), valueText: "93.2")])
        XCTAssertEqual(c.resolvedDomain(), 0...100)
        c.bars = [.init(label: "a", value: ChartSpan(point: 96), valueText: "96", target: ChartSpan(point: 99), targetText: "99")]
        c.limits = 0...100
        XCTAssertEqual(c.resolvedDomain(), 0...100)
        c.bars = [.init(label: "a", value: ChartSpan(point: -4), valueText: "-4")]
        c.limits = nil
        XCTAssertEqual(c.resolvedDomain(), -4...0)
    }

    func testLongLabelsAreShortenedWithTheFullTextInTheTooltip() {
        let long = String(repeating: "Tỉ lệ người cao tuổi được chăm sóc ", count: 3)
        let c = SVGBarChart(id: "x", title: "t", bars: [.init(label: long, value: ChartSpan(point: 1), valueText: "1")])
        let xml = ParsedXML(c.render())
        let label = xml.all("text", class: "label").first?.text ?? ""
        XCTAssertTrue(label.hasSuffix("…"))
        XCTAssertLessThan(label.count, long.count)
        XCTAssertTrue(xml.all("title").contains { $0.text == long })
    }

    func testLegendIsWellFormed() {
        let xml = ParsedXML(SVGBarChart.legend())
        XCTAssertTrue(xml.isWellFormed)
        XCTAssertTrue(xml.allText.contains("parent's target"))
    }
}
