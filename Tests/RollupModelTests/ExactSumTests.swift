import RollupModel
import XCTest

final class ExactSumTests: XCTestCase {
    func sum(_ terms: [Double]) -> Double {
        var s = ExactSum()
        for t in terms { s.add(t) }
        return s.total
    }

    func testCancellationKeepsSmallTerms() {
        XCTAssertEqual(sum([1e16, 1, -1e16]), 1)  // left to right gives 0
        XCTAssertEqual(sum([1e100, 1, -1e100, 1e-100]), 1)
    }

    func testTenthsSumExactlyToOne() {
        XCTAssertEqual(sum(Array(repeating: 0.1, count: 10)), 1.0)  // left to right gives 0.9999999999999999
    }

    func testResultDoesNotDependOnOrder() {
        var state: UInt64 = 99
        var terms: [Double] = []
        for _ in 0..<500 {
            state = state &* 6_364_136_223_846_793_005 &+ 1
            let exponent = Double(Int(state >> 58) - 32)
            terms.append(Double(Int64(bitPattern: state) >> 20) * pow(2, exponent))
        }
        let forward = sum(terms)
        XCTAssertEqual(sum(terms.reversed()), forward)
        XCTAssertEqual(sum(terms.sorted()), forward)
        XCTAssertEqual(sum(terms.sorted(by: >)), forward, "seed 99")
    }

    func testMatchesKnownCorrectlyRoundedSums() {
        // Python: math.fsum([46.223333333333336, 85, 44.48366, 28.3]) == 204.00699333333333
        XCTAssertEqual(sum([46.223333333333336, 85, 44.48366, 28.3]), 204.00699333333333)
        XCTAssertEqual(sum([]), 0)
        XCTAssertEqual(sum([.infinity, 1]), .infinity)
    }

    func testMergingTwoSumsEqualsOneSum() {
        var a = ExactSum()
        var b = ExactSum()
        for k in 0..<100 { (k % 2 == 0 ? { a.add(Double(k) * 0.1) } : { b.add(Double(k) * 0.1) })() }
        a.add(b)
        XCTAssertEqual(a.total, sum((0..<100).map { Double($0) * 0.1 }))
    }
}
