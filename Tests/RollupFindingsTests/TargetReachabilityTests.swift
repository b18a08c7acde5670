import RollupFindings
import RollupModel
import XCTest

final class TargetReachabilityTests: XCTestCase {
    static let units = """
        code,name,parent
        D,Quận Kiến An,
        W1,Phường Bắc Sơn,D
        W2,Phường Nam Sơn,D
        """
    static let indicators = """
        code,name,unit,aggregation,weight,numerator,denominator,scale,direction,low,high
        POP,Dân số trung bình,người,sum,,,,,,0,
        BHYT,Tỉ lệ dân số tham gia bảo hiểm y tế,%,weighted_mean,POP,,,,higher,0,100
        UNEMP,Tỉ lệ thất nghiệp,%,weighted_mean,POP,,,,lower,0,100
        BEDS,Số giường bệnh,Giường,sum,,,,,higher,0,
        MAL,Loại trừ sốt rét,Mức độ,worst_level,,,,,higher,Chưa kiểm soát,Xóa bỏ hoàn toàn
        XDC,Tỉ lệ xã đạt chuẩn,%,share_of_units,,,,,higher,0,100
        DOC10K,Bác sĩ/10.000 dân,bác sĩ,ratio,,BEDS,POP,10000,higher,0,
        HDI,Chỉ số HDI,chỉ số,none,,,,,higher,0,1
        """
    static let weights = """
        unit,indicator,period,value
        W1,POP,2024,1000
        W2,POP,2024,3000
        """

    func fixture(targets: String, values: String = weights) throws -> FindingsFixture {
        try FindingsFixture(
            units: Self.units, indicators: Self.indicators, values: values, targets: "unit,indicator,year,target\n" + targets)
    }

    func testWeightedChildrenTargetsBelowParentTargetIsAnError() throws {
        // 90 × 1000 + 93 × 3000 over 4000 = 92.25: the wards' plans reach 92.25%, the district wants 100%.
        let f = try fixture(targets: "D,BHYT,2030,100\nW1,BHYT,2030,90\nW2,BHYT,2030,93\n")
        let found = f.findings(.childrenCannotReachTarget)
        XCTAssertEqual(found.count, 1)
        XCTAssertEqual(found.first?.severity, .error)
        XCTAssertEqual(found.first?.value, "92.25")
        XCTAssertEqual(found.first?.expected, "100")
        XCTAssertEqual(found.first?.period, 2030)
        let message = try XCTUnwrap(found.first?.message)
        XCTAssertTrue(message.contains("Quận Kiến An"), message)
        XCTAssertTrue(message.contains("Tỉ lệ dân số tham gia bảo hiểm y tế"), message)
        XCTAssertTrue(message.contains("“Dân số trung bình” of 2024"), message)
    }

    func testChildrenTargetsMeetingParentTargetIsNoFinding() throws {
        let f = try fixture(targets: "D,BHYT,2030,95\nW1,BHYT,2030,96\nW2,BHYT,2030,>= 95\n")
        XCTAssertEqual(f.findings(.childrenCannotReachTarget), [])
    }

    func testChildrenTargetsStraddlingParentTargetIsAWarning() throws {
        // W1 94-96 weighs 1/4: the roll-up is [94.75, 95.25], it may or may not reach 95.
        let f = try fixture(targets: "D,BHYT,2030,95\nW1,BHYT,2030,94-96\nW2,BHYT,2030,95\n")
        let found = f.findings(.childrenCannotReachTarget)
        XCTAssertEqual(found.map(\.severity), [.warning])
        XCTAssertEqual(found.first?.value, "[94.75, 95.25]")
        XCTAssertTrue(found.first?.message.contains("may or may not") == true)
    }

    func testLowerIsBetterBoundsThatCannotReachAreAnError() throws {
        let f = try fixture(targets: "D,UNEMP,2025,<3\nW1,UNEMP,2025,>=3\nW2,UNEMP,2025,>= 4\n")
        let found = f.findings(.childrenCannotReachTarget)
        XCTAssertEqual(found.map(\.severity), [.error])
        XCTAssertEqual(found.first?.value, ">=3.75")
        XCTAssertTrue(found.first?.message.contains("above the target") == true)
    }

    func testChildrenPlanningTheNumberOfAnOpenParentBoundReachIt() throws {
        // "<3" for the district, 3 for both wards: the same number, equally ambitious.
        let f = try fixture(targets: "D,UNEMP,2025,<3\nW1,UNEMP,2025,3\nW2,UNEMP,2025,3\n")
        XCTAssertEqual(f.findings(.childrenCannotReachTarget), [])
        let beyond = try fixture(targets: "D,UNEMP,2025,<3\nW1,UNEMP,2025,3.1\nW2,UNEMP,2025,3.1\n")
        XCTAssertEqual(beyond.findings(.childrenCannotReachTarget).map(\.severity), [.error])
    }

    func testRoundingOfTheWeightedMeanIsNoFinding() throws {
        let f = try fixture(
            targets: "D,BHYT,2030,95.4\nW1,BHYT,2030,95.4\nW2,BHYT,2030,95.4\n",
            values: "unit,indicator,period,value\nW1,POP,2024,1\nW2,POP,2024,5\n")
        XCTAssertEqual(f.findings(.childrenCannotReachTarget), [])
    }

    func testLowerIsBetterBoundsThatMayReachAreAWarning() throws {
        // [0, 4) and [2, 100] weighted 1:3 give [1.5, 76): it may or may not be below 3.
        let f = try fixture(targets: "D,UNEMP,2025,<3\nW1,UNEMP,2025,<4\nW2,UNEMP,2025,>=2\n")
        XCTAssertEqual(f.findings(.childrenCannotReachTarget).map(\.severity), [.warning])
        let near = try fixture(targets: "D,UNEMP,2025,<3\nW1,UNEMP,2025,<4\nW2,UNEMP,2025,<2\n")
        // [0, 4) and [0, 2) weighted 1:3: [0, 2.5), always below 3.
        XCTAssertEqual(near.findings(.childrenCannotReachTarget), [])
    }

    func testUnplannedChildrenAreNamedWithTheirShareOfWeightAndWhatTheyWouldNeed() throws {
        let f = try fixture(targets: "D,BHYT,2030,95\nW1,BHYT,2030,90\n")
        let found = f.findings(.childrenCannotReachTarget)
        XCTAssertEqual(found.map(\.severity), [.warning])
        let message = try XCTUnwrap(found.first?.message)
        XCTAssertTrue(message.contains("Phường Nam Sơn: 75% of the weight"), message)
        // (95 × 4000 − 90 × 1000) / 3000 = 96.6667
        XCTAssertTrue(message.contains("at least 96.6667 on average"), message)
        XCTAssertEqual(found.first?.value, "90")
    }

    func testUnplannedChildrenThatCouldNotSaveTheTargetMakeItAnError() throws {
        // Even at 100%, Nam Sơn brings the district to (90 × 1000 + 100 × 3000) / 4000 = 97.5 < 99.
        let f = try fixture(
            targets: "D,BHYT,2030,99\nW1,BHYT,2030,20\n", values: "unit,indicator,period,value\nW1,POP,2024,3000\nW2,POP,2024,1000\n")
        XCTAssertEqual(f.findings(.childrenCannotReachTarget).map(\.severity), [.error])
    }

    func testPlannedChildrenReachingTheTargetWithUnplannedOnesIsNoFinding() throws {
        let f = try fixture(targets: "D,BHYT,2030,95\nW1,BHYT,2030,98\n")
        XCTAssertEqual(f.findings(.childrenCannotReachTarget), [])
    }

    func testWeightsComeFromTheLatestPeriodHavingOneForEveryChild() throws {
        let values = """
            unit,indicator,period,value
            W1,POP,2023,1000
            W2,POP,2023,1000
            W1,POP,2024,1000
            W2,POP,2024,3000
            W1,POP,2025,5000
            """
        let f = try fixture(targets: "D,BHYT,2030,100\nW1,BHYT,2030,90\nW2,BHYT,2030,93\n", values: values)
        let found = f.findings(.childrenCannotReachTarget)
        XCTAssertEqual(found.first?.value, "92.25")
        XCTAssertTrue(found.first?.message.contains("of 2024") == true)
    }

    func testWithoutWeightsAnyWeightingIsAllowed() throws {
        let f = try fixture(targets: "D,BHYT,2030,95\nW1,BHYT,2030,90\nW2,BHYT,2030,99\n", values: "unit,indicator,period,value\n")
        let found = f.findings(.childrenCannotReachTarget)
        XCTAssertEqual(found.map(\.severity), [.warning])
        XCTAssertEqual(found.first?.value, "[90, 99]")
        XCTAssertTrue(found.first?.message.contains("for any weights") == true)
        let none = try fixture(targets: "D,BHYT,2030,95\nW1,BHYT,2030,90\nW2,BHYT,2030,94\n", values: "unit,indicator,period,value\n")
        XCTAssertEqual(none.findings(.childrenCannotReachTarget).map(\.severity), [.error])
    }

    func testSumOfChildrenTargets() throws {
        let short = try fixture(targets: "D,BEDS,2030,250\nW1,BEDS,2030,100\nW2,BEDS,2030,120\n")
        XCTAssertEqual(short.findings(.childrenCannotReachTarget).map(\.severity), [.error])
        XCTAssertEqual(short.findings(.childrenCannotReachTarget).first?.value, "220")
        let enough = try fixture(targets: "D,BEDS,2030,250\nW1,BEDS,2030,100\nW2,BEDS,2030,150\n")
        XCTAssertEqual(enough.findings(.childrenCannotReachTarget), [])
        // One ward without a target: a count has no upper limit, so the other could still deliver.
        let partial = try fixture(targets: "D,BEDS,2030,250\nW1,BEDS,2030,100\n")
        let found = partial.findings(.childrenCannotReachTarget)
        XCTAssertEqual(found.map(\.severity), [.warning])
        XCTAssertTrue(found.first?.message.contains("together they would need at least 150") == true)
    }

    func testWorstLevelComparesTheLowestChildLevel() throws {
        let f = try fixture(targets: "D,MAL,2030,Loại trừ\nW1,MAL,2030,Kiểm soát\nW2,MAL,2030,Chấm dứt\n")
        let found = f.findings(.childrenCannotReachTarget)
        XCTAssertEqual(found.map(\.severity), [.error])
        XCTAssertEqual(found.first?.value, "Kiểm soát")
        XCTAssertEqual(found.first?.expected, "Loại trừ")
        let near = try fixture(targets: "D,MAL,2030,Loại trừ\nW1,MAL,2030,Loại trừ\nW2,MAL,2030,Chấm dứt\n")
        XCTAssertEqual(near.findings(.childrenCannotReachTarget), [])
    }

    func testShareOfUnitsWeighsChildrenByTheirLeaves() throws {
        let units = """
            code,name,parent
            C,Thành phố,
            D1,Quận 1,C
            D2,Quận 2,C
            W1,Phường 1,D1
            W2,Phường 2,D1
            W3,Phường 3,D1
            W4,Phường 4,D2
            """
        // (100 × 3 + 0 × 1) / 4 = 75 < 80; by children (not leaves) it would be 50.
        let f = try FindingsFixture(
            units: units, indicators: Self.indicators,
            targets: "unit,indicator,year,target\nC,XDC,2030,80\nD1,XDC,2030,100\nD2,XDC,2030,0\n")
        let found = f.findings(.childrenCannotReachTarget)
        XCTAssertEqual(found.first?.value, "75")
        XCTAssertTrue(found.first?.message.contains("number of leaf units") == true)
    }

    func testRatioAndNoneIndicatorsAreNotRolledUp() throws {
        let f = try fixture(
            targets: "D,DOC10K,2030,19\nW1,DOC10K,2030,5\nW2,DOC10K,2030,5\nD,HDI,2030,0.9\nW1,HDI,2030,0.5\nW2,HDI,2030,0.5\n")
        XCTAssertEqual(f.findings(.childrenCannotReachTarget), [])
    }
}
