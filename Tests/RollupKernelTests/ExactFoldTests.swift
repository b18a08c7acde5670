import RollupModel
import RollupTestSupport
import XCTest

@testable import RollupKernel

final class ExactFoldTests: XCTestCase {
    func exact(_ terms: [Double]) -> Double {
        var sum = ExactSum()
        for t in terms { sum.add(t) }
        return sum.total
    }

    func integerSum(_ terms: [Double]) -> IntegerSum {
        var sum = IntegerSum()
        for t in terms { sum.add(t) }
        return sum
    }

    func testIntegerSumsTakePlainAddsAndMatchExactSum() {
        var random = TestDraws(seed: 5)
        for trial in 0..<2_000 {
            let scale = [10, 1_000, 100_000_000, 1 << 40][trial % 4]
            let terms = (0..<(1 + random.uniform(60))).map { _ in Double(random.uniform(2 * scale + 1) - scale) }
            let sum = integerSum(terms)
            XCTAssertTrue(sum.isExact, "trial \(trial)")
            XCTAssertEqual(sum.total.bitPattern, exact(terms).bitPattern, "trial \(trial): \(terms)")
        }
        // Signed zeros: the plain sum starts from -0, so a sum of -0 alone stays -0, as in ExactSum.
        for terms: [Double] in [[-0.0], [-0.0, -0.0], [-0.0, 0.0], [0.0, -0.0], [3, -3], [-3, 3, -0.0]] {
            let sum = integerSum(terms)
            XCTAssertTrue(sum.isExact)
            XCTAssertEqual(sum.total.bitPattern, exact(terms).bitPattern, "\(terms)")
        }
    }

    func testIntegerSumsInLanesMatchExactSumAndCountThePresentValues() {
        var random = TestDraws(seed: 31)
        for trial in 0..<3_000 {
            let scale = [10, 1_000, 100_000_000, 1 << 40][trial % 4]
            var values = (0..<random.uniform(40)).map { _ -> Double in
                switch random.uniform(8) {
                case 0: return .nan
                case 1: return -0.0
                default: return Double(random.uniform(2 * scale + 1) - scale)
                }
            }
            if trial % 5 == 0 { values = values.map { $0.isNaN ? $0 : -0.0 } }  // zeros only: the sign counts
            let start = values.isEmpty ? 0 : random.uniform(values.count)
            let (lanes, count) = values.withUnsafeBufferPointer { IntegerSum.of($0, start, values.count) }
            let expected = values[start...].filter { !$0.isNaN }
            XCTAssertEqual(count, expected.count, "trial \(trial)")
            guard !expected.isEmpty else { continue }
            XCTAssertTrue(lanes.isExact, "trial \(trial)")
            XCTAssertEqual(lanes.total.bitPattern, exact(expected).bitPattern, "trial \(trial): \(values)")
        }
        // What one term refuses, the lanes refuse too, wherever it falls.
        for position in 0..<9 {
            var values = Array(repeating: 1.0, count: 9)
            values[position] = 2.5
            XCTAssertFalse(values.withUnsafeBufferPointer { IntegerSum.of($0, 0, 9) }.sum.isExact, "fraction at \(position)")
            values[position] = integerSumLimit
            XCTAssertFalse(values.withUnsafeBufferPointer { IntegerSum.of($0, 0, 9) }.sum.isExact, "large at \(position)")
        }
    }

    func testWeightSumsTakePlainAddsAndMatchExactSumOnEverySubset() {
        var random = TestDraws(seed: 23)
        for trial in 0..<2_000 {
            let scale = [100, 100_000, 100_000_000, 1 << 45][trial % 4]
            let weights = (0..<(1 + random.uniform(60))).map { _ in random.uniform(10) == 0 ? -0.0 : Double(random.uniform(scale)) }
            var all = WeightSum()
            var subset = -0.0
            var chosen: [Double] = []
            for w in weights {
                all.add(w)
                if random.uniform(3) != 0 {
                    subset += w
                    chosen.append(w)
                }
            }
            XCTAssertTrue(all.isExact, "trial \(trial)")
            XCTAssertEqual(all.total.bitPattern, exact(weights).bitPattern, "trial \(trial): \(weights)")
            if !chosen.isEmpty { XCTAssertEqual(subset.bitPattern, exact(chosen).bitPattern, "trial \(trial): \(chosen)") }
        }
        var fractional = WeightSum()
        fractional.add(1)
        fractional.add(0.5)
        XCTAssertFalse(fractional.isExact)
        var large = WeightSum()
        large.add(integerSumLimit - 1)
        large.add(1)
        XCTAssertFalse(large.isExact)
    }

    func testIntegerSumRefusesFractionsAndLargeTotals() {
        XCTAssertFalse(integerSum([1, 2.5, 3]).isExact)
        XCTAssertFalse(integerSum([0.1, 0.2]).isExact)
        XCTAssertFalse(integerSum([integerSumLimit]).isExact)
        XCTAssertFalse(integerSum([integerSumLimit / 2, integerSumLimit / 2]).isExact)
        XCTAssertFalse(integerSum([integerSumLimit - 1, -(integerSumLimit - 1), 2]).isExact)  // Σ|v| counts
        XCTAssertFalse(integerSum([.infinity]).isExact)
        XCTAssertFalse(integerSum([9_007_199_254_740_993, 1]).isExact)
        XCTAssertTrue(integerSum([integerSumLimit - 2, 1]).isExact)
        // A sum that plain additions would get wrong is refused: 2^53 + 1 is not a double.
        let wrong: [Double] = [9_007_199_254_740_992, 1, 1]
        XCTAssertFalse(integerSum(wrong).isExact)
        XCTAssertNotEqual(wrong.reduce(-0.0, +), exact(wrong))
    }

    func fixedPoint(_ terms: [Double]) -> FixedPointSum {
        var sum = FixedPointSum()
        for t in terms { sum.add(t) }
        return sum
    }

    func testFixedPointSumMatchesExactSumBitForBit() {
        var random = TestDraws(seed: 11)
        var compared = 0
        for trial in 0..<5_000 {
            let terms = (0..<(1 + random.uniform(40))).map { _ -> Double in
                let sign: Double = random.uniform(4) == 0 ? -1 : 1
                switch trial % 3 {
                case 0:
                    // Full significands over 2^-17 ... 2^40.
                    let significand = 1 + Double(random.next() >> 12) / Double(1 << 52)
                    return sign * Double(sign: .plus, exponent: random.uniform(58) - 17, significand: significand)
                case 1:
                    // Products of weights and shares, as the weighted mean adds them.
                    return Double(random.uniform(100_000)) * (Double(random.uniform(10_000)) / 100)
                default:
                    // Shares and their means: two decimals, or thirds.
                    return sign * (random.uniform(2) == 0 ? Double(random.uniform(10_000)) / 100 : Double(random.uniform(1000)) / 7)
                }
            }
            let sum = fixedPoint(terms)
            let exactTotal = exact(terms)
            guard let total = sum.total else {
                XCTAssertTrue(sum.overflowed || exactTotal == 0, "trial \(trial): \(terms)")
                continue
            }
            compared += 1
            XCTAssertEqual(total.bitPattern, exactTotal.bitPattern, "trial \(trial): \(terms)")
        }
        XCTAssertGreaterThan(compared, 4_900)
        // Ties to even, carries into the next binade, cancellation, totals near the grid's ends.
        let cases: [[Double]] = [
            [1, 0x1p-53], [1, 0x1p-53, 0x1p-60], [1, -0x1p-54], [1 + 0x1p-52, 0x1p-53], [0x1p53 - 1, 0.5],
            [1e16, 1, -1e16], [0.1, 0.2, 0.3], [-0.1, -0.2], [0x1p55, 0x1p55, -1], [0x1p-70, 1], [-0x1p-70, 0x1p-69],
            [3, 0x1p-52, 0x1p-53], [0x1p52, 0x1p52, 0.5, 0x1p-40],
        ]
        for terms in cases {
            let sum = fixedPoint(terms)
            XCTAssertFalse(sum.overflowed, "\(terms)")
            XCTAssertEqual(sum.total?.bitPattern, exact(terms).bitPattern, "\(terms)")
        }
    }

    func testFixedPointSumsAddedTogetherMatchOneSumOfAllTheTerms() {
        var random = TestDraws(seed: 17)
        for trial in 0..<2_000 {
            let terms = (0..<(1 + random.uniform(30))).map { _ in
                (random.uniform(2) == 0 ? -1.0 : 1.0) * Double(random.uniform(100_000)) * (Double(random.uniform(10_000)) / 100)
            }
            let cut = random.uniform(terms.count + 1)
            var first = fixedPoint(Array(terms[..<cut]))
            first.add(fixedPoint(Array(terms[cut...])))
            let whole = fixedPoint(terms)
            XCTAssertEqual(first.overflowed, whole.overflowed, "trial \(trial)")
            XCTAssertEqual(first.total?.bitPattern, whole.total?.bitPattern, "trial \(trial): \(terms)")
        }
        var offGrid = fixedPoint([1])
        offGrid.add(fixedPoint([1e-30]))
        XCTAssertTrue(offGrid.overflowed)
        var tooLarge = fixedPoint([0x1p55, 0x1p55])
        tooLarge.add(fixedPoint([0x1p55, 0x1p55]))
        XCTAssertTrue(tooLarge.overflowed)
    }

    func testFixedPointSumGivesUpOffTheGridAndOnZero() {
        XCTAssertTrue(fixedPoint([1, 1e-30]).overflowed)  // finer than 2^-70
        XCTAssertTrue(fixedPoint([0x1p56]).overflowed)
        XCTAssertTrue(fixedPoint([0x1p55, 0x1p55, 0x1p55, 0x1p55]).overflowed)  // the total leaves the grid
        XCTAssertTrue(fixedPoint([-0x1p55, -0x1p55, -0x1p55, -0x1p55, -0x1p55]).overflowed)
        XCTAssertTrue(fixedPoint([.infinity]).overflowed)
        XCTAssertTrue(fixedPoint([.nan]).overflowed)
        XCTAssertTrue(fixedPoint([Double.leastNonzeroMagnitude]).overflowed)
        XCTAssertTrue(fixedPoint([0x1p-100]).overflowed)
        XCTAssertEqual(fixedPoint([0x1p-60]).total, 0x1p-60)  // small but on the grid: few significant bits
        XCTAssertEqual(fixedPoint([0x1p-70 * 3]).total, 0x1p-70 * 3)
        // A zero total has no sign on the grid: the caller asks ExactSum.
        XCTAssertNil(fixedPoint([0.1, -0.1]).total)
        XCTAssertNil(fixedPoint([-0.0]).total)
        XCTAssertNil(fixedPoint([]).total)
    }
}
