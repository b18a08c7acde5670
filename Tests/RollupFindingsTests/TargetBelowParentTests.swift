import RollupFindings
import RollupModel
import XCTest

final class TargetBelowParentTests: XCTestCase {
    static let units = """
        code,name,parent
        VN,Việt Nam,
        HP,Thành phố Hải Phòng,VN
        KA,Quận Kiến An,HP
        BS,Phường Bắc Sơn,KA
        """

    func fixture(_ targets: String) throws -> FindingsFixture {
        try FindingsFixture(
            units: Self.units, indicators: TargetReachabilityTests.indicators + "\nTFR,Mức sinh,con,none,,,,,,0,\n",
            targets: "unit,indicator,year,target\n" + targets)
    }

    func testChildBelowParentForLowerIsBetterIsAFinding() throws {
        let f = try fixture("HP,UNEMP,2025,<3\nKA,UNEMP,2025,\"<3,5\"\n")
        let found = f.findings(.targetBelowParent)
        XCTAssertEqual(found.count, 1)
        XCTAssertEqual(found.first?.severity, .warning)
        XCTAssertEqual(f.dataset.units.codes[found.first?.unit ?? -1], "KA")
        XCTAssertEqual(found.first?.value, "<3.5")
        XCTAssertEqual(found.first?.expected, "<3")
        let message = try XCTUnwrap(found.first?.message)
        XCTAssertTrue(message.contains("Quận Kiến An") && message.contains("Thành phố Hải Phòng") && message.contains("<3,5"), message)
    }

    func testChildMoreAmbitiousForLowerIsBetterIsNoFinding() throws {
        let f = try fixture("HP,UNEMP,2030,<60\nKA,UNEMP,2030,<45\n")
        XCTAssertEqual(f.findings(.targetBelowParent), [])
    }

    func testWardBelowNationalForHigherIsBetterIsAFinding() throws {
        // Nearest ancestor with a target: neither Kiến An nor Hải Phòng has one, so Việt Nam's.
        let f = try fixture("VN,BHYT,2025,95\nBS,BHYT,2025,85\n")
        let found = f.findings(.targetBelowParent)
        XCTAssertEqual(found.map(\.severity), [.warning])
        XCTAssertTrue(found.first?.message.contains("Việt Nam") == true)
        let near = try fixture("VN,BHYT,2025,95\nBS,BHYT,2025,>= 95\nHP,BHYT,2025,95\n")
        XCTAssertEqual(near.findings(.targetBelowParent), [])
    }

    func testNearestAncestorWithATargetIsTheOneCompared() throws {
        // Bắc Sơn (90) is above Hải Phòng (85), which is below Việt Nam (95): one finding, on Hải Phòng.
        let f = try fixture("VN,BHYT,2025,95\nHP,BHYT,2025,85\nBS,BHYT,2025,90\n")
        XCTAssertEqual(f.findings(.targetBelowParent).map { f.dataset.units.codes[$0.unit] }, ["HP"])
    }

    func testOnlyTheSameYearIsCompared() throws {
        let f = try fixture("VN,BHYT,2030,95\nBS,BHYT,2025,85\n")
        XCTAssertEqual(f.findings(.targetBelowParent), [])
    }

    func testSameNumberWithAnOpenParentEndIsNoFinding() throws {
        let f = try fixture("VN,BHYT,2030,>95\nBS,BHYT,2030,95\nVN,UNEMP,2030,<4\nBS,UNEMP,2030,4\n")
        XCTAssertEqual(f.findings(.targetBelowParent), [])
    }

    func testRangeChildAsksItsLowerEnd() throws {
        let f = try fixture("VN,BHYT,2030,95\nBS,BHYT,2030,90-100\n")
        XCTAssertEqual(f.findings(.targetBelowParent).map(\.severity), [.warning])
    }

    func testLevelsCompareByRank() throws {
        let f = try fixture("VN,MAL,2030,Loại trừ\nBS,MAL,2030,Kiểm soát\n")
        let found = f.findings(.targetBelowParent)
        XCTAssertEqual(found.map(\.severity), [.warning])
        XCTAssertEqual(found.first?.value, "Kiểm soát")
        let near = try fixture("VN,MAL,2030,Loại trừ\nBS,MAL,2030,Xóa bỏ hoàn toàn\n")
        XCTAssertEqual(near.findings(.targetBelowParent), [])
    }

    func testIndicatorWithoutDirectionIsNotCompared() throws {
        let f = try fixture("VN,TFR,2030,2.1\nBS,TFR,2030,1.8\n")
        XCTAssertEqual(f.findings(.targetBelowParent), [])
    }
}
