import RollupModel
import RollupSimulation
import XCTest

/// Every kind of row of `changes.csv`: findings and progress statuses resolved, introduced and
/// altered.
final class ChangesTests: XCTestCase {
    static let files = [
        "units.csv": NeedsTests.files["units.csv"] ?? "",
        "indicators.csv": NeedsTests.files["indicators.csv"] ?? "",
        "values.csv": """
        unit,indicator,period,value
        W1,POP,2024,1000
        W2,POP,2024,1000
        W3,POP,2024,2000
        W1,BHYT,2024,85
        W1,BHYT,2025,88
        """,
        "targets.csv": """
        unit,indicator,year,target
        D,BHYT,2030,93
        W1,BHYT,2030,80
        W2,BHYT,2030,90
        W3,BHYT,2030,98
        W1,BHYT,2025,87
        """,
    ]

    func rows(_ f: SimulationFixture, _ effects: [Effect]) -> [[String]] {
        SimulationTables.changes(effects, f.dataset).rows
    }

    func testRaisingAWardResolvesTheDistrictsFindingAndAltersItsOwn() throws {
        let f = try SimulationFixture(files: Self.files)
        // (80 + 90 + 2·98) / 4 = 91.5 < 93: an error on D. W1 at 86 makes it exactly 93.
        let step = try XCTUnwrap(f.apply("W1", "BHYT", 2030, "86"))
        XCTAssertEqual(step.reevaluated, 2)
        XCTAssertEqual(
            rows(f, step.effects),
            [
                ["resolved", "children_cannot_reach_target", "D", "BHYT", "2030", "error 91.5 (expected 93)", ""],
                ["altered", "target_below_parent", "W1", "BHYT", "2030", "warning 80 (expected 93)", "warning 86 (expected 93)"],
            ])
        XCTAssertEqual(rows(f, f.simulation.effects()), rows(f, step.effects))
        XCTAssertEqual(
            csvText(SimulationTables.changes(f.simulation.effects(), f.dataset)).split(separator: "\n").first,
            "change,kind,unit,indicator,period,before,after")
    }

    func testRemovingATargetIntroducesAFindingAndResolvesItsProgressRow() throws {
        let f = try SimulationFixture(files: Self.files)
        f.apply("W1", "BHYT", 2030, "86")
        // Without W3's plan the planned wards reach (86 + 90) / 2 = 88 only: a warning on D.
        let step = try XCTUnwrap(f.apply("W3", "BHYT", 2030, "-"))
        XCTAssertEqual(
            rows(f, step.effects),
            [
                ["resolved", "progress", "W3", "BHYT", "2030", "no_data", ""],
                ["introduced", "children_cannot_reach_target", "D", "BHYT", "2030", "", "warning 88 (expected 93)"],
            ])
        // Against the plan as loaded, D's error became a warning: altered.
        XCTAssertEqual(
            rows(f, f.simulation.effects()),
            [
                ["resolved", "progress", "W3", "BHYT", "2030", "no_data", ""],
                ["altered", "children_cannot_reach_target", "D", "BHYT", "2030", "error 91.5 (expected 93)", "warning 88 (expected 93)"],
                ["altered", "target_below_parent", "W1", "BHYT", "2030", "warning 80 (expected 93)", "warning 86 (expected 93)"],
            ])
    }

    func testANewTargetIntroducesItsProgressRowAndAStatusChangeIsAltered() throws {
        let f = try SimulationFixture(files: Self.files)
        // A new target: a new progress row (no values for W3).
        let added = try XCTUnwrap(f.apply("W3", "BHYT", 2025, "95"))
        XCTAssertEqual(rows(f, added.effects), [["introduced", "progress", "W3", "BHYT", "2025", "", "no_data"]])
        // W1 reached 88 in 2025: 87 is achieved, 90 is missed.
        let raised = try XCTUnwrap(f.apply("W1", "BHYT", 2025, "90"))
        XCTAssertEqual(
            rows(f, raised.effects),
            [
                ["introduced", "missed", "W1", "BHYT", "2025", "", "warning 88 (expected 90)"],
                ["altered", "progress", "W1", "BHYT", "2025", "achieved", "missed"],
            ])
        // Undo takes the last one back.
        let undone = try XCTUnwrap(f.simulation.undo())
        XCTAssertEqual(
            rows(f, undone.effects),
            [
                ["resolved", "missed", "W1", "BHYT", "2025", "warning 88 (expected 90)", ""],
                ["altered", "progress", "W1", "BHYT", "2025", "missed", "achieved"],
            ])
        XCTAssertEqual(rows(f, f.simulation.effects()), [["introduced", "progress", "W3", "BHYT", "2025", "", "no_data"]])
    }

    func testSavedTargetsKeepTheFileOrderWithChangesInPlaceAndAdditionsLast() throws {
        let f = try SimulationFixture(files: Self.files)
        f.apply("W2", "BHYT", 2030, ">= 91,5")
        f.apply("W3", "BHYT", 2030, "-")
        f.apply("D", "BHYT", 2025, "90")
        XCTAssertEqual(
            csvText(SimulationTables.targets(f.simulation.plan, f.dataset)),
            """
            unit,indicator,year,target
            D,BHYT,2030,93
            W1,BHYT,2030,80
            W2,BHYT,2030,">= 91,5"
            W1,BHYT,2025,87
            D,BHYT,2025,90

            """)
    }

    func testChangesAreReadWithTheLoadersRules() throws {
        let f = try SimulationFixture(files: Self.files)
        let reader = ChangeReader(dataset: f.dataset)
        guard case .failure(let bad) = reader.change(unit: "W9", indicator: "XYZ", year: "20x0", target: "97") else {
            return XCTFail("read a bad change")
        }
        XCTAssertEqual(
            bad.errors.map(\.message),
            [
                "found the unit 'W9', expected the code of a unit in units.csv",
                "found the indicator 'XYZ', expected the code of an indicator in indicators.csv",
                "found '20x0', expected a year such as 2030",
            ])
        guard case .failure(let notation) = reader.change(unit: "W1", indicator: "BHYT", year: "2030", target: "9O") else {
            return XCTFail("read a bad notation")
        }
        XCTAssertEqual(notation.errors.map(\.field), ["target"])
        guard case .success(let spec) = reader.change(spec: "W1:BHYT:2030=>=97") else { return XCTFail("could not read a --set") }
        XCTAssertEqual(spec.target?.text, ">=97")
        XCTAssertEqual(spec.target?.figure, .interval(Interval(low: 97, high: 100)))
        guard case .success(let removal) = reader.change(spec: "W1:BHYT:2030=-") else { return XCTFail("could not read a removal") }
        XCTAssertNil(removal.target)
        guard case .failure(let shape) = reader.change(spec: "W1-BHYT-2030") else { return XCTFail("read a malformed --set") }
        XCTAssertEqual(shape.errors.first?.field, "change")
    }
}
