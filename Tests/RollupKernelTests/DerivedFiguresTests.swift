import RollupIO
import RollupKernel
import RollupModel
import RollupTestSupport
import XCTest

final class DerivedFiguresTests: XCTestCase {
    /// Hải Phòng absorbs Hải Dương in 2025; the Kiến An district is abolished and its wards sit
    /// directly under the city; Hải Dương's ward HD1 becomes HP1.
    let units = """
        code,name,parent,level,valid_from,valid_to,successor
        VN,Việt Nam,,national,,,
        HP,Thành phố Hải Phòng,VN,city,,,
        HD,Tỉnh Hải Dương,VN,province,,2024,HP
        KA,Quận Kiến An,HP,district,,2024,
        BS,Phường Bắc Sơn,KA,ward,,2024,
        BS,Phường Bắc Sơn,HP,ward,2025,,
        NS,Phường Nam Sơn,KA,ward,,2024,
        NS,Phường Nam Sơn,HP,ward,2025,,
        HD1,Phường Hải Dương 1,HD,ward,,2024,HP1
        HP1,Phường Hải Dương 1,HP,ward,2025,,
        """
    let indicators = """
        code,name,unit,aggregation,weight,numerator,denominator,scale
        POP,Dân số,người,sum,,,,
        BEDS,Giường bệnh,giường,sum,,,,
        BHYT,BHYT,%,weighted_mean,POP,,,
        B10K,Giường/10.000 dân,giường,ratio,,BEDS,POP,10000
        HDI,HDI,chỉ số,none,,,,
        """
    let values = """
        unit,indicator,period,value
        BS,POP,2024,1000
        NS,POP,2024,3000
        BS,BHYT,2024,90
        NS,BHYT,2024,80
        BS,BEDS,2024,10
        NS,BEDS,2024,2
        HD1,POP,2024,2000
        HD1,BHYT,2024,70
        HD1,BEDS,2024,6
        HD,HDI,2024,0.7
        HP,HDI,2024,0.75
        BS,POP,2025,1000
        NS,POP,2025,3000
        HP1,POP,2025,2000
        BS,BHYT,2025,92
        NS,BHYT,2025,85
        HP1,BHYT,2025,75
        """

    func fixture() throws -> (Dataset, Rollup) {
        let f = try RollupFixture(units: units, indicators: indicators, values: values)
        return (f.dataset, f.rollup)
    }

    func testAbolishedLevelRollsUpInBothPeriods() throws {
        let f = try RollupFixture(units: units, indicators: indicators, values: values)
        XCTAssertEqual(f.value("KA", "BHYT", 2024), 82.5)
        XCTAssertEqual(f.value("HP", "POP", 2024), 4000)
        XCTAssertEqual(f.value("HP", "POP", 2025), 6000)  // the wards directly, and the absorbed one
        XCTAssertNil(f.value("KA", "POP", 2025))  // abolished
        XCTAssertEqual(f.dataset.trees[1].depth, 3)
    }

    func testMergedCitysEarlierFigureIsDerivedFromItsPredecessors() throws {
        let (dataset, rollup) = try fixture()
        let derived = DerivedFigures(dataset, rollup)
        let hp = try XCTUnwrap(dataset.units.index(of: "HP"))
        let bhyt = try XCTUnwrap(dataset.indicators.index(of: "BHYT"))
        let pop = try XCTUnwrap(dataset.indicators.index(of: "POP"))
        let beds = try XCTUnwrap(dataset.indicators.index(of: "B10K"))
        let figure = derived.figure(unit: hp, indicator: bhyt, periodIndex: 0)
        XCTAssertEqual(figure.basis, .derived)
        XCTAssertEqual(figure.sources.map { dataset.units.codes[$0] }, ["HP", "HD"])
        XCTAssertEqual(figure.interval, Interval(point: (82.5 * 4000 + 70 * 2000) / 6000))  // weighted by population
        XCTAssertEqual(derived.figure(unit: hp, indicator: pop, periodIndex: 0).interval, Interval(point: 6000))
        XCTAssertEqual(derived.figure(unit: hp, indicator: beds, periodIndex: 0).interval, Interval(point: 18.0 * 10000 / 6000))
        let hdi = try XCTUnwrap(dataset.indicators.index(of: "HDI"))
        XCTAssertEqual(derived.figure(unit: hp, indicator: hdi, periodIndex: 0).basis, .notAdditive)
        let ward = try XCTUnwrap(dataset.units.index(of: "HP1"))
        XCTAssertEqual(derived.figure(unit: ward, indicator: bhyt, periodIndex: 0).interval, Interval(point: 70))
        let bs = try XCTUnwrap(dataset.units.index(of: "BS"))
        XCTAssertEqual(derived.figure(unit: bs, indicator: bhyt, periodIndex: 0).basis, .own)
    }

    func testSplitUnitIsNeverDivided() throws {
        let f = try RollupFixture(
            units: """
                code,name,parent,valid_from,valid_to,successor
                R,Gốc,,,,
                OLD,Huyện cũ,R,,2024,A;B
                A,Xã A,R,2025,,
                B,Xã B,R,2025,,
                """,
            indicators: "code,name,unit,aggregation\nPOP,Dân số,người,sum\n",
            values: "unit,indicator,period,value\nOLD,POP,2024,100\nA,POP,2025,60\nB,POP,2025,40\n")
        let derived = DerivedFigures(f.dataset, f.rollup)
        let a = try XCTUnwrap(f.dataset.units.index(of: "A"))
        let figure = derived.figure(unit: a, indicator: 0, periodIndex: 0)
        XCTAssertEqual(figure.basis, .split)
        XCTAssertNil(figure.interval)
    }

    func testSuccessorCycleAndLateSuccessorAreInputErrors() throws {
        let folder = try DataFolder([
            "units.csv": """
            code,name,parent,valid_from,valid_to,successor
            R,Gốc,,,,
            A,A,R,,2024,B
            B,B,R,,2024,A
            C,C,R,,2020,D
            D,D,R,2024,,
            """,
            "indicators.csv": "code,name,unit,aggregation\nPOP,Dân số,người,sum\n",
        ])
        guard case .failure(let failure) = DatasetLoader.load(folder: folder.path) else { return XCTFail("must fail") }
        let messages = failure.errors.map(\.description)
        XCTAssertTrue(messages.contains { $0.contains("found a cycle of successors A → B → A") }, "\(messages)")
        XCTAssertTrue(
            messages.contains { $0.contains("units.csv:5:") && $0.contains("expected a unit that exists in 2021") }, "\(messages)")
    }
}

final class PartialDerivationTests: XCTestCase {
    func testFigureFromOnlySomePredecessorsIsMarkedPartial() throws {
        let f = try RollupFixture(
            units: "code,name,parent,valid_from,valid_to,successor\nVN,VN,,,,\nHP,HP,VN,,,\nHD,HD,VN,,2024,HP\n",
            indicators: "code,name,unit,aggregation,weight\nPOP,Dân số,người,sum,\nBHYT,BHYT,%,weighted_mean,POP\n",
            values: "unit,indicator,period,value\nHP,BHYT,2024,94.17\nHP,POP,2024,100\nHP,BHYT,2025,95\n")
        let derived = DerivedFigures(f.dataset, f.rollup)
        let hp = try XCTUnwrap(f.dataset.units.index(of: "HP"))
        let bhyt = derived.figure(unit: hp, indicator: 1, periodIndex: 0)
        XCTAssertEqual(bhyt.basis, .partial)
        XCTAssertEqual(bhyt.interval, Interval(point: 94.17))
        XCTAssertEqual(derived.figure(unit: hp, indicator: 0, periodIndex: 0).basis, .partial)
    }
}
