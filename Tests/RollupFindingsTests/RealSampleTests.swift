import RollupFindings
import RollupModel
import XCTest

/// The findings of the real sample (Samples/haiphong-real), pinned; docs/FINDINGS.md explains each.
final class RealSampleTests: XCTestCase {
    static let sample = PackageRoot.path + "/Samples/haiphong-real"

    func finding(_ f: FindingsFixture, _ kind: FindingKind, _ unit: String, _ indicator: String, _ period: Int) -> Finding? {
        f.findings(kind, unit: unit, indicator: indicator).first { $0.period == period }
    }

    func testCountsPerKindAndSeverity() throws {
        let f = try FindingsFixture(folder: Self.sample)
        var counts: [String: Int] = [:]
        for finding in f.report.findings { counts["\(finding.kind.rawValue) \(finding.severity.rawValue)", default: 0] += 1 }
        XCTAssertEqual(
            counts,
            [
                "children_cannot_reach_target warning": 5,
                "target_below_parent warning": 10,
                "off_track warning": 1,
                "low_coverage info": 4,
                "missing_own_report info": 3,
            ])
        XCTAssertFalse(f.report.hasErrors)
    }

    func testWardPlanningBelowTheNation() throws {
        let f = try FindingsFixture(folder: Self.sample)
        // Phường Bắc Sơn aims at 85% health-insurance coverage in 2025; Việt Nam at 95%. Kiến An and
        // Hải Phòng have no BHYT target, so Việt Nam is the nearest ancestor with one.
        let bhyt = try XCTUnwrap(finding(f, .targetBelowParent, "BS", "BHYT", 2025))
        XCTAssertEqual(bhyt.severity, .warning)
        XCTAssertEqual(bhyt.value, "85")
        XCTAssertEqual(bhyt.expected, "95")
        XCTAssertTrue(bhyt.message.contains("Phường Bắc Sơn") && bhyt.message.contains("Việt Nam"))
        // Lower is better: Bắc Giang's stunting "< 16" asks less than the nation's "<15".
        let stunting = try XCTUnwrap(finding(f, .targetBelowParent, "BG", "STUNTING", 2030))
        XCTAssertEqual(stunting.value, "<16")
        XCTAssertEqual(stunting.expected, "<15")
        XCTAssertTrue(stunting.message.contains("lower is better"))
        // Hải An's 95 names the same number as the nation's "> 95": equally ambitious.
        XCTAssertNil(finding(f, .targetBelowParent, "HA", "PHC_BHYT", 2030))
        // Hải An's unemployment "<2" is more ambitious than the nation's "<3": no finding.
        XCTAssertNil(finding(f, .targetBelowParent, "HA", "UNEMP", 2030))
    }

    func testNationalTargetsThatBacGiangAloneCannotCarry() throws {
        let f = try FindingsFixture(folder: Self.sample)
        // Việt Nam's children are Hải Phòng (no target) and Bắc Giang (80 for 2025 against the nation's 90).
        let checkup = try XCTUnwrap(finding(f, .childrenCannotReachTarget, "VN", "ELDERLY_CHECKUP", 2025))
        XCTAssertEqual(checkup.severity, .warning)
        XCTAssertEqual(checkup.value, "80")
        XCTAssertEqual(checkup.expected, "90")
        XCTAssertTrue(checkup.message.contains("Thành phố Hải Phòng: 50% of the children"), checkup.message)
        XCTAssertTrue(checkup.message.contains("no period has a weight “Dân số trung bình”"), checkup.message)
    }

    func testProgressOfTheCityAndTheNation() throws {
        let f = try FindingsFixture(folder: Self.sample)
        XCTAssertEqual(f.report.progress.count, f.dataset.targets.targets.count)
        // Social housing: 3662 apartments in 2024, 11900 expected in 2025, against 10604 (2025) and 49400 (2030).
        let housing2025 = try XCTUnwrap(f.progress("HP", "SOCIAL_HOUSING", 2025))
        XCTAssertEqual(housing2025.status, .achieved)
        XCTAssertEqual(housing2025.value, "11900")
        let housing2030 = try XCTUnwrap(f.progress("HP", "SOCIAL_HOUSING", 2030))
        XCTAssertEqual(housing2030.status, .onTrack)
        XCTAssertEqual(housing2030.baselineValue, "3662")
        // (11900 − 3662) / ((49400 − 3662) / 6) = 1.0807
        XCTAssertEqual(try XCTUnwrap(housing2030.progressRatio), 8238 / (45738.0 / 6), accuracy: 1e-12)
        // Temporary housing: the nation's value is Hải Phòng's level rolled up (Bắc Giang reports none).
        XCTAssertEqual(f.progress("VN", "TEMP_HOUSING", 2025)?.status, .achieved)
        XCTAssertEqual(f.progress("VN", "TEMP_HOUSING", 2030)?.status, .offTrack)
        XCTAssertNotNil(finding(f, .offTrack, "VN", "TEMP_HOUSING", 2030))
        XCTAssertEqual(f.progress("VN", "BHYT", 2025)?.status, .noData)
        let statuses = Dictionary(grouping: f.report.progress, by: \.status).mapValues(\.count)
        XCTAssertEqual(statuses, [.achieved: 2, .onTrack: 1, .offTrack: 1, .noData: f.dataset.targets.targets.count - 4])
    }

    func testCoverageAndMissingOwnReports() throws {
        let f = try FindingsFixture(folder: Self.sample)
        XCTAssertEqual(finding(f, .lowCoverage, "VN", "SOCIAL_HOUSING", 2024)?.value, "0.5")
        // Hải Phòng reported its own HIV share (0,29) for 2024 and nothing for 2025.
        let hiv = try XCTUnwrap(finding(f, .missingOwnReport, "HP", "HIV", 2025))
        XCTAssertEqual(hiv.expected, "0.29")
        XCTAssertEqual(f.findings(.missingReport), [])
        XCTAssertEqual(f.findings(.rollupMismatch), [])
        XCTAssertEqual(f.findings(.outOfRange), [])
        XCTAssertEqual(f.findings(.outlier), [])
    }
}
