import Foundation
import RollupCLI
import RollupTestSupport
import XCTest

final class CompareCommandTests: XCTestCase {
    func testComparisonMapsEarlierFiguresThroughTheMerger() throws {
        let data = try DataFolder([
            "units.csv": """
            code,name,parent,valid_from,valid_to,successor
            VN,Việt Nam,,,,
            HP,Hải Phòng,VN,,,
            HD,Hải Dương,VN,,2024,HP
            """,
            "indicators.csv": "code,name,unit,aggregation\nPOP,Dân số,người,sum\n",
            "values.csv": "unit,indicator,period,value\nHP,POP,2024,2000\nHD,POP,2024,1900\nHP,POP,2025,4000\n",
        ])
        let out = try DataFolder([:])
        let console = RecordingConsole()
        XCTAssertEqual(
            RollupCommandLine.run(["compare", data.path, "--from", "2024", "--to", "2025", "--out", out.file("c.csv")], console: console),
            .success, "\(console.errors)")
        let csv = try XCTUnwrap(out.read("c.csv"))
        XCTAssertTrue(csv.contains("\nHP,POP,2024,3900,,,derived,2025,4000,,,100,,,HP;HD\n"), csv)
        XCTAssertEqual(RollupCommandLine.run(["compare", data.path, "--from", "2019"], console: RecordingConsole()), .usage)
    }
}
