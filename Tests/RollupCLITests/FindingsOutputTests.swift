import Foundation
import RollupCLI
import RollupTestSupport
import XCTest

final class FindingsOutputTests: XCTestCase {
    func folder() throws -> DataFolder {
        try DataFolder([
            "units.csv": "code,name,parent\nD,Quận Kiến An,\nW1,Phường Bắc Sơn,D\nW2,Phường Nam Sơn,D\n",
            "indicators.csv": """
            code,name,unit,aggregation,weight,direction,low,high
            POP,Dân số,người,sum,,,0,
            BHYT,Tỉ lệ bao phủ bảo hiểm y tế,%,weighted_mean,POP,higher,0,100
            """,
            "values.csv": "unit,indicator,period,value\nW1,POP,2024,1000\nW2,POP,2024,3000\nW1,BHYT,2024,88\nW2,BHYT,2024,90\n",
            "targets.csv": "unit,indicator,year,target\nD,BHYT,2030,100\nW1,BHYT,2030,90\nW2,BHYT,2030,92\n",
        ])
    }

    func testUnreachableParentTargetIsWrittenAndFailsTheRunWhenAsked() throws {
        let data = try folder()
        let out = try DataFolder([:])
        let console = RecordingConsole()
        XCTAssertEqual(RollupCommandLine.run(["run", data.path, "--out", out.file("r")], console: console), .success)
        let findings = try XCTUnwrap(out.read("r/findings.csv"))
        XCTAssertTrue(findings.hasPrefix("kind,severity,unit,indicator,period,value,expected,message\n"))
        XCTAssertTrue(findings.contains("children_cannot_reach_target,error,D,BHYT,2030,91.5,100,"), findings)
        XCTAssertTrue(console.output.contains { $0.hasPrefix("findings: ") }, "\(console.output)")
        let progress = try XCTUnwrap(out.read("r/progress.csv"))
        XCTAssertTrue(progress.contains("D,BHYT,2030,100,2024,89.5,"), progress)
        let failing = RollupCommandLine.run(
            ["run", data.path, "--out", out.file("r"), "--fail-on-errors", "-q"], console: RecordingConsole())
        XCTAssertEqual(failing, .findings)
        XCTAssertEqual(RollupCommandLine.run(["check", data.path, "--fail-on-errors"], console: RecordingConsole()), .findings)
    }
}
