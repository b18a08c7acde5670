import RollupFindings
import RollupModel
import XCTest

final class ProgressTests: XCTestCase {
    static let indicators = """
        code,name,unit,aggregation,weight,numerator,denominator,scale,direction,low,high
        POP,Dân số trung bình,người,sum,,,,,,0,
        BHYT,Tỉ lệ dân số tham gia bảo hiểm y tế,%,weighted_mean,POP,,,,higher,0,100
        UNEMP,Tỉ lệ thất nghiệp,%,weighted_mean,POP,,,,lower,0,100
        SW,Số người làm công tác xã hội/1000 dân,người,mean,,,,,higher,0,
        TRAINED,Tỉ lệ lao động qua đào tạo có bằng cấp,%,mean,,,,,,0,100
        MAL,Loại trừ sốt rét,Mức độ,worst_level,,,,,higher,Chưa kiểm soát,Xóa bỏ hoàn toàn
        """

    func fixture(values: String, targets: String) throws -> FindingsFixture {
        try FindingsFixture(
            units: TargetReachabilityTests.units, indicators: Self.indicators, values: "unit,indicator,period,value\n" + values,
            targets: "unit,indicator,year,target\n" + targets)
    }

    func testValueBelowAThreeUpperBoundIsAchieved() throws {
        let f = try fixture(values: "W1,UNEMP,2024,\"1,76\"\n", targets: "W1,UNEMP,2025,<3\n")
        let row = try XCTUnwrap(f.progress("W1", "UNEMP", 2025))
        XCTAssertEqual(row.status, .achieved)
        XCTAssertEqual(row.period, 2024)
        XCTAssertEqual(row.value, "1.76")
        XCTAssertEqual(row.target, "<3")
    }

    func testBoundBelowTheTargetInTheTargetYearIsMissed() throws {
        // "<2" against "≥ 2" is definitely not met.
        let f = try fixture(values: "W1,SW,2025,<2\n", targets: "W1,SW,2025,>= 2\n")
        XCTAssertEqual(f.progress("W1", "SW", 2025)?.status, .missed)
        let found = f.findings(.missed)
        XCTAssertEqual(found.map(\.severity), [.warning])
        XCTAssertEqual(found.first?.value, "<2")
        XCTAssertEqual(found.first?.expected, ">=2")
        XCTAssertEqual(found.first?.period, 2025)
        XCTAssertTrue(found.first?.message.contains("Phường Bắc Sơn missed its 2025 target") == true)
    }

    func testBoundStraddlingTheTargetIsUndetermined() throws {
        // "<50" against "<40": it may be below 40 or not.
        let f = try fixture(values: "W1,UNEMP,2025,<50\n", targets: "W1,UNEMP,2025,<40\n")
        XCTAssertEqual(f.progress("W1", "UNEMP", 2025)?.status, .undetermined)
        XCTAssertEqual(f.findings(.missed), [])
    }

    func testAheadOfTheStraightPathIsOnTrack() throws {
        // Path from 80 (2022) to 100 (2026): 90 in 2024. 90 is on it: ratio 1.
        let f = try fixture(values: "W1,BHYT,2022,80\nW1,BHYT,2024,90\n", targets: "W1,BHYT,2026,100\n")
        let row = try XCTUnwrap(f.progress("W1", "BHYT", 2026))
        XCTAssertEqual(row.status, .onTrack)
        XCTAssertEqual(row.progressRatio, 1)
        XCTAssertEqual(row.baselinePeriod, 2022)
        XCTAssertEqual(row.baselineValue, "80")
        XCTAssertEqual(f.findings(.offTrack), [])
    }

    func testWithinFivePercentOfThePathIsStillOnTrack() throws {
        // Required change by 2024: 10; observed 9.6: ratio 0.96 ≥ 0.95.
        let f = try fixture(values: "W1,BHYT,2022,80\nW1,BHYT,2024,89.6\n", targets: "W1,BHYT,2026,100\n")
        XCTAssertEqual(f.progress("W1", "BHYT", 2026)?.status, .onTrack)
    }

    func testBehindTheStraightPathIsOffTrack() throws {
        let f = try fixture(values: "W1,BHYT,2022,80\nW1,BHYT,2024,82\n", targets: "W1,BHYT,2026,100\n")
        let row = try XCTUnwrap(f.progress("W1", "BHYT", 2026))
        XCTAssertEqual(row.status, .offTrack)
        XCTAssertEqual(try XCTUnwrap(row.progressRatio), 0.2, accuracy: 1e-12)
        let found = f.findings(.offTrack)
        XCTAssertEqual(found.map(\.severity), [.warning])
        XCTAssertEqual(found.first?.value, "82")
        XCTAssertEqual(found.first?.expected, "90")
        XCTAssertEqual(found.first?.period, 2026)
    }

    func testMovingAwayGivesANegativeRatio() throws {
        let f = try fixture(values: "W1,UNEMP,2022,3\nW1,UNEMP,2024,4\n", targets: "W1,UNEMP,2026,<2\n")
        let row = try XCTUnwrap(f.progress("W1", "UNEMP", 2026))
        XCTAssertEqual(row.status, .offTrack)
        XCTAssertEqual(try XCTUnwrap(row.progressRatio), -2, accuracy: 1e-12)
    }

    func testBoundStraddlingThePathIsUndetermined() throws {
        // Threshold by 2024: 80 + 0.95 × 10 = 89.5; ">85" is (85, 100]: it may be either side.
        let f = try fixture(values: "W1,BHYT,2022,80\nW1,BHYT,2024,>85\n", targets: "W1,BHYT,2026,100\n")
        let row = try XCTUnwrap(f.progress("W1", "BHYT", 2026))
        XCTAssertEqual(row.status, .undetermined)
        XCTAssertNil(row.progressRatio)
        XCTAssertEqual(row.value, ">85")
    }

    func testSingleValueShortOfTheTargetIsOffTrack() throws {
        // A ward at 80% in 2024 for a 95% target in 2025.
        let f = try fixture(values: "W1,BHYT,2024,80\n", targets: "W1,BHYT,2025,95\n")
        XCTAssertEqual(f.progress("W1", "BHYT", 2025)?.status, .offTrack)
        XCTAssertTrue(f.findings(.offTrack).first?.message.contains("no progress since a baseline") == true)
    }

    func testNoValueUpToTheTargetYearIsNoData() throws {
        let f = try fixture(values: "W1,BHYT,2026,99\n", targets: "W1,BHYT,2025,95\nW2,BHYT,2025,95\n")
        XCTAssertEqual(f.progress("W1", "BHYT", 2025)?.status, .noData)
        XCTAssertEqual(f.progress("W2", "BHYT", 2025)?.status, .noData)
        XCTAssertNil(f.progress("W2", "BHYT", 2025)?.value)
    }

    func testRangeTargetIsMetInsideTheRange() throws {
        let f = try fixture(
            values: "W1,TRAINED,2025,29\nW2,TRAINED,2025,27\nD,TRAINED,2024,31\n",
            targets: "W1,TRAINED,2025,28-30\nW2,TRAINED,2025,28-30\n")
        XCTAssertEqual(f.progress("W1", "TRAINED", 2025)?.status, .achieved)
        XCTAssertEqual(f.progress("W2", "TRAINED", 2025)?.status, .missed)
        XCTAssertEqual(f.findings(.missed).first?.expected, "[28, 30]")
    }

    func testRolledUpValuesAreTracked() throws {
        // The district has no figure of its own: its value is the roll-up of its wards'.
        let values = """
            W1,POP,2022,1000
            W2,POP,2022,1000
            W1,BHYT,2022,80
            W2,BHYT,2022,80
            W1,POP,2024,1000
            W2,POP,2024,1000
            W1,BHYT,2024,81
            W2,BHYT,2024,83
            """
        let f = try fixture(values: values + "\n", targets: "D,BHYT,2026,100\nD,BHYT,2024,82\n")
        let row = try XCTUnwrap(f.progress("D", "BHYT", 2026))
        XCTAssertEqual(row.value, "82")
        XCTAssertEqual(row.status, .offTrack)
        XCTAssertTrue(f.findings(.offTrack).first?.message.contains("rolled up from its children") == true)
        XCTAssertEqual(f.progress("D", "BHYT", 2024)?.status, .achieved)
    }

    func testRolledUpBoundIsUndetermined() throws {
        let values = "W1,POP,2025,1000\nW2,POP,2025,1000\nW1,UNEMP,2025,<3\nW2,UNEMP,2025,2\n"
        // [0, 3) and 2, equally weighted: [1, 2.5): against "<2" it may be either.
        let f = try fixture(values: values, targets: "D,UNEMP,2025,<2\n")
        XCTAssertEqual(f.progress("D", "UNEMP", 2025)?.status, .undetermined)
        XCTAssertEqual(f.progress("D", "UNEMP", 2025)?.value, "[1, 2.5)")
    }

    func testLevelsCompareByRank() throws {
        let f = try fixture(
            values: "W1,MAL,2024,Kiểm soát\nW1,MAL,2025,Loại trừ\nW2,MAL,2024,Kiểm soát\nW2,MAL,2025,Kiểm soát\n",
            targets: "W1,MAL,2025,Loại trừ\nW2,MAL,2025,Loại trừ\nW2,MAL,2030,Chấm dứt\nW1,MAL,2030,Chấm dứt\n")
        XCTAssertEqual(f.progress("W1", "MAL", 2025)?.status, .achieved)
        XCTAssertEqual(f.progress("W2", "MAL", 2025)?.status, .missed)
        XCTAssertEqual(f.progress("W1", "MAL", 2030)?.status, .onTrack)
        XCTAssertEqual(f.progress("W2", "MAL", 2030)?.status, .offTrack)
        XCTAssertEqual(f.progress("W2", "MAL", 2030)?.value, "Kiểm soát")
    }

    func testValuesAfterTheTargetYearAreIgnored() throws {
        let f = try fixture(values: "W1,BHYT,2024,90\nW1,BHYT,2026,99\n", targets: "W1,BHYT,2025,95\n")
        let row = try XCTUnwrap(f.progress("W1", "BHYT", 2025))
        XCTAssertEqual(row.period, 2024)
        XCTAssertEqual(row.status, .offTrack)
    }

    func testTargetMetExactlyInTheTargetYearIsAchievedNotMissed() throws {
        let f = try fixture(values: "W1,SW,2024,1\nW1,SW,2025,2\n", targets: "W1,SW,2025,>= 2\n")
        XCTAssertEqual(f.progress("W1", "SW", 2025)?.status, .achieved)
        XCTAssertEqual(f.progress("W1", "SW", 2025)?.progressRatio, 1)
        XCTAssertEqual(f.findings(.missed), [])
    }

    func testEveryStatusOnRolledUpValues() throws {
        // District D is the equally weighted mean of its two wards, never a report of its own.
        let values = """
            W1,POP,2022,1000
            W2,POP,2022,1000
            W1,POP,2024,1000
            W2,POP,2024,1000
            W1,POP,2025,1000
            W2,POP,2025,1000
            W1,BHYT,2022,80
            W2,BHYT,2022,80
            W1,BHYT,2024,89
            W2,BHYT,2024,91
            W1,BHYT,2025,90
            W2,BHYT,2025,<92
            W1,UNEMP,2025,4
            W2,UNEMP,2025,6
            """
        let targets = """
            D,BHYT,2024,90
            D,BHYT,2026,100
            D,BHYT,2025,93
            D,BHYT,2030,99
            D,UNEMP,2025,<6
            D,UNEMP,2023,<6
            """
        let f = try fixture(values: values + "\n", targets: targets + "\n")
        XCTAssertEqual(f.progress("D", "BHYT", 2024)?.status, .achieved)  // 90
        XCTAssertEqual(f.progress("D", "BHYT", 2026)?.status, .offTrack)  // [45, 91) in 2025, all below the threshold 94.25
        XCTAssertEqual(f.progress("D", "BHYT", 2025)?.status, .missed)  // [45, 91) against 93
        XCTAssertEqual(f.progress("D", "BHYT", 2030)?.status, .undetermined)  // [45, 91) straddles the threshold 86.77
        XCTAssertEqual(f.progress("D", "UNEMP", 2025)?.status, .achieved)  // 5
        XCTAssertEqual(f.progress("D", "UNEMP", 2023)?.status, .noData)
        XCTAssertEqual(f.findings(.missed, unit: "D").count, 1)
        XCTAssertEqual(f.progress("D", "BHYT", 2030)?.value, "[45, 91)")
    }

    func testOnTrackAndOffTrackOnRolledUpValues() throws {
        let values = """
            W1,POP,2022,1000
            W2,POP,2022,3000
            W1,POP,2024,1000
            W2,POP,2024,3000
            W1,BHYT,2022,80
            W2,BHYT,2022,80
            W1,BHYT,2024,86
            W2,BHYT,2024,92
            W1,UNEMP,2022,4
            W2,UNEMP,2022,4
            W1,UNEMP,2024,4
            W2,UNEMP,2024,4
            """
        let f = try fixture(values: values + "\n", targets: "D,BHYT,2026,100\nD,UNEMP,2026,<2\n")
        // (86 × 1000 + 92 × 3000) / 4000 = 90.5, ahead of the path's 90.
        let bhyt = try XCTUnwrap(f.progress("D", "BHYT", 2026))
        XCTAssertEqual(bhyt.status, .onTrack)
        XCTAssertEqual(bhyt.value, "90.5")
        XCTAssertEqual(try XCTUnwrap(bhyt.progressRatio), 1.05, accuracy: 1e-12)
        XCTAssertEqual(f.progress("D", "UNEMP", 2026)?.status, .offTrack)
        XCTAssertEqual(f.progress("D", "UNEMP", 2026)?.progressRatio, 0)
    }

    func testOnTrackRatioIsAnOption() throws {
        var options = FindingsOptions()
        options.onTrackRatio = 1
        let f = try FindingsFixture(
            units: TargetReachabilityTests.units, indicators: Self.indicators,
            values: "unit,indicator,period,value\nW1,BHYT,2022,80\nW1,BHYT,2024,89.6\n",
            targets: "unit,indicator,year,target\nW1,BHYT,2026,100\n", options: options)
        XCTAssertEqual(f.progress("W1", "BHYT", 2026)?.status, .offTrack)
    }

    func testRolledUpValueOneUlpOffTheTargetMeetsIt() throws {
        // Two wards at 95.4 weighted 1:5 roll up to 95.39999999999999 in floating point.
        let values = "W1,POP,2025,1\nW2,POP,2025,5\nW1,BHYT,2025,95.4\nW2,BHYT,2025,95.4\n"
        let f = try fixture(values: values, targets: "D,BHYT,2025,95.4\n")
        XCTAssertEqual(f.progress("D", "BHYT", 2025)?.value, "95.39999999999999")
        XCTAssertEqual(f.progress("D", "BHYT", 2025)?.status, .achieved)
    }

    func testRowsAreOrderedByUnitIndicatorAndYear() throws {
        let f = try fixture(
            values: "", targets: "W2,BHYT,2025,95\nW1,UNEMP,2030,<3\nW1,BHYT,2030,95\nW1,BHYT,2025,95\nD,UNEMP,2025,<3\n")
        let keys = f.report.progress.map { "\(f.dataset.units.codes[$0.unit]) \(f.dataset.indicators[$0.indicator].code) \($0.year)" }
        XCTAssertEqual(keys, ["D UNEMP 2025", "W1 BHYT 2025", "W1 BHYT 2030", "W1 UNEMP 2030", "W2 BHYT 2025"])
    }
}
