import RollupIO
import RollupModel
import XCTest

@testable import RollupKernel

final class ThreadCountTests: XCTestCase {
    /// A random tree with every aggregation, bounds and missing reports, from a fixed seed.
    func randomFolder(seed: UInt64) -> (units: String, indicators: String, values: String) {
        var state = seed
        func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        func uniform(_ n: Int) -> Int { Int(next() % UInt64(n)) }
        var units = "code,name,parent\nR,Gốc,\n"
        var leaves: [String] = []
        var frontier = ["R"]
        for depth in 0..<4 {
            var nextFrontier: [String] = []
            for parent in frontier {
                for k in 0..<(1 + uniform(depth == 3 ? 6 : 4)) {
                    let code = "\(parent)-\(k)"
                    units += "\(code),Đơn vị \(code),\(parent)\n"
                    nextFrontier.append(code)
                }
            }
            frontier = nextFrontier
        }
        leaves = frontier
        let indicators = """
            code,name,unit,aggregation,weight,numerator,denominator,scale,low,high
            POP,Dân số,người,sum,,,,,0,
            BEDS,Giường,giường,sum,,,,,0,
            B10K,Giường/10.000,giường,ratio,,BEDS,POP,10000,0,
            BHYT,BHYT,%,weighted_mean,POP,,,,0,100
            NTM,NTM,%,share_of_units,,,,,0,100
            MN,Min,%,min,,,,,0,100
            MX,Max,%,max,,,,,0,100
            AV,Mean,%,mean,,,,,0,100
            """
        var values = "unit,indicator,period,value\n"
        for period in [2024, 2025] {
            for leaf in leaves {
                if uniform(20) == 0 { continue }
                values += "\(leaf),POP,\(period),\(200 + uniform(5000))\n"
                values += "\(leaf),BEDS,\(period),\(uniform(50))\n"
                values += "\(leaf),BHYT,\(period),\(uniform(10) == 0 ? "<" : "")\(Double(uniform(10000)) / 100)\n"
                values += "\(leaf),NTM,\(period),\(uniform(2) * 100)\n"
                values += "\(leaf),MN,\(period),\(Double(uniform(1000)) / 10)\n"
                values += "\(leaf),MX,\(period),\(Double(uniform(1000)) / 10)\n"
                values += "\(leaf),AV,\(period),\(uniform(15) == 0 ? "40-45" : String(Double(uniform(1000)) / 7))\n"
            }
        }
        return (units, indicators, values)
    }

    func testResultsAreByteIdenticalForAnyThreadCount() throws {
        let (units, indicators, values) = randomFolder(seed: 42)
        var outputs: [[UInt8]] = []
        for threads in [1, 2, 3, 8] {
            let f = try RollupFixture(units: units, indicators: indicators, values: values, threads: threads, chunkSize: 5)
            outputs.append(RollupsFile.format(f.dataset, f.rollup))
        }
        XCTAssertGreaterThan(outputs[0].count, 10_000)
        for (k, output) in outputs.enumerated().dropFirst() {
            XCTAssertEqual(output, outputs[0], "thread count #\(k) differs (seed 42)")
        }
    }

    func testPeriodsRolledUpOneAtATimeGiveTheSameResults() throws {
        let (units, indicators, values) = randomFolder(seed: 13)
        let f = try RollupFixture(units: units, indicators: indicators, values: values, threads: 2, chunkSize: 3)
        var oneAtATime = ParallelAggregator(threads: 2, chunkSize: 3)
        oneAtATime.lendingLimit = 1
        let separate = oneAtATime.rollUp(f.dataset)
        XCTAssertEqual(f.dataset.periods.count, 2)
        XCTAssertEqual(RollupsFile.format(f.dataset, separate), RollupsFile.format(f.dataset, f.rollup), "seed 13")
    }

    func testChunkSizeDoesNotChangeResults() throws {
        let (units, indicators, values) = randomFolder(seed: 7)
        let small = try RollupFixture(units: units, indicators: indicators, values: values, threads: 2, chunkSize: 1)
        let large = try RollupFixture(units: units, indicators: indicators, values: values, threads: 2, chunkSize: 100_000)
        XCTAssertEqual(RollupsFile.format(small.dataset, small.rollup), RollupsFile.format(large.dataset, large.rollup), "seed 7")
    }
}
