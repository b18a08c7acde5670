import RollupFindings
import RollupModel
import XCTest

final class OutlierTests: XCTestCase {
    static let indicators = """
        code,name,unit,aggregation,direction,low,high
        BEDS,Số giường bệnh,Giường,sum,higher,0,
        BHYT,Tỉ lệ dân số tham gia bảo hiểm y tế,%,mean,higher,0,100
        """

    func fixture(wards: Int, values: String) throws -> FindingsFixture {
        var units = "code,name,parent\nD,Quận Hải An,\n"
        for n in 1...wards { units += "W\(n),Phường \(n),D\n" }
        return try FindingsFixture(units: units, indicators: Self.indicators, values: "unit,indicator,period,value\n" + values)
    }

    func values(_ list: [String], indicator: String = "BEDS") -> String {
        list.enumerated().map { "W\($0.offset + 1),\(indicator),2024,\($0.element)\n" }.joined()
    }

    func testValueFarFromFiveSiblingsIsAnOutlier() throws {
        // Median 11, MAD 1: z(50) = 0.6745 × 39 = 26.3.
        let f = try fixture(wards: 6, values: values(["10", "11", "12", "10", "11", "50"]))
        let found = f.findings(.outlier)
        XCTAssertEqual(found.map(\.severity), [.warning])
        XCTAssertEqual(f.dataset.units.codes[found.first?.unit ?? 0], "W6")
        XCTAssertEqual(found.first?.value, "50")
        let message = try XCTUnwrap(found.first?.message)
        XCTAssertTrue(message.contains("median 11") && message.contains("modified z-score 26.3055"), message)
    }

    func testOutlierAmongTooFewSiblingsIsNoFinding() throws {
        let f = try fixture(wards: 4, values: values(["10", "11", "12", "50"]))
        XCTAssertEqual(f.findings(.outlier), [])
        // Five wards, one without a value: four values are too few.
        let g = try fixture(wards: 5, values: values(["10", "11", "12", "50"]))
        XCTAssertEqual(g.findings(.outlier), [])
    }

    func testNoOutlierWhenMostSiblingsShareOneValue() throws {
        // MAD 0: nothing stands out by this measure.
        let f = try fixture(wards: 6, values: values(["100", "100", "100", "100", "0", "100"], indicator: "BHYT"))
        XCTAssertEqual(f.findings(.outlier), [])
    }

    func testModerateSpreadIsNoFinding() throws {
        // Median 12, MAD 2: z(18) = 2.02.
        let f = try fixture(wards: 6, values: values(["10", "12", "14", "11", "13", "18"]))
        XCTAssertEqual(f.findings(.outlier), [])
    }
}
