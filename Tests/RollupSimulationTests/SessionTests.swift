import Foundation
import RollupIO
import RollupSimulation
import RollupTestSupport
import XCTest

/// The interactive session driven by piped commands, malformed ones included.
final class SessionTests: XCTestCase {
    final class Saved: @unchecked Sendable {
        var files: [String: String] = [:]
    }

    func session(_ f: SimulationFixture, saved: Saved = Saved()) -> SimulationSession {
        SimulationSession(simulation: f.simulation) { path, rows in
            if path.hasPrefix("/nonexistent/") { return "could not write \(path)" }
            saved.files[path] = csvText(rows)
            return nil
        }
    }

    func testAScriptedSessionAnswersEveryCommandAndGoesOnAfterBadOnes() throws {
        let f = try SimulationFixture(files: ChangesTests.files)
        let saved = Saved()
        let s = session(f, saved: saved)
        let script = """
            # a planner's script
            help
            show D BHYT
            needs D BHYT 2030
            set W1 BHYT 2030 86
            set W9 BHYT 2030 86
            set W1 BHYT
            set W1 BHYT 2030 9O
            frobnicate
            show W9
            needs D BHYT 20x0
            needs D BHYT 2030 hold W1
            unset W3 BHYT 2030
            diff
            undo
            save plan.csv
            save /nonexistent/plan.csv
            set D BHYT 2030 "93"
            quit
            set D BHYT 2030 50
            """
        let out = s.run(script.split(separator: "\n", omittingEmptySubsequences: false).map(String.init))
        let text = out.joined(separator: "\n")
        XCTAssertTrue(s.finished)
        // help
        XCTAssertTrue(out.contains { $0.hasPrefix("  set UNIT INDICATOR YEAR TARGET") }, text)
        // show: the district's target with its error
        XCTAssertTrue(out.contains("Quận Kiến An (D)."), text)
        XCTAssertTrue(out.contains { $0.contains("BHYT") && $0.contains("93") && $0.contains("error children_cannot_reach_target") }, text)
        XCTAssertTrue(out.contains("Its children's targets for BHYT:"), text)
        // needs, as in NeedsTests
        XCTAssertTrue(
            out.contains(
                "Common floor: raise every child target below 86 to 86. Proportional uplift: close 17.6% of every child's gap to 100."),
            text)
        XCTAssertTrue(out.contains { $0.contains("W1") && $0.contains("80") && $0.contains("86") && $0.contains("83.5295") }, text)
        // set: the change and what it did, in a table
        XCTAssertTrue(out.contains("Phường Bắc Sơn (W1), BHYT 2030: 80 → 86."), text)
        XCTAssertTrue(out.contains("Re-evaluated 2 targets: 1 resolved, 0 introduced, 1 altered."), text)
        XCTAssertTrue(
            out.contains {
                $0.contains("resolved") && $0.contains("children_cannot_reach_target") && $0.contains("error 91.5 (expected 93)")
            }, text)
        // malformed commands: a clear message each, and the session went on
        XCTAssertTrue(out.contains("Not changed: found the unit 'W9', expected the code of a unit in units.csv."), text)
        XCTAssertTrue(
            out.contains("set needs UNIT INDICATOR YEAR TARGET, for example: set W1 BHYT 2030 97 (use - to remove a target)."), text)
        XCTAssertTrue(out.contains { $0.hasPrefix("Not changed: found '9O', expected a number") }, text)
        XCTAssertTrue(out.contains("Unknown command 'frobnicate'. Type help for the commands."), text)
        XCTAssertTrue(out.contains("Unknown unit 'W9': expected the code of a unit in units.csv."), text)
        XCTAssertTrue(out.contains("Found '20x0', expected a year such as 2030."), text)
        // needs with a hold, after W1's change: the district is met already
        XCTAssertTrue(out.contains("Its children's targets already meet it: nothing is needed."), text)
        // unset, diff, undo
        XCTAssertTrue(out.contains("Phường Trần Thành Ngọ (W3), BHYT 2030: 98 → no target."), text)
        XCTAssertTrue(out.contains("2 changes so far:"), text)
        XCTAssertTrue(out.contains { $0.hasPrefix("Against the plan as loaded: 1 resolved, 0 introduced, 2 altered") }, text)
        XCTAssertTrue(out.contains("Undone: Phường Trần Thành Ngọ (W3), BHYT 2030 back to 98 (was no target)."), text)
        // save, and a failed save
        XCTAssertTrue(out.contains("Saved 5 targets to plan.csv."), text)
        XCTAssertEqual(saved.files["plan.csv"]?.split(separator: "\n").count, 6)
        XCTAssertTrue(saved.files["plan.csv"]?.contains("W1,BHYT,2030,86") == true)
        XCTAssertTrue(out.contains("Not saved: could not write /nonexistent/plan.csv."), text)
        // setting what is already there changes nothing
        XCTAssertTrue(out.contains("Quận Kiến An (D), BHYT 2030 is already 93: nothing changed."), text)
        // quit ends the session: the last line is not read
        XCTAssertEqual(out.last, "Bye.")
        XCTAssertEqual(f.simulation.plan.target(f.key("D", "BHYT", 2030))?.text, "93")
    }

    func testAnswersAreAlignedTables() throws {
        let f = try SimulationFixture(files: NeedsTests.files)
        let out = session(f).handle("needs D BHYT 2030")
        let table = out.drop { !$0.hasPrefix("  child") }
        XCTAssertEqual(table.count, 5, out.joined(separator: "\n"))
        let header = Array(try XCTUnwrap(table.first))
        let rule = Array(table.dropFirst().first ?? "")
        // Every column starts (in characters) where a run of the rule's dashes starts, after a space.
        let starts = rule.indices.filter { rule[$0] == "-" && $0 > 0 && rule[$0 - 1] == " " }
        XCTAssertEqual(starts.count, 6)
        for line in table.dropFirst(2).map(Array.init) + [header] {
            for start in starts where start < line.count {
                XCTAssertEqual(line[start - 1], " ", String(line))
                XCTAssertNotEqual(line[start], " ", String(line))
            }
        }
    }

    func testTheCitysUnreachableTargetWithHeldDistricts() throws {
        let f = try SimulationFixture(sample: "city-synthetic")
        let s = session(f)
        let set = s.handle("set P1 BHYT 2030 98")
        // Long figures are shown to 6 significant digits, as the findings' messages show them.
        XCTAssertTrue(
            set.contains { $0.contains("altered") && $0.contains("off_track") && $0.contains("[90.6091, 90.6816]") },
            set.joined(separator: "\n"))
        XCTAssertEqual(set.last, "Its children's targets do not reach it: try needs P1 BHYT 2030.")
        let free = s.handle("needs P1 BHYT 2030")
        XCTAssertTrue(
            free.contains(
                "Common floor: raise every child target below 98 to 98. Proportional uplift: close 64.3% of every child's gap to 100."),
            free.joined(separator: "\n"))
        let held = s.handle("needs P1 BHYT 2030 hold D1 D2 D3")
        XCTAssertTrue(
            held.contains(
                "Unreachable: even with every child that is not held at 100, the children's targets cannot meet it (held: D1, D2, D3)."),
            held.joined(separator: "\n"))
    }

    func testQuotesAndEmptyLines() throws {
        let f = try SimulationFixture(files: NeedsTests.files)
        let s = session(f)
        XCTAssertEqual(s.handle(""), [])
        XCTAssertEqual(s.handle("   # a comment"), [])
        XCTAssertEqual(s.handle("set W1 BHYT 2030 \"81"), ["A quote is not closed: set W1 BHYT 2030 \"81"])
        XCTAssertEqual(s.handle("set W1 BHYT 2030 \"81,5\"").first, "Phường Bắc Sơn (W1), BHYT 2030: 80 → 81,5.")
        XCTAssertEqual(s.handle("diff extra"), ["diff takes nothing after it."])
        XCTAssertEqual(s.handle("undo").first, "Undone: Phường Bắc Sơn (W1), BHYT 2030 back to 80 (was 81,5).")
        XCTAssertEqual(s.handle("undo"), ["Nothing to undo."])
        XCTAssertEqual(s.handle("diff"), ["No changes so far."])
        XCTAssertEqual(
            s.handle("needs D FERT 2030").first?.hasPrefix(
                "Nothing to solve for Quận Kiến An (D), FERT 2030: the indicator has no direction"), true)
    }
}
