import XCTest

@testable import RollupModel

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

/// ``ExactSum/add(_:)``'s inline fast path against the general path it stands for.
final class ExactSumFastPathTests: XCTestCase {
    /// Terms of many magnitudes and both signs, with cancellations, zeros of both signs and
    /// (now and then) infinities and NaN.
    private func terms(_ count: Int, spread: Int, _ generator: inout SystemRandomNumberGenerator) -> [Double] {
        let odd: [Double] = [0, -0.0, .infinity, -.infinity, .nan, .ulpOfOne, -.leastNonzeroMagnitude, .greatestFiniteMagnitude]
        var terms: [Double] = []
        for _ in 0..<count {
            let roll = Int.random(in: 0..<20, using: &generator)
            if roll == 0, let x = odd.randomElement(using: &generator) {
                terms.append(x)
            } else if roll < 4, let previous = terms.last {
                terms.append(-previous)
            } else {
                let mantissa = Double.random(in: -1...1, using: &generator)
                terms.append(mantissa * pow(2, Double(Int.random(in: -spread...spread, using: &generator))))
            }
        }
        return terms
    }

    func testFastPathGivesTheGeneralPathsPartialsAndTotal() {
        var generator = SystemRandomNumberGenerator()
        // A spread of 1000 binary orders makes more than 16 partials, crossing into the spill.
        for spread in [0, 3, 60, 400, 1000] {
            for count in [1, 2, 5, 17, 40, 300] {
                for _ in 0..<20 {
                    let sequence = terms(count, spread: spread, &generator)
                    var fast = ExactSum()
                    var general = ExactSum()
                    for (n, t) in sequence.enumerated() {
                        fast.add(t)
                        general.addByPartials(t)
                        XCTAssertEqual(
                            fast.partials.map(\.bitPattern), general.partials.map(\.bitPattern), "after \(n + 1) of \(sequence)")
                    }
                    XCTAssertEqual(fast.total.bitPattern, general.total.bitPattern, "\(sequence)")
                }
            }
        }
    }

    func testFastPathKeepsManyPartialsExact() {
        // 2^(60k) for k in 0..<30 overlap nowhere: thirty partials, most of them spilled.
        var sum = ExactSum()
        var general = ExactSum()
        for k in 0..<30 {
            sum.add(pow(2, Double(60 * k - 900)))
            general.addByPartials(pow(2, Double(60 * k - 900)))
        }
        XCTAssertEqual(sum.partials.count, 30)
        XCTAssertEqual(sum.partials, general.partials)
        XCTAssertEqual(sum.total, pow(2, Double(60 * 29 - 900)))
    }
}
