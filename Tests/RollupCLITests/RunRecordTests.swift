import XCTest

@testable import RollupCLI

final class RunRecordTests: XCTestCase {
    func records(_ text: String) -> Int { RunRecord.records(Array(text.utf8)) }

    func testRecordsCountLineEndsOutsideQuotesOnly() {
        XCTAssertEqual(records("a,b\n\"x\ny\",2\n3,\"say \"\"hi\"\"\n\"\n"), 3)
        XCTAssertEqual(records("a,b\n1,2"), 2, "a last record without a line end")
        XCTAssertEqual(records(""), 1, "an empty file is one (empty) header")
        XCTAssertEqual(records(String(repeating: "w,1\n", count: 10_000) + "\"a\nb\"\n"), 10_001)
    }
}
