import RollupReport
import XCTest

/// Names from the data are shown, never run: a unit, an indicator, a level and a code that try to
/// inject markup end up as text in every section, and in the Markdown summary.
final class HostileNamesTests: XCTestCase {
    static let script = "<script>alert(1)</script>"
    static let image = #""><img src=x onerror=alert(2)>"#

    func evaluated() throws -> Evaluated {
        try Evaluated(files: [
            "units.csv": """
            code,name,parent,level
            R,"\(Self.image.replacingOccurrences(of: "\"", with: "\"\""))",,<b>province</b>
            X,\(Self.script),R,ward
            Y,Phường & Co,R,ward

            """,
            "indicators.csv": """
            code,name,unit,aggregation,direction,low,high
            BHYT,"<style>body{display:none}</style>",%,mean,higher,0,100

            """,
            "targets.csv": "unit,indicator,year,target\nR,BHYT,2025,95\nX,BHYT,2025,90\nY,BHYT,2025,80\n",
            "values.csv": "unit,indicator,period,value\nX,BHYT,2025,91\nY,BHYT,2025,85\n",
        ])
    }

    func testHostileNamesAreEscapedEverywhere() throws {
        let e = try evaluated()
        var facts = Evaluated.facts
        facts.dataFolder = "/tmp/<script>x</script>"
        facts.warnings = ["units.csv:1:1: warning: <iframe>"]
        let html = e.html(facts: facts)
        let xml = ParsedXML(String(html.dropFirst("<!DOCTYPE html>\n".count)))
        XCTAssertTrue(xml.isWellFormed, "\(String(describing: xml.error))")
        XCTAssertTrue(xml.all("script").isEmpty)
        XCTAssertTrue(xml.all("img").isEmpty)
        XCTAssertTrue(xml.all("iframe").isEmpty)
        XCTAssertTrue(xml.all("b").isEmpty)
        XCTAssertEqual(xml.all("style").count, 1)
        XCTAssertFalse(html.contains("<script"))
        XCTAssertFalse(html.contains("<img"))
        XCTAssertTrue(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"))
        XCTAssertTrue(html.contains("Phường &amp; Co"))
        // Shown as text: the parsed text holds the names as written.
        XCTAssertTrue(xml.allText.contains(Self.script))
        XCTAssertTrue(xml.allText.contains(Self.image))
        XCTAssertTrue(xml.allText.contains("<style>body{display:none}</style>"))
        XCTAssertFalse(xml.all("figure", class: "chart").isEmpty)
    }

    func testMarkdownEscapesHostileNames() throws {
        let md = try evaluated().markdown()
        XCTAssertFalse(md.contains("<script>"))
        XCTAssertTrue(md.contains(#"\<script\>alert(1)\</script\>"#))
        // Every angle bracket is escaped, so a Markdown renderer shows it as text.
        let characters = Array(md)
        for (k, ch) in characters.enumerated() where ch == "<" || ch == ">" {
            XCTAssertEqual(k > 0 ? characters[k - 1] : " ", "\\", String(characters[max(0, k - 20)..<min(characters.count, k + 20)]))
        }
        XCTAssertEqual(MarkdownSummary.escape("a|b <i>*x*</i>"), #"a\|b \<i\>\*x\*\</i\>"#)
    }
}
