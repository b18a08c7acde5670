import RollupKernel
import RollupModel
import RollupTestSupport
import XCTest

/// Columns holding a few bounds: parents without an interval child take the exact loop, the
/// others the interval-aware one, and together they must give what folding every parent with the
/// interval states gives.
final class IntervalPathTests: XCTestCase {
    /// A random tree with a few bounds and ranges among exact figures, own reports of internal
    /// units (some of them bounds) and missing reports.
    func mixedFolder(seed: UInt64) -> (units: String, indicators: String, values: String) {
        var random = TestDraws(seed: seed)
        var units = "code,name,parent\nR,Gốc,\n"
        var all = ["R"]
        var frontier = ["R"]
        for depth in 0..<3 {
            var next: [String] = []
            for parent in frontier {
                for k in 0..<(1 + random.uniform(depth == 2 ? 40 : 5)) {
                    let code = "\(parent)-\(k)"
                    units += "\(code),Đơn vị \(code),\(parent)\n"
                    next.append(code)
                }
            }
            all += next
            frontier = next
        }
        let leaves = Set(frontier)
        let indicators = """
            code,name,unit,aggregation,weight,numerator,denominator,scale,low,high
            POP,Dân số,người,sum,,,,,0,
            B10K,Tỉ lệ,giường,ratio,,BEDS,POP,10000,0,
            BEDS,Giường,giường,sum,,,,,0,
            BHYT,BHYT,%,weighted_mean,POP,,,,0,100
            NTM,NTM,%,share_of_units,,,,,0,100
            MN,Min,%,min,,,,,0,100
            MX,Max,%,max,,,,,0,100
            AV,Mean,%,mean,,,,,0,100
            """
        func figure(_ exact: String) -> String {
            switch random.uniform(60) {
            case 0: return "<\(exact)"
            case 1: return ">=\(exact)"
            case 2: return "40-45"
            default: return exact
            }
        }
        var values = "unit,indicator,period,value\n"
        for unit in all {
            let leaf = leaves.contains(unit)
            if !leaf && random.uniform(4) != 0 { continue }  // most internal units report nothing
            if random.uniform(15) == 0 { continue }
            values += "\(unit),POP,2024,\(leaf ? figure(String(200 + random.uniform(5000))) : String(random.uniform(90000)))\n"
            values += "\(unit),BEDS,2024,\(figure(String(random.uniform(50))))\n"
            values += "\(unit),BHYT,2024,\(figure(String(Double(random.uniform(10000)) / 100)))\n"
            values += "\(unit),NTM,2024,\(random.uniform(40) == 0 ? "<50" : String(random.uniform(2) * 100))\n"
            values += "\(unit),MN,2024,\(figure(String(Double(random.uniform(1000)) / 10)))\n"
            values += "\(unit),MX,2024,\(figure(String(Double(random.uniform(1000)) / 10)))\n"
            values += "\(unit),AV,2024,\(figure(String(Double(random.uniform(1000)) / 7)))\n"
        }
        return (units, indicators, values)
    }

    /// Every parent folded with the interval states, from the deepest level up: the roll-up's
    /// rules without any exact shortcut.
    func reference(_ dataset: Dataset, indicator i: Int, weights: [Interval?]?) -> (figures: [Interval?], coverage: [Double?]) {
        let tree = dataset.trees[0]
        let reported = dataset.reported[0][i]
        var figures = (0..<tree.count).map { reported.interval(at: $0) }
        var coverage = [Double?](repeating: nil, count: tree.count)
        let aggregation = dataset.indicators[i].aggregation
        for p in stride(from: tree.count - 1, through: 0, by: -1) where !tree.isLeaf(p) {
            let children = tree.children(of: p)
            var result: Interval?
            var cover = 0.0
            var n = 0
            switch aggregation {
            case .sum, .mean:
                var sum = SumState()
                var mean = MeanState()
                for c in children {
                    if let x = figures[c] {
                        sum.add(x)
                        mean.add(x)
                        n += 1
                    }
                }
                result = aggregation == .sum ? sum.finalize() : mean.finalize()
                cover = Double(n) / Double(children.count)
            case .min, .max:
                var state = ExtremumState(takesMaximum: aggregation == .max)
                for c in children {
                    if let x = figures[c] {
                        state.add(x)
                        n += 1
                    }
                }
                result = state.finalize()
                cover = Double(n) / Double(children.count)
            case .weightedMean:
                var state = WeightedMeanState()
                var all = ExactSum()
                var contributing = ExactSum()
                for c in children {
                    guard let w = weights?[c], w.isPoint, w.low >= 0 else { continue }
                    all.add(w.low)
                    if w.low > 0, let x = figures[c] {
                        state.add(x, weight: w.low)
                        contributing.add(w.low)
                    }
                }
                result = state.finalize()
                cover = all.total > 0 ? contributing.total / all.total : 0
            default:
                XCTFail("unexpected aggregation")
            }
            if let result {
                figures[p] = result
                coverage[p] = cover
            }
        }
        return (figures, coverage)
    }

    func same(_ a: Interval?, _ b: Interval?) -> Bool {
        guard let a, let b else { return a == nil && b == nil }
        return a.low.bitPattern == b.low.bitPattern && a.high.bitPattern == b.high.bitPattern
            && a.includesLow == b.includesLow && a.includesHigh == b.includesHigh
    }

    func testMixedColumnsMatchFoldingEveryParentWithIntervalStates() throws {
        for seed: UInt64 in [3, 17, 99] {
            let (units, indicators, values) = mixedFolder(seed: seed)
            let f = try RollupFixture(units: units, indicators: indicators, values: values, threads: 2, chunkSize: 7)
            let tree = f.dataset.trees[0]
            var parentsWithIntervals = 0
            var exactParents = 0
            let pop = try XCTUnwrap(f.dataset.indicators.index(of: "POP"))
            let popColumn = f.rollup.periods[0].columns[pop]
            let popFigures = (0..<tree.count).map { popColumn.interval(at: $0) }
            for code in ["POP", "BEDS", "BHYT", "MN", "MX", "AV"] {
                let i = try XCTUnwrap(f.dataset.indicators.index(of: code))
                let column = f.rollup.periods[0].columns[i]
                XCTAssertFalse(column.intervals.isEmpty, "seed \(seed) \(code): the column should hold bounds")
                let expected = reference(f.dataset, indicator: i, weights: code == "BHYT" ? popFigures : nil)
                for p in 0..<tree.count {
                    let got = column.interval(at: p)
                    XCTAssertTrue(
                        same(got, expected.figures[p]),
                        "seed \(seed) \(code) position \(p): \(String(describing: got)) vs \(String(describing: expected.figures[p]))")
                    if let cover = expected.coverage[p] {
                        XCTAssertEqual(column.coverage[p].bitPattern, cover.bitPattern, "seed \(seed) \(code) position \(p)")
                        XCTAssertEqual(column.sources[p], .rollup)
                    }
                    // An exact value never also sits in the side table.
                    if !column.values[p].isNaN { XCTAssertNil(column.intervals[Int32(p)], "seed \(seed) \(code) position \(p)") }
                    if !tree.isLeaf(p) {
                        if tree.children(of: p).contains(where: { column.intervals[Int32($0)] != nil }) {
                            parentsWithIntervals += 1
                        } else {
                            exactParents += 1
                        }
                    }
                }
            }
            XCTAssertGreaterThan(parentsWithIntervals, 10, "seed \(seed)")
            XCTAssertGreaterThan(exactParents, 10, "seed \(seed)")
        }
    }

    func testOwnReportBoundGivesWayToExactChildren() throws {
        let f = try RollupFixture(
            units: """
                code,name,parent
                D,Quận,
                W1,Phường 1,D
                W2,Phường 2,D
                E,Quận khác,
                V1,Phường 3,E
                V2,Phường 4,E
                """,
            indicators: """
                code,name,unit,aggregation,low,high
                BEDS,Giường,giường,sum,0,
                """,
            values: """
                unit,indicator,period,value
                D,BEDS,2024,<5
                W1,BEDS,2024,7
                W2,BEDS,2024,8
                E,BEDS,2024,<9
                V1,BEDS,2024,3
                V2,BEDS,2024,<4
                """)
        XCTAssertEqual(f.value("D", "BEDS"), 15)
        XCTAssertEqual(f.source("D", "BEDS"), .rollup)
        let column = f.rollup.periods[0].columns[0]
        let d = Int(f.dataset.trees[0].positionOf[try XCTUnwrap(f.dataset.units.index(of: "D"))])
        XCTAssertNil(column.intervals[Int32(d)], "the own report's bound stays behind")
        XCTAssertEqual(f.interval("E", "BEDS"), Interval(low: 3, high: 7, includesLow: true, includesHigh: false))
    }

    func testShareOfUnitsCountsIntervalLeavesAndSkipsMissingOnes() throws {
        let f = try RollupFixture(
            units: """
                code,name,parent
                D,Quận,
                W1,Phường 1,D
                W2,Phường 2,D
                W3,Phường 3,D
                W4,Phường 4,D
                """,
            indicators: """
                code,name,unit,aggregation,low,high
                NTM,NTM,%,share_of_units,0,100
                """,
            values: """
                unit,indicator,period,value
                W1,NTM,2024,100
                W2,NTM,2024,>50
                W3,NTM,2024,0
                """)
        // Three leaves reported (W4 did not): W1 meets the standard, W2 may, W3 does not.
        XCTAssertEqual(f.interval("D", "NTM"), Interval(low: 100.0 / 3, high: 200.0 / 3))
        XCTAssertEqual(f.coverage("D", "NTM"), 0.75)
    }
}
