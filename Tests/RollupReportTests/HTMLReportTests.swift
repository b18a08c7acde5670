import RollupReport
import RollupTestSupport
import XCTest

final class HTMLReportTests: XCTestCase {
    /// A district of three wards: a lower-is-better rate with a bound as the district's target,
    /// a range as a ward's target and a bound as a ward's value; and a count with plain targets.
    static let small: [String: String] = [
        "units.csv": """
        code,name,parent,level
        D,Quận Kiến An,,district
        W1,Phường Bắc Sơn,D,ward
        W2,Phường Nam Sơn,D,ward
        W3,Phường Ngọc Sơn,D,ward

        """,
        "indicators.csv": """
        code,name,unit,aggregation,weight,numerator,denominator,scale,direction,area,office,low,high
        POOR,Tỉ lệ hộ nghèo,%,mean,,,,,lower,,,0,100
        BEDS,Số giường bệnh,giường,sum,,,,,higher,,,0,

        """,
        "targets.csv": """
        unit,indicator,year,target
        D,POOR,2025,<3
        W1,POOR,2025,"2,5"
        W2,POOR,2025,2-3
        D,BEDS,2025,100
        W1,BEDS,2025,40
        W2,BEDS,2025,50

        """,
        "values.csv": """
        unit,indicator,period,value
        W1,POOR,2024,"2,8"
        W1,POOR,2025,"2,6"
        W2,POOR,2025,<2
        W3,POOR,2025,4
        W1,BEDS,2025,38
        W2,BEDS,2025,52

        """,
    ]

    func testPageIsWellFormedSelfContainedAndPrintable() throws {
        let html = try Evaluated(files: Self.small).html()
        XCTAssertTrue(html.hasPrefix("<!DOCTYPE html>\n<html"))
        let xml = ParsedXML(String(html.dropFirst("<!DOCTYPE html>\n".count)))
        XCTAssertTrue(xml.isWellFormed, "\(String(describing: xml.error))")
        XCTAssertTrue(xml.all("script").isEmpty)
        XCTAssertTrue(xml.all("link").isEmpty)
        XCTAssertFalse(html.contains("http://") && html.contains("src="))
        XCTAssertEqual(xml.all("meta").first?.attributes["charset"], "utf-8")
        let css = try XCTUnwrap(xml.all("style").first?.text)
        XCTAssertTrue(css.contains("@page { size: A4"))
        XCTAssertTrue(css.contains("\"Noto Sans\", \"DejaVu Sans\""))
        XCTAssertTrue(css.contains("break-before: page"))
        for id in ["overview", "charts", "progress", "tree", "facts"] {
            XCTAssertEqual(xml.all("section").filter { $0.attributes["id"] == id }.count, 1, id)
        }
    }

    func testChartsHoldBarsTargetMarksAndRangesForBounds() throws {
        let html = try Evaluated(files: Self.small).html()
        let xml = ParsedXML(String(html.dropFirst("<!DOCTYPE html>\n".count)))
        let figures = xml.elements.indices.filter { xml.elements[$0].name == "figure" }
        XCTAssertEqual(figures.count, 2)
        // The poverty rate: W1 and W3 exact (bars), W2 `<2` a range; W1's 2,5 a mark, W2's 2-3
        // an outlined range; the district's `<3` a band, not a line.
        let poor = try XCTUnwrap(
            figures.first {
                xml.elements[$0].text.contains("Tỉ lệ hộ nghèo")
                    || xml.all("svg", within: $0).first?.attributes["aria-label"]?.contains("Tỉ lệ hộ nghèo") == true
            })
        XCTAssertEqual(xml.all("rect", class: "bar", within: poor).count, 2)
        XCTAssertEqual(xml.all("rect", class: "range", within: poor).count, 1)
        XCTAssertEqual(xml.all("line", class: "target", within: poor).count, 1)
        XCTAssertEqual(xml.all("rect", class: "target-range", within: poor).count, 1)
        XCTAssertEqual(xml.all("rect", class: "parent-target-range", within: poor).count, 1)
        XCTAssertEqual(xml.all("g", class: "row", within: poor).count, 3)
        // Beds: two bars, two marks, the district's 100 as a line.
        let beds = try XCTUnwrap(figures.first { $0 != poor })
        XCTAssertEqual(xml.all("rect", class: "bar", within: beds).count, 2)
        XCTAssertEqual(xml.all("line", class: "target", within: beds).count, 2)
        XCTAssertEqual(xml.all("line", class: "parent-target", within: beds).count, 1)
        XCTAssertTrue(xml.all("text", class: "value-text", within: poor).contains { $0.text.contains("< 2") })
    }

    func testProgressGridHasACellPerTargetAndALegend() throws {
        let evaluated = try Evaluated(files: Self.small)
        let xml = ParsedXML(String(evaluated.html().dropFirst("<!DOCTYPE html>\n".count)))
        let grids = xml.all("svg", class: "grid")
        XCTAssertEqual(grids.count, 1)
        XCTAssertEqual(
            xml.all("g", class: "cell").count - xml.all("g", class: "cell", within: legendIndex(xml)).count, evaluated.report.progress.count
        )
        let legend = xml.all("svg", class: "grid-legend").first?.text ?? ""
        for word in ["✓", "achieved", "↗", "on track", "↘", "off track", "✗", "missed", "?", "–", "no data"] {
            XCTAssertTrue(legend.contains(word), word)
        }
    }

    func legendIndex(_ xml: ParsedXML) -> Int? {
        xml.elements.indices.first { xml.elements[$0].name == "svg" && xml.elements[$0].hasClass("grid-legend") }
    }

    func testOverviewAndTreeNameUnitsAndIndicatorsAsWritten() throws {
        let evaluated = try Evaluated(files: Self.small)
        let html = evaluated.html()
        let xml = ParsedXML(String(html.dropFirst("<!DOCTYPE html>\n".count)))
        XCTAssertFalse(evaluated.report.findings.isEmpty)
        let findingsTable = try XCTUnwrap(
            xml.elements.indices.first { xml.elements[$0].name == "table" && xml.elements[$0].hasClass("findings") })
        let cells = xml.all("td", within: findingsTable).map(\.text)
        let first = evaluated.report.findings[0]
        XCTAssertTrue(cells.contains(evaluated.dataset.units.name(of: first.unit)))
        XCTAssertTrue(cells.contains(evaluated.dataset.indicators[first.indicator].name))
        XCTAssertFalse(xml.all("details", class: "unit").isEmpty)
        XCTAssertTrue(xml.all("summary").contains { $0.text.contains("Quận Kiến An") })
        XCTAssertTrue(xml.allText.contains("Samples/test/units.csv"))
    }

    func testLimitsCapChartsGridAndTreeAndSaySo() throws {
        // 1 root, 30 districts of 10 wards each, every ward with a target.
        var units = "code,name,parent,level\nP,Tỉnh Thử,,province\n"
        var targets = "unit,indicator,year,target\nP,BEDS,2025,100\n"
        var values = "unit,indicator,period,value\n"
        for d in 1...30 {
            units += "D\(d),Huyện \(d),P,district\n"
            targets += "D\(d),BEDS,2025,20\n"
            for k in 1...10 {
                units += "W\(d)_\(k),Xã \(d)-\(k),D\(d),ward\n"
                targets += "W\(d)_\(k),BEDS,2025,2\n"
                values += "W\(d)_\(k),BEDS,2025,\(k % 4)\n"
            }
        }
        let evaluated = try Evaluated(files: [
            "units.csv": units, "indicators.csv": "code,name,unit,aggregation,direction,low\nBEDS,Số giường bệnh,giường,sum,higher,0\n",
            "targets.csv": targets, "values.csv": values,
        ])
        let limits = ReportLimits(charts: 5, chartsPerIndicator: 4, barsPerChart: 12, gridRows: 50, treeUnits: 20, treeDepth: 1)
        let html = evaluated.html(limits: limits)
        let xml = ParsedXML(String(html.dropFirst("<!DOCTYPE html>\n".count)))
        XCTAssertTrue(xml.isWellFormed)
        XCTAssertEqual(xml.all("figure", class: "chart").count, 4)
        XCTAssertTrue(xml.allText.contains("27 more charts for 1 indicator are not drawn"))
        XCTAssertTrue(xml.allText.contains("(12 shown, those with a target first)"))
        XCTAssertTrue(xml.allText.contains("The grid shows the first 50 of 331 units"))
        XCTAssertLessThanOrEqual(xml.all("details", class: "unit").count, 20)
        XCTAssertTrue(
            xml.allText.contains("with findings below this depth are not shown") || xml.allText.contains("not shown (at most 20 units"))
    }

    func testChartsWithValuesAreKeptFirstWithinTheLimit() throws {
        let evaluated = try Evaluated(files: [
            "units.csv": "code,name,parent\nP,Tỉnh,\nA,Huyện A,P\nB,Huyện B,P\nA1,Xã A1,A\nB1,Xã B1,B\n",
            "indicators.csv": "code,name,unit,aggregation,direction,low\nBEDS,Số giường bệnh,giường,sum,higher,0\n",
            "targets.csv": "unit,indicator,year,target\nA1,BEDS,2025,5\nB1,BEDS,2025,5\n",
            "values.csv": "unit,indicator,period,value\nB1,BEDS,2025,4\n",
        ])
        let xml = ParsedXML(String(evaluated.html(limits: ReportLimits(charts: 1)).dropFirst("<!DOCTYPE html>\n".count)))
        let captions = xml.all("figcaption").map(\.text)
        XCTAssertEqual(captions.count, 1)
        XCTAssertTrue(captions[0].hasPrefix("Huyện B"), "\(captions)")
        XCTAssertTrue(xml.allText.contains("1 more chart for 1 indicator is not drawn"))
    }

    func testRealSampleRendersWithVietnameseNames() throws {
        let evaluated = try Evaluated(folder: PackageFiles.root + "/Samples/haiphong-real")
        let html = evaluated.html()
        let xml = ParsedXML(String(html.dropFirst("<!DOCTYPE html>\n".count)))
        XCTAssertTrue(xml.isWellFormed, "\(String(describing: xml.error))")
        XCTAssertTrue(html.contains("Phường Bắc Sơn"))
        XCTAssertTrue(html.contains("Tỉ lệ dân số tham gia bảo hiểm y tế"))
        XCTAssertGreaterThan(xml.all("figure", class: "chart").count, 20)
        XCTAssertEqual(xml.all("svg", class: "grid").count, 1)
    }
}
