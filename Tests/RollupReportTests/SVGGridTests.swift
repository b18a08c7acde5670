import RollupReport
import XCTest

final class SVGGridTests: XCTestCase {
    let styles = [
        SVGGrid.Style(fill: "#1b7f3b", ink: "#ffffff", symbol: "✓", name: "achieved"),
        SVGGrid.Style(fill: "#c62828", ink: "#ffffff", symbol: "✗", name: "missed"),
    ]

    func testDrawsOneCellPerFilledSlotWithItsSymbolAndTooltip() {
        let grid = SVGGrid(
            title: "grid", rowLabels: ["Phường Bắc Sơn", "Quận Hải An"], columnLabels: ["BHYT", "UNEMP", "WATER"],
            cells: [
                [SVGGrid.Cell(style: 0, detail: "Bắc Sơn BHYT achieved"), nil, SVGGrid.Cell(style: 1, detail: "missed <3")],
                [nil, SVGGrid.Cell(style: 1, detail: "x"), nil],
            ], styles: styles)
        let xml = ParsedXML(grid.render())
        XCTAssertTrue(xml.isWellFormed, "\(String(describing: xml.error))")
        XCTAssertEqual(xml.all("g", class: "cell").count, 3)
        XCTAssertEqual(xml.all("g", class: "cell-0").count, 1)
        XCTAssertEqual(xml.all("g", class: "cell-1").count, 2)
        XCTAssertEqual(xml.all("text", class: "row-label").map { $0.text }.count, 2)
        XCTAssertTrue(xml.all("title").contains { $0.text == "missed <3" })
        XCTAssertEqual(xml.all("text").filter { $0.text == "✗" }.count, 2)
    }

    func testLegendNamesEveryStyleWithItsSymbol() {
        let xml = ParsedXML(SVGGrid.legend(styles))
        XCTAssertTrue(xml.isWellFormed)
        XCTAssertEqual(xml.all("g", class: "cell").count, 2)
        XCTAssertTrue(xml.allText.contains("achieved"))
        XCTAssertTrue(xml.allText.contains("✓"))
    }

    func testColumnGapsWidenTheGrid() {
        var grid = SVGGrid(title: "g", rowLabels: ["a"], columnLabels: ["x", "y"], cells: [[nil, nil]], styles: styles)
        let plain = ParsedXML(grid.render()).all("svg").first?.attributes["width"]
        grid.gapsAfter = [0]
        let gapped = ParsedXML(grid.render()).all("svg").first?.attributes["width"]
        XCTAssertNotEqual(plain, gapped)
    }
}
