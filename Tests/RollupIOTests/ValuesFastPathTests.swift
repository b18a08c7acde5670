import RollupIO
import RollupKernel
import RollupModel
import RollupTestSupport
import XCTest

final class ValuesFastPathTests: XCTestCase {
    func rollups(_ folder: String, fastPath: Bool, threads: Int = 2, vietnamese: Bool = false) throws -> [UInt8] {
        switch DatasetLoader.load(folder: folder, options: LoadOptions(vietnamese: vietnamese, threads: threads, fastPath: fastPath)) {
        case .success(let loaded):
            let rollup = ParallelAggregator(threads: threads).rollUp(loaded.dataset)
            return RollupsFile.format(loaded.dataset, rollup, threads: threads)
        case .failure(let errors):
            throw errors
        }
    }

    func testFastPathGivesTheSerialReadersResultOnTheSamples() throws {
        for sample in ["city-synthetic", "haiphong-real"] {
            let folder = PackageFiles.root + "/Samples/" + sample
            XCTAssertEqual(try rollups(folder, fastPath: true), try rollups(folder, fastPath: false), sample)
        }
    }

    func testFastPathHandlesQuotesBoundsLevelsAndVietnameseNumbers() throws {
        var values = "unit,indicator,period,value\n"
        for k in 0..<3000 {
            let unit = "W\(k % 50)"
            values += "\"\(unit)\",POP,\(2020 + k / 50),\(100 + k)\n"
            values +=
                "\(unit),BHYT,\(2020 + k / 50),\(k % 7 == 0 ? "\"< 39,2\"" : k % 11 == 0 ? "\"94,17\"" : "\(Double(k % 1000) / 10)")\n"
            values += "\(unit),LVL,\(2020 + k / 50),\(k % 2 == 0 ? "Loại trừ" : "Chấm dứt")\n"
        }
        values += "D,BHYT,2020,\"8\"\"0\"\"\"\n".replacingOccurrences(of: "\"8\"\"0\"\"\"", with: "81.5")
        var units = "code,name,parent\nD,\"Quận \"\"Kiến An\"\"\",\n"
        for k in 0..<50 { units += "W\(k),Phường \(k),D\n" }
        let folder = try DataFolder([
            "units.csv": units,
            "indicators.csv": """
            code,name,unit,aggregation,weight,low,high
            POP,Dân số,người,sum,,0,
            BHYT,BHYT,%,weighted_mean,POP,0,100
            LVL,Mức độ,Mức độ,worst_level,,Chưa kiểm soát,Xóa bỏ hoàn toàn
            """,
            "values.csv": values,
        ])
        let serial = try rollups(folder.path, fastPath: false, threads: 1)
        XCTAssertEqual(try rollups(folder.path, fastPath: true, threads: 1), serial)
        XCTAssertEqual(try rollups(folder.path, fastPath: true, threads: 3), serial)
        XCTAssertGreaterThan(serial.count, 50_000)
    }

    func testDuplicateAcrossChunksIsStillReportedWithItsFirstLine() throws {
        // Far apart rows with one key: the fast path must notice and leave it to the serial reader.
        var values = "unit,indicator,period,value\nW1,POP,2024,5\n"
        for k in 0..<60_000 { values += "W\(2 + k % 100),POP,\(2000 + k / 100),\(k)\n" }
        values += "W1,POP,2024,7\n"
        var units = "code,name,parent\nD,Quận,\n"
        for k in 1...101 { units += "W\(k),Phường \(k),D\n" }
        let folder = try DataFolder([
            "units.csv": units,
            "indicators.csv": "code,name,unit,aggregation\nPOP,Dân số,người,sum\n",
            "values.csv": values,
        ])
        switch DatasetLoader.load(folder: folder.path) {
        case .success:
            XCTFail("duplicates must fail the load")
        case .failure(let errors):
            XCTAssertEqual(errors.errors.count, 1)
            XCTAssertTrue(
                errors.errors.contains { $0.line == 60_003 && $0.message.contains("(first on line 2)") }, "\(errors.errors.prefix(3))")
        }
    }
}

final class NothingRowDuplicateTests: XCTestCase {
    func load(_ values: String, fastPath: Bool) -> [String] {
        guard
            let folder = try? DataFolder([
                "units.csv": "code,name,parent\nD,Quận,\nKA,Phường,D\n",
                "indicators.csv": "code,name,unit,aggregation\nPOP,Dân số,người,sum\n",
                "values.csv": values,
                "targets.csv": "unit,indicator,year,target\nKA,POP,2030,5\nKA,POP,2030,-\n",
            ])
        else { return ["could not write the folder"] }
        switch DatasetLoader.load(folder: folder.path, options: LoadOptions(fastPath: fastPath)) {
        case .success: return []
        case .failure(let errors): return errors.errors.map { "\($0.line): \($0.message)" }
        }
    }

    func testDashRowStillClaimsItsKey() {
        for fast in [true, false] {
            for values in [
                "unit,indicator,period,value\nKA,POP,2024,-\nKA,POP,2024,5\n",
                "unit,indicator,period,value\nKA,POP,2024,5\nKA,POP,2024,-\n",
            ] {
                let errors = load(values, fastPath: fast)
                XCTAssertTrue(errors.contains { $0.hasPrefix("3: found a second value") && $0.contains("first on line 2") }, "\(errors)")
                XCTAssertTrue(errors.contains { $0.hasPrefix("3: found a second target") }, "\(errors)")
            }
        }
    }
}
