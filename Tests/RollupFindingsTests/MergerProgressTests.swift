import RollupFindings
import RollupIO
import RollupKernel
import RollupModel
import RollupTestSupport
import XCTest

final class MergerProgressTests: XCTestCase {
    func testProgressAcrossAMergerUsesTheDerivedBaseline() throws {
        let folder = try DataFolder([
            "units.csv": """
            code,name,parent,valid_from,valid_to,successor
            VN,Việt Nam,,,,
            HP,Thành phố Hải Phòng,VN,,,
            HD,Tỉnh Hải Dương,VN,,2024,HP
            """,
            "indicators.csv": """
            code,name,unit,aggregation,weight,direction,low,high
            POP,Dân số,người,sum,,,0,
            BHYT,Bao phủ BHYT,%,weighted_mean,POP,higher,0,100
            """,
            "values.csv": """
            unit,indicator,period,value
            HP,POP,2023,1000
            HD,POP,2023,1000
            HP,BHYT,2023,90
            HD,BHYT,2023,70
            HP,POP,2025,2000
            HP,BHYT,2025,88
            """,
            "targets.csv": "unit,indicator,year,target\nHP,BHYT,2030,100\n",
        ])
        guard case .success(let loaded) = DatasetLoader.load(folder: folder.path) else { return XCTFail("load") }
        let rollup = ParallelAggregator(threads: 1).rollUp(loaded.dataset)
        let report = FindingsEngine.evaluate(loaded.dataset, rollup)
        let row = try XCTUnwrap(report.progress.first)
        XCTAssertEqual(row.baselinePeriod, 2023)
        XCTAssertEqual(row.baselineValue, "80")  // (90·1000 + 70·1000) / 2000, not Hải Phòng's own 90
        XCTAssertTrue(row.baselineDerived)
        XCTAssertEqual(row.status, .onTrack)  // 80 → 88 in 2 of 7 years is ahead of the path to 100
        let csv = String(decoding: ProgressFile.format(loaded.dataset, report), as: UTF8.self)
        XCTAssertTrue(csv.contains("HP,BHYT,2030,100,2025,88,on_track,2023,80,"), csv)
        XCTAssertTrue(csv.hasSuffix(",derived\n"), csv)
    }
}
