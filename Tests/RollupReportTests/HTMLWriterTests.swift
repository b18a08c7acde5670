import RollupReport
import XCTest

final class HTMLWriterTests: XCTestCase {
    func testEscapesEveryMarkupCharacterInTextAndAttributes() {
        XCTAssertEqual(
            HTMLWriter.escape(#"<script>alert("x" & 'y')</script>"#), "&lt;script&gt;alert(&quot;x&quot; &amp; &#39;y&#39;)&lt;/script&gt;")
        var w = HTMLWriter()
        w.element("p", ["title": #""><img src=x onerror=alert(1)>"#], text: "<b>bold</b>")
        XCTAssertEqual(w.finish(), #"<p title="&quot;&gt;&lt;img src=x onerror=alert(1)&gt;">&lt;b&gt;bold&lt;/b&gt;</p>"#)
    }

    func testKeepsVietnameseAndReplacesCharactersXMLForbids() {
        XCTAssertEqual(HTMLWriter.escape("Phường Bắc Sơn"), "Phường Bắc Sơn")
        XCTAssertEqual(HTMLWriter.escape("a\u{0}b\u{1B}c\td\ne"), "a\u{FFFD}b\u{FFFD}c\td\ne")
        XCTAssertEqual(HTMLWriter.escape("x\u{FFFF}"), "x\u{FFFD}")
    }

    func testNestsAndClosesElementsAndLeavesOutNilAttributes() {
        var w = HTMLWriter()
        w.start("details", ["class": "unit", "open": nil])
        w.element("summary", text: "A & B")
        w.leaf("br")
        XCTAssertFalse(w.isBalanced)
        XCTAssertEqual(w.openElements, ["details"])
        w.end("details")
        XCTAssertTrue(w.isBalanced)
        XCTAssertEqual(w.finish(), #"<details class="unit"><summary>A &amp; B</summary><br/></details>"#)
    }

    func testTrustedMarkupIsWrittenAsItIs() {
        var w = HTMLWriter()
        w.start("style")
        w.trusted("body > p { color: red; }")
        w.end("style")
        XCTAssertEqual(w.finish(), "<style>body > p { color: red; }</style>")
    }
}
