import Foundation
import RollupCLI
import RollupTestSupport
import XCTest

final class SimulateCommandTests: XCTestCase {
    let files = [
        "units.csv": "code,name,parent\nD,Quận Kiến An,\nW1,Phường Bắc Sơn,D\nW2,Phường Nam Sơn,D\n",
        "indicators.csv": """
        code,name,unit,aggregation,weight,numerator,denominator,scale,direction,low,high
        POP,Dân số trung bình,người,sum,,,,,,0,
        BHYT,Tỉ lệ tham gia bảo hiểm y tế,%,weighted_mean,POP,,,,higher,0,100

        """,
        "values.csv": "unit,indicator,period,value\nW1,POP,2024,1000\nW2,POP,2024,3000\nW1,BHYT,2024,91\n",
        "targets.csv": "unit,indicator,year,target\nD,BHYT,2030,95\nW1,BHYT,2030,90\nW2,BHYT,2030,93\n",
    ]

    func run(_ arguments: [String]) -> (ExitStatus, RecordingConsole) {
        let console = RecordingConsole()
        return (RollupCommandLine.run(arguments, console: console), console)
    }

    func testSimulateWritesTheChangedPlansFilesAndLeavesTheDataAlone() throws {
        let data = try DataFolder(files)
        let out = try DataFolder([:])
        // (90·1000 + 93·3000) / 4000 = 92.25 < 95: an error on D. W2 at 96: (90 + 3·96) / 4 = 94.5, still short;
        // W2 no longer plans below D.
        let (status, console) = run([
            "simulate", data.path, "--set", "W2:BHYT:2030=96", "--out", out.file("what-if"), "--save-targets", out.file("targets.csv"),
        ])
        XCTAssertEqual(status, .success, console.errors.joined(separator: "\n"))
        XCTAssertEqual(
            out.read("what-if/changes.csv"),
            """
            change,kind,unit,indicator,period,before,after
            resolved,target_below_parent,W2,BHYT,2030,warning 93 (expected 95),
            altered,children_cannot_reach_target,D,BHYT,2030,error 92.25 (expected 95),error 94.5 (expected 95)

            """)
        // Common floor: W1 alone, F·1000 + 288,000 = 380,000, F = 92 ≤ 96. Uplift: gaps 10·1000 + 4·3000 =
        // 22,000 for 2,000: f = 1/11, W1 90.9091, W2 96.3637 (rounded up).
        XCTAssertEqual(
            out.read("what-if/needs.csv"),
            """
            parent,indicator,year,child,current_target,needed_target,method
            D,BHYT,2030,W1,90,92,common_floor
            D,BHYT,2030,W2,96,96,common_floor
            D,BHYT,2030,W1,90,90.9091,proportional_uplift
            D,BHYT,2030,W2,96,96.3637,proportional_uplift

            """)
        XCTAssertEqual(out.read("targets.csv"), "unit,indicator,year,target\nD,BHYT,2030,95\nW1,BHYT,2030,90\nW2,BHYT,2030,96\n")
        XCTAssertEqual(data.read("targets.csv"), files["targets.csv"])
        XCTAssertTrue(console.output.contains("changes.csv: 1 resolved, 0 introduced, 1 altered"), console.output.joined(separator: "\n"))
        // A full run on the saved plan writes the same findings and progress, byte for byte.
        var changed = files
        changed["targets.csv"] = out.read("targets.csv")
        let changedData = try DataFolder(changed)
        let (runStatus, _) = run(["run", changedData.path, "--out", out.file("full"), "-q"])
        XCTAssertEqual(runStatus, .success)
        XCTAssertEqual(out.read("what-if/findings.csv"), out.read("full/findings.csv"))
        XCTAssertEqual(out.read("what-if/progress.csv"), out.read("full/progress.csv"))
    }

    func testHoldAndUnreachable() throws {
        let data = try DataFolder(files)
        let out = try DataFolder([:])
        // W2 held at 93: W1 at 100 gives (100 + 279) / 4 = 94.75 < 97.
        let (status, console) = run(["simulate", data.path, "--set", "D:BHYT:2030=97", "--hold", "W2", "--out", out.file("r")])
        XCTAssertEqual(status, .success, console.errors.joined(separator: "\n"))
        XCTAssertEqual(
            out.read("r/needs.csv"),
            """
            parent,indicator,year,child,current_target,needed_target,method
            D,BHYT,2030,W1,90,,unreachable
            D,BHYT,2030,W2,93,,unreachable

            """)
        XCTAssertTrue(console.output.contains { $0.contains("unreachable: D BHYT 2030 (97)") }, console.output.joined(separator: "\n"))
    }

    func testChangesFileWithErrorsIsReportedWithPositionsAndNothingIsWritten() throws {
        let data = try DataFolder(files)
        let out = try DataFolder(["changes.csv": "unit,indicator,year,target\nW1,BHYT,2030,>=97\nW9,BHYT,2030,97\nW2,BHYT,20x0,9O\n"])
        let (status, console) = run(["simulate", data.path, "--changes", out.file("changes.csv"), "--out", out.file("r")])
        XCTAssertEqual(status, .inputError)
        XCTAssertEqual(
            console.errors.prefix(3),
            [
                "\(out.file("changes.csv")):3:1: found the unit 'W9', expected the code of a unit in units.csv",
                "\(out.file("changes.csv")):4:9: found '20x0', expected a year such as 2030",
                "\(out.file("changes.csv")):4:14: found '9O', expected a number, a bound such as <3 or ≥ 97, a range such as 28-30, or -",
            ])
        XCTAssertNil(out.read("r/findings.csv"))
    }

    func testChangesFileAndSetApplyInOrder() throws {
        let data = try DataFolder(files)
        let out = try DataFolder(["changes.csv": "unit,indicator,year,target\nW1,BHYT,2030,100\nW2,BHYT,2030,-\n"])
        let (status, console) = run([
            "simulate", data.path, "--changes", out.file("changes.csv"), "--set", "W2:BHYT:2030=94", "--out", out.file("r"), "-q",
        ])
        XCTAssertEqual(status, .success, console.errors.joined(separator: "\n"))
        XCTAssertEqual(console.output, [])
        // (100 + 3·94) / 4 = 95.5 ≥ 95: resolved; W1's 91 of 2024 is no longer enough for its own 100.
        XCTAssertEqual(
            out.read("r/changes.csv"),
            """
            change,kind,unit,indicator,period,before,after
            resolved,children_cannot_reach_target,D,BHYT,2030,error 92.25 (expected 95),
            resolved,target_below_parent,W1,BHYT,2030,warning 90 (expected 95),
            introduced,off_track,W1,BHYT,2030,,warning 91 (expected 100)
            altered,target_below_parent,W2,BHYT,2030,warning 93 (expected 95),warning 94 (expected 95)
            altered,progress,W1,BHYT,2030,achieved,off_track

            """)
    }

    func testBadCommandLines() throws {
        let data = try DataFolder(files)
        let out = try DataFolder([:])
        XCTAssertEqual(run(["simulate", data.path, "--set", "W1:BHYT:2030=97"]).0, .usage)
        XCTAssertEqual(run(["simulate", data.path, "--out", out.file("r")]).0, .usage)
        let (bad, console) = run(["simulate", data.path, "--set", "W9:BHYT:2030=97", "--set", "W1-BHYT", "--out", out.file("r")])
        XCTAssertEqual(bad, .usage)
        XCTAssertEqual(console.errors.first, "error: --set W9:BHYT:2030=97: found the unit 'W9', expected the code of a unit in units.csv")
        XCTAssertTrue(
            console.errors.contains { $0.hasPrefix("error: --set W1-BHYT: found 'W1-BHYT', expected UNIT:INDICATOR:YEAR=TARGET") })
        // The data folder is never written to.
        let (inside, insideConsole) = run(["simulate", data.path, "--set", "W1:BHYT:2030=97", "--out", data.file("results")])
        XCTAssertEqual(inside, .usage)
        XCTAssertTrue(insideConsole.errors.first?.contains("never modifies") == true)
        XCTAssertEqual(
            run(["simulate", data.path, "--set", "W1:BHYT:2030=97", "--out", out.file("r"), "--save-targets", data.file("targets.csv")]).0,
            .usage)
        XCTAssertEqual(data.read("targets.csv"), files["targets.csv"])
        XCTAssertEqual(run(["simulate", data.path, "--interactive", "--out", out.file("r")]).0, .usage)
    }

    func testInteractiveReadsCommandsUntilQuitOrTheEnd() throws {
        let data = try DataFolder(files)
        let out = try DataFolder([:])
        let parsed = try ParsedArguments.parse([data.path, "--interactive"], options: SimulateCommand.options).get()
        var command = try SimulateCommand(parsed)
        var lines = [
            "set W2 BHYT 2030 96", "bogus", "needs D BHYT 2030", "save \(out.file("plan.csv"))", "save \(data.file("targets.csv"))",
        ]
        command.readLine = { lines.isEmpty ? nil : lines.removeFirst() }
        let console = RecordingConsole()
        XCTAssertEqual(command.run(console), .success)
        let text = console.output.joined(separator: "\n")
        XCTAssertTrue(console.output.first?.hasPrefix("Loaded 3 units, 2 indicators and 3 targets.") == true, text)
        XCTAssertTrue(console.output.contains("Phường Nam Sơn (W2), BHYT 2030: 93 → 96."), text)
        XCTAssertTrue(console.output.contains("Unknown command 'bogus'. Type help for the commands."), text)
        XCTAssertTrue(
            console.output.contains(
                "Common floor: raise every child target below 92 to 92. Proportional uplift: close 9.1% of every child's gap to 100."), text
        )
        XCTAssertTrue(console.output.contains("Saved 3 targets to \(out.file("plan.csv"))."), text)
        XCTAssertTrue(console.output.contains { $0.hasPrefix("Not saved:") && $0.contains("never modifies") }, text)
        XCTAssertEqual(out.read("plan.csv"), "unit,indicator,year,target\nD,BHYT,2030,95\nW1,BHYT,2030,90\nW2,BHYT,2030,96\n")
        XCTAssertEqual(data.read("targets.csv"), files["targets.csv"])
    }
}
