import RollupModel
import RollupSimulation
import XCTest

/// The common floor and the proportional uplift on hand-computed examples.
final class NeedsTests: XCTestCase {
    /// A district and three wards weighing 1000, 1000 and 2000 people.
    static let files = [
        "units.csv": """
        code,name,parent
        D,Quận Kiến An,
        W1,Phường Bắc Sơn,D
        W2,Phường Nam Sơn,D
        W3,Phường Trần Thành Ngọ,D
        """,
        "indicators.csv": """
        code,name,unit,aggregation,weight,numerator,denominator,scale,direction,low,high
        POP,Dân số trung bình,người,sum,,,,,,0,
        BHYT,Tỉ lệ tham gia bảo hiểm y tế,%,weighted_mean,POP,,,,higher,0,100
        UNEMP,Tỉ lệ thất nghiệp,%,weighted_mean,POP,,,,lower,0,100
        SCH,Tỉ lệ đi học đúng tuổi,%,min,,,,,higher,0,100
        STD,Số trường đạt chuẩn,trường,sum,,,,,higher,0,50
        BEDS,Số giường bệnh,giường,sum,,,,,higher,0,
        FERT,Tổng tỉ suất sinh,con,mean,,,,,,0,
        """,
        "values.csv": """
        unit,indicator,period,value
        W1,POP,2024,1000
        W2,POP,2024,1000
        W3,POP,2024,2000
        """,
        "targets.csv": """
        unit,indicator,year,target
        D,BHYT,2030,93
        W1,BHYT,2030,80
        W2,BHYT,2030,90
        W3,BHYT,2030,98
        D,UNEMP,2030,4
        W1,UNEMP,2030,8
        W2,UNEMP,2030,4
        W3,UNEMP,2030,3
        D,SCH,2030,93
        W1,SCH,2030,90
        W2,SCH,2030,95
        W3,SCH,2030,>=97
        D,STD,2030,120
        W1,STD,2030,30
        W2,STD,2030,40
        W3,STD,2030,45
        D,BEDS,2030,500
        W1,BEDS,2030,100
        W2,BEDS,2030,150
        D,FERT,2030,2.1
        W1,FERT,2030,1.8
        W2,FERT,2030,1.9
        W3,FERT,2030,2.0
        """,
    ]

    func fixture() throws -> SimulationFixture { try SimulationFixture(files: Self.files) }

    func lines(_ f: SimulationFixture, _ n: Needs) -> [String] {
        n.lines.map { "\(f.dataset.units.codes[$0.unit]) \($0.current) \($0.floor ?? "nil") \($0.uplift ?? "nil")" }
    }

    func testWeightedMeanCommonFloorAndProportionalUplift() throws {
        // (80·1000 + 90·1000 + 98·2000) / 4000 = 91.5, short of 93 (372,000 person-points needed).
        // Common floor: raising W1 alone to F gives F·1000 + 90,000 + 196,000 = 372,000, F = 86 ≤ 90.
        // Proportional uplift: gaps to 100 weigh 20·1000 + 10·1000 + 2·2000 = 34,000 for the 6,000
        // missing, f = 3/17: W1 80 + 20·3/17 = 83.5294…, W2 91.7647…, W3 98.3529…, rounded up to 6
        // significant digits.
        let f = try fixture()
        let n = f.simulation.needs(f.key("D", "BHYT", 2030))
        XCTAssertNil(n.reason)
        XCTAssertEqual(n.outcome, .reachable)
        XCTAssertEqual(n.rule, .weighted)
        XCTAssertEqual(n.floor, "86")
        XCTAssertEqual(try XCTUnwrap(n.fraction), 3.0 / 17.0, accuracy: 1e-12)
        XCTAssertEqual(lines(f, n), ["W1 80 86 83.5295", "W2 90 90 91.7648", "W3 98 98 98.353"])
        XCTAssertEqual(n.planned, "91.5")
    }

    func testHeldChildKeepsItsTargetAndTheOthersMakeUpTheDifference() throws {
        // W1 held at 80: 372,000 − 80,000 = 292,000 from W2 and W3; raising W2 alone:
        // F + 196,000 = 292,000 with F in thousands, F = 96 ≤ 98. Uplift: gaps 10·1000 + 2·2000 =
        // 14,000 for 6,000: f = 3/7, W2 = 90 + 30/7 = 94.2857…, W3 = 98 + 6/7 = 98.8571….
        let f = try fixture()
        let w1 = try XCTUnwrap(f.dataset.units.index(of: "W1"))
        let n = f.simulation.needs(f.key("D", "BHYT", 2030), holds: [w1])
        XCTAssertEqual(n.outcome, .reachable)
        XCTAssertEqual(n.floor, "96")
        XCTAssertEqual(try XCTUnwrap(n.fraction), 3.0 / 7.0, accuracy: 1e-12)
        XCTAssertEqual(lines(f, n), ["W1 80 80 80", "W2 90 96 94.2858", "W3 98 98 98.8572"])
        XCTAssertEqual(n.lines.map(\.held), [true, false, false])
    }

    func testNoFloorReachesTheTargetWhenEveryFreeChildAtItsBestIsStillShort() throws {
        // 99% with W1 held at 80: at best (80·1000 + 100·3000) / 4000 = 95 < 99.
        let f = try fixture()
        f.apply("D", "BHYT", 2030, "99")
        let w1 = try XCTUnwrap(f.dataset.units.index(of: "W1"))
        let held = f.simulation.needs(f.key("D", "BHYT", 2030), holds: [w1])
        XCTAssertEqual(held.outcome, .unreachable)
        XCTAssertNil(held.floor)
        XCTAssertEqual(lines(f, held), ["W1 80 nil nil", "W2 90 nil nil", "W3 98 nil nil"])
        // Without the hold every ward at 100 would do: F = 99 for all (W3's 98 is raised too).
        let free = f.simulation.needs(f.key("D", "BHYT", 2030))
        XCTAssertEqual(free.outcome, .reachable)
        XCTAssertEqual(free.floor, "99")
        // A count capped at 50 schools per ward: three wards reach at most 150, the district plans 120: reachable;
        // at 160 it is not, whatever the wards plan.
        XCTAssertEqual(f.simulation.needs(f.key("D", "STD", 2030)).outcome, .reachable)
        f.apply("D", "STD", 2030, "160")
        let capped = f.simulation.needs(f.key("D", "STD", 2030))
        XCTAssertEqual(capped.outcome, .unreachable)
        // needs.csv says so: no needed target, method unreachable.
        let rows = SimulationTables.needs([capped], f.dataset).rows
        XCTAssertEqual(
            rows,
            [
                ["D", "STD", "2030", "W1", "30", "", "unreachable"], ["D", "STD", "2030", "W2", "40", "", "unreachable"],
                ["D", "STD", "2030", "W3", "45", "", "unreachable"],
            ])
    }

    func testSumCommonFloorAndUplift() throws {
        // 30 + 40 + 45 = 115 < 120. Floor: raising W1 alone, F + 85 = 120, F = 35 ≤ 40. Uplift: gaps to 50
        // are 20 + 10 + 5 = 35 for 5 missing: f = 1/7.
        let f = try fixture()
        let n = f.simulation.needs(f.key("D", "STD", 2030))
        XCTAssertEqual(n.rule, .sum)
        XCTAssertEqual(n.floor, "35")
        XCTAssertEqual(try XCTUnwrap(n.fraction), 1.0 / 7.0, accuracy: 1e-12)
        XCTAssertEqual(lines(f, n), ["W1 30 35 32.8572", "W2 40 40 41.4286", "W3 45 45 45.7143"])
    }

    func testLowerIsBetterIsSolvedFromBelow() throws {
        // Unemployment: (8·1000 + 4·1000 + 3·2000) / 4000 = 4.5 above 4. Floor (a ceiling here): lowering W1
        // alone, F·1000 + 4000 + 6000 = 16,000, F = 6 ≥ 4. Uplift towards 0: the gaps weigh 8000 + 4000 +
        // 6000 = 18,000 for 2,000 too many, f = 1/9: W1 8 − 8/9 = 7.1111…, rounded down to 6 digits.
        let f = try fixture()
        let n = f.simulation.needs(f.key("D", "UNEMP", 2030))
        XCTAssertEqual(n.floor, "6")
        XCTAssertEqual(try XCTUnwrap(n.fraction), 1.0 / 9.0, accuracy: 1e-12)
        XCTAssertEqual(lines(f, n), ["W1 8 6 7.11111", "W2 4 4 3.55555", "W3 3 3 2.66666"])
    }

    func testMinimumRaisesEveryChildBelowTheTargetToIt() throws {
        // min(90, 95, ≥97) = 90 < 93: the floor is the target itself; the uplift needs W1 to close
        // (93 − 90) / (100 − 90) = 30% of its gap, and so do the others.
        let f = try fixture()
        let n = f.simulation.needs(f.key("D", "SCH", 2030))
        XCTAssertEqual(n.rule, .minimum)
        XCTAssertEqual(n.floor, "93")
        XCTAssertEqual(try XCTUnwrap(n.fraction), 0.3, accuracy: 1e-12)
        XCTAssertEqual(lines(f, n), ["W1 90 93 93", "W2 95 95 96.5", "W3 >=97 >=97 97.9"])
    }

    func testUnplannedChildGetsTheFloorAndUpliftNeedsABestValue() throws {
        // Beds: W3 has no target. Floor: 100, 150 and W3 at F: raising W3 alone, F = 250 ≥ 150? No: W3
        // alone raised gives 250 + F = 500, F = 250 > 100, so W1 too: F·2 + 150 = 500, F = 175 > 150, so all
        // three: F = 500/3. Beds have no upper limit: no proportional uplift.
        let f = try fixture()
        let n = f.simulation.needs(f.key("D", "BEDS", 2030))
        XCTAssertEqual(n.outcome, .reachable)
        XCTAssertEqual(n.floor, "166.667")
        XCTAssertNil(n.fraction)
        XCTAssertNotNil(n.upliftNote)
        XCTAssertEqual(lines(f, n), ["W1 100 166.667 nil", "W2 150 166.667 nil", "W3  166.667 nil"])
    }

    func testNoDirectionIsNotSolved() throws {
        let f = try fixture()
        let n = f.simulation.needs(f.key("D", "FERT", 2030))
        XCTAssertNotNil(n.reason)
        XCTAssertEqual(SimulationTables.needs([n], f.dataset).rows, [])
    }

    func testSolverAlone() {
        // Already met: nothing needed.
        let met = NeedsSolver.solve(
            NeedsProblem(
                rule: .weighted, children: [NeedsChild(current: 95, weight: 1), NeedsChild(current: 97, weight: 1)], goal: 96, best: 100))
        XCTAssertEqual(met.outcome, .met)
        // Maximum: one child at the target is enough, but the floor raises every child below it.
        let max = NeedsSolver.solve(
            NeedsProblem(rule: .maximum, children: [NeedsChild(current: 3), NeedsChild(current: 5)], goal: 6, best: 10))
        XCTAssertEqual(max.floor, 6)
        XCTAssertEqual(max.floorTargets, [6, 6])
        XCTAssertEqual(try XCTUnwrap(max.fraction), 0.2, accuracy: 1e-12)
        // Presentable numbers: exact ones kept, others rounded up at 6 significant digits.
        XCTAssertEqual(NeedsSolver.presentable(86), 86)
        XCTAssertEqual(NeedsSolver.presentable(86.00000000000001), 86)
        XCTAssertEqual(NeedsSolver.presentable(83.52941176470588), 83.5295)
        XCTAssertEqual(NeedsSolver.presentable(-3.5555555555), -3.55555)
        XCTAssertEqual(NeedsSolver.presentable(1234567.2), 1_234_570)
    }
}
