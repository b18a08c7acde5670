import RollupKernel
import RollupModel
import XCTest

final class AggregationTests: XCTestCase {
    let district = """
        code,name,parent
        D,Quận Kiến An,
        W1,Phường Bắc Sơn,D
        W2,Phường Nam Sơn,D
        """

    func testRatioOfSumsDiffersFromMeanOfRates() throws {
        let f = try RollupFixture(
            units: district,
            indicators: """
                code,name,unit,aggregation,numerator,denominator,scale
                POP,Dân số,người,sum,,,
                DOC,Bác sĩ,người,sum,,,
                DOC10K,Bác sĩ trên 10.000 dân,bác sĩ/10.000 dân,ratio,DOC,POP,10000
                """,
            values: """
                unit,indicator,period,value
                W1,POP,2024,1000
                W1,DOC,2024,10
                W2,POP,2024,9000
                W2,DOC,2024,9
                """)
        XCTAssertEqual(f.value("W1", "DOC10K"), 100)
        XCTAssertEqual(f.value("W2", "DOC10K"), 10)
        XCTAssertEqual(f.value("D", "DOC10K"), 19)  // 19 doctors per 10,000 people
        XCTAssertNotEqual(f.value("D", "DOC10K"), 55)  // the mean of 100 and 10
        XCTAssertEqual(f.source("W1", "DOC10K"), .reported)
        XCTAssertEqual(f.source("D", "DOC10K"), .rollup)
    }

    func testRatioFallsBackToOwnReportWhenDenominatorMissing() throws {
        let f = try RollupFixture(
            units: district,
            indicators: """
                code,name,unit,aggregation,numerator,denominator,scale
                POP,Dân số,người,sum,,,
                DOC,Bác sĩ,người,sum,,,
                DOC10K,Bác sĩ trên 10.000 dân,bác sĩ/10.000 dân,ratio,DOC,POP,10000
                """,
            values: """
                unit,indicator,period,value
                W1,DOC,2024,10
                W1,DOC10K,2024,12.5
                D,DOC10K,2024,19.2
                W2,DOC10K,2024,30
                """)
        XCTAssertEqual(f.value("W1", "DOC10K"), 12.5)
        XCTAssertEqual(f.value("D", "DOC10K"), 19.2)
        XCTAssertEqual(f.source("D", "DOC10K"), .ownReport)
    }

    func testWeightedMeanSkipsChildWithoutWeight() throws {
        let f = try RollupFixture(
            units: """
                code,name,parent
                D,Quận,
                W1,Phường 1,D
                W2,Phường 2,D
                W3,Phường 3,D
                """,
            indicators: """
                code,name,unit,aggregation,weight
                POP,Dân số,người,sum,
                BHYT,Bao phủ BHYT,%,weighted_mean,POP
                """,
            values: """
                unit,indicator,period,value
                W1,BHYT,2024,90
                W1,POP,2024,100
                W2,BHYT,2024,50
                W3,BHYT,2024,80
                W3,POP,2024,300
                """)
        XCTAssertEqual(f.value("D", "BHYT"), 82.5)  // (90·100 + 80·300) / 400; W2 has no weight
        XCTAssertEqual(f.value("D", "POP"), 400)
        XCTAssertEqual(f.coverage("D", "POP"), 2.0 / 3.0)
    }

    func testWeightedMeanCoverageIsShareOfWeight() throws {
        let f = try RollupFixture(
            units: district,
            indicators: """
                code,name,unit,aggregation,weight
                POP,Dân số,người,sum,
                BHYT,Bao phủ BHYT,%,weighted_mean,POP
                """,
            values: """
                unit,indicator,period,value
                W1,POP,2024,100
                W1,BHYT,2024,90
                W2,POP,2024,300
                """)
        XCTAssertEqual(f.value("D", "BHYT"), 90)
        XCTAssertEqual(f.coverage("D", "BHYT"), 0.25)
    }

    func testOwnReportFallbackOnlyWhenNoChildContributes() throws {
        let f = try RollupFixture(
            units: district,
            indicators: """
                code,name,unit,aggregation
                BEDS,Giường bệnh,giường,sum
                AVG,Trung bình,%,mean
                """,
            values: """
                unit,indicator,period,value
                D,AVG,2024,70
                D,BEDS,2024,999
                W1,BEDS,2024,40
                W2,BEDS,2024,60
                """)
        XCTAssertEqual(f.value("D", "AVG"), 70)
        XCTAssertEqual(f.source("D", "AVG"), .ownReport)
        XCTAssertEqual(f.coverage("D", "AVG"), 0)
        XCTAssertEqual(f.value("D", "BEDS"), 100)  // children contribute: their sum, not 999
        XCTAssertEqual(f.source("D", "BEDS"), .rollup)
    }

    func testShareOfUnitsCountsLeavesOverUnevenSubtrees() throws {
        let f = try RollupFixture(
            units: """
                code,name,parent
                C,Thành phố,
                D1,Quận 1,C
                D2,Quận 2,C
                W1,Phường 1,D1
                W2,Phường 2,D1
                W3,Phường 3,D1
                W4,Phường 4,D2
                """,
            indicators: """
                code,name,unit,aggregation
                NTM,Xã đạt chuẩn,%,share_of_units
                """,
            values: """
                unit,indicator,period,value
                W1,NTM,2024,100
                W2,NTM,2024,100
                W3,NTM,2024,0
                W4,NTM,2024,0
                D2,NTM,2024,100
                """)
        XCTAssertEqual(f.value("D1", "NTM"), 100.0 * 2 / 3)
        XCTAssertEqual(f.value("C", "NTM"), 50)  // 2 of 4 leaves, not the mean (66.7 + 0) / 2
        XCTAssertEqual(f.value("D2", "NTM"), 0)  // its leaf, not its own report of 100
    }

    func testShareOfUnitsCoverageCountsReportingLeaves() throws {
        let f = try RollupFixture(
            units: district,
            indicators: "code,name,unit,aggregation\nNTM,Xã đạt chuẩn,%,share_of_units\n",
            values: "unit,indicator,period,value\nW1,NTM,2024,100\n")
        XCTAssertEqual(f.value("D", "NTM"), 100)
        XCTAssertEqual(f.coverage("D", "NTM"), 0.5)
    }

    func testBoundsRollUpAsIntervals() throws {
        let f = try RollupFixture(
            units: district,
            indicators: """
                code,name,unit,aggregation,low,high
                CASES,Số ca,ca,sum,0,
                RATE,Tỉ lệ,%,mean,0,100
                """,
            values: """
                unit,indicator,period,value
                W1,CASES,2024,5
                W2,CASES,2024,<3
                W1,RATE,2024,>= 90
                W2,RATE,2024,28-30
                """)
        XCTAssertNil(f.value("D", "CASES"))
        XCTAssertEqual(f.interval("D", "CASES"), Interval(low: 5, high: 8, includesLow: true, includesHigh: false))
        XCTAssertEqual(f.interval("D", "RATE"), Interval(low: 59, high: 65))
    }

    func testUnboundedBoundStaysUnbounded() throws {
        let f = try RollupFixture(
            units: district,
            indicators: "code,name,unit,aggregation\nX,Chỉ số,điểm,sum\n",
            values: "unit,indicator,period,value\nW1,X,2024,<3\nW2,X,2024,1\n")
        let i = try XCTUnwrap(f.interval("D", "X"))
        XCTAssertEqual(i.low, -.infinity)
        XCTAssertEqual(i.high, 4)
    }

    func testMinMaxMeanOfChildren() throws {
        let f = try RollupFixture(
            units: """
                code,name,parent
                D,Quận,
                W1,Phường 1,D
                W2,Phường 2,D
                W3,Phường 3,D
                """,
            indicators: """
                code,name,unit,aggregation
                LO,Thấp nhất,%,min
                HI,Cao nhất,%,max
                AV,Trung bình,%,mean
                """,
            values: """
                unit,indicator,period,value
                W1,LO,2024,7
                W2,LO,2024,3
                W1,HI,2024,7
                W3,HI,2024,11
                W1,AV,2024,1
                W2,AV,2024,2
                W3,AV,2024,6
                """)
        XCTAssertEqual(f.value("D", "LO"), 3)
        XCTAssertEqual(f.value("D", "HI"), 11)
        XCTAssertEqual(f.value("D", "AV"), 3)
        XCTAssertEqual(f.coverage("D", "LO"), 2.0 / 3.0)
    }

    func testWorstLevelTakesLowestLevelOfScale() throws {
        let f = try RollupFixture(
            units: """
                code,name,parent
                D,Quận,
                W1,Phường 1,D
                W2,Phường 2,D
                """,
            indicators: """
                code,name,unit,aggregation,low,high
                MAL,Sốt rét,Mức độ,worst_level,Chưa kiểm soát,Xóa bỏ hoàn toàn
                """,
            values: """
                unit,indicator,period,value
                W1,MAL,2024,Xóa bỏ hoàn toàn
                W2,MAL,2024,loại trừ
                """)
        let scale = try XCTUnwrap(f.dataset.indicators[0].levelScale)
        XCTAssertEqual(f.value("D", "MAL").flatMap { scale.level(atRank: Int($0)) }, "Loại trừ")
    }

    func testNoneKeepsOnlyOwnReport() throws {
        let f = try RollupFixture(
            units: district,
            indicators: "code,name,unit,aggregation\nHDI,Chỉ số phát triển con người,chỉ số,none\n",
            values: "unit,indicator,period,value\nW1,HDI,2024,0.7\nW2,HDI,2024,0.8\n")
        XCTAssertNil(f.source("D", "HDI").flatMap { $0 == .none ? nil : $0 })
        XCTAssertEqual(f.value("W1", "HDI"), 0.7)
    }

    func testMeanIsExactlyRoundedWhateverTheOrder() throws {
        // Left-to-right addition gives 51.00174833333334; the exact sum rounded once gives ...33.
        let f = try RollupFixture(
            units: """
                code,name,parent
                R,Gốc,
                A,A,R
                B,B,R
                C,C,R
                E,E,R
                """,
            indicators: "code,name,unit,aggregation\nAV,Trung bình,%,mean\n",
            values: """
                unit,indicator,period,value
                A,AV,2024,46.223333333333336
                B,AV,2024,85
                C,AV,2024,44.48366
                E,AV,2024,28.3
                """)
        XCTAssertEqual(f.value("R", "AV"), 51.00174833333333)
    }
}
