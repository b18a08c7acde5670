import Foundation
import RollupFindings
import RollupModel
import XCTest

/// The worked examples of docs/FINDINGS.md for the kinds the real sample does not produce by
/// itself: the sample with a few rows added, as the document describes.
final class DocumentationExamplesTests: XCTestCase {
    func one(_ f: FindingsFixture, _ kind: FindingKind, _ unit: String, _ indicator: String) throws -> Finding {
        let found = f.findings(kind, unit: unit, indicator: indicator)
        XCTAssertEqual(found.count, 1)
        return try XCTUnwrap(found.first)
    }

    func testDistrictsSocialHousingThatDoesNotAddUpToTheCitysFigure() throws {
        let f = try FindingsFixture(realSampleWith: ["values.csv": "KA,SOCIAL_HOUSING,2024,1500\nHA,SOCIAL_HOUSING,2024,2000\n"])
        let mismatch = try one(f, .rollupMismatch, "HP", "SOCIAL_HOUSING")
        XCTAssertEqual(mismatch.severity, .error)
        XCTAssertEqual(mismatch.value, "3662")
        XCTAssertEqual(mismatch.expected, "3500")
        XCTAssertTrue(mismatch.message.contains("Imbalance (own figure minus roll-up): +162"), mismatch.message)
        XCTAssertTrue(mismatch.message.contains("Largest contributions: Quận Hải An 2000; Quận Kiến An 1500"), mismatch.message)
        // Hải An reported for 2024 and not for 2025.
        XCTAssertEqual(try one(f, .missingReport, "HA", "SOCIAL_HOUSING").expected, "2000")
    }

    func testCityWithBacGiangsTargets() throws {
        let targets = try String(contentsOfFile: PackageRoot.path + "/Samples/haiphong-real/targets.csv", encoding: .utf8)
            .split(separator: "\n").filter { $0.hasPrefix("BG,") && !$0.contains("SOCIAL_HOUSING") }
            .map { "HP" + $0.dropFirst(2) }.joined(separator: "\n")
        let f = try FindingsFixture(realSampleWith: ["targets.csv": targets + "\n"])
        let bhyt = try XCTUnwrap(f.findings(.missed, unit: "HP", indicator: "BHYT").first)
        XCTAssertEqual(bhyt.value, "95")
        XCTAssertEqual(bhyt.expected, ">99")
        let bhxh = try XCTUnwrap(f.progress("HP", "BHXH", 2030))
        XCTAssertEqual(bhxh.status, .offTrack)
        // (55 − 54.6) / ((62 − 54.6) / 6) = 0.3243
        XCTAssertEqual(try XCTUnwrap(bhxh.progressRatio), 0.4 / (7.4 / 6), accuracy: 1e-9)
        XCTAssertEqual(f.progress("HP", "STUNTING", 2030)?.status, .achieved)
        XCTAssertEqual(f.progress("HP", "INFORMAL", 2030)?.status, .undetermined)
        XCTAssertEqual(f.progress("HP", "BHXH_SATISF", 2025)?.status, .offTrack)
        XCTAssertEqual(f.findings(.missed).count, 11)
    }

    func testOcrReadingOfNineHundredNinetyFivePercentIsOutOfRange() throws {
        let f = try FindingsFixture(realSampleWith: ["targets.csv": "VN,TWO_SESSIONS,2025,995\n"])
        let found = try one(f, .outOfRange, "VN", "TWO_SESSIONS")
        XCTAssertEqual(found.severity, .error)
        XCTAssertEqual(found.expected, "[0, 100]")
    }

    func testOcrReadingOfTwentyFivePharmacistsIsAnOutlierAmongFiveDistricts() throws {
        let f = try FindingsFixture(realSampleWith: [
            "units.csv": "NQ,Quận Ngô Quyền,HP,district\nLC,Quận Lê Chân,HP,district\nHB,Quận Hồng Bàng,HP,district\n",
            "values.csv":
                "KA,PHARMA10K,2024,2.4\nHA,PHARMA10K,2024,2.6\nNQ,PHARMA10K,2024,2.5\nLC,PHARMA10K,2024,2.3\nHB,PHARMA10K,2024,25\n",
        ])
        let found = try one(f, .outlier, "HB", "PHARMA10K")
        XCTAssertTrue(found.message.contains("median 2.5, median absolute deviation 0.1): modified z-score 151.762"), found.message)
    }
}
