import RollupModel
import RollupTestSupport
import XCTest

@testable import RollupKernel

/// The split sums of the roll-up's fraction loops (``SplitSum``, ``WeightedTerms``): whenever
/// they give a total it must be ``ExactSum``'s bit for bit, and on ordinary figures they must give
/// one (else the fast loop never runs).
final class SplitSumTests: XCTestCase {
    func exact(_ terms: [Double]) -> Double {
        var sum = ExactSum()
        for t in terms { sum.add(t) }
        return sum.total
    }

    /// A term of one of several kinds: shares of two decimals, products of weights and shares,
    /// full significands from 2^-30 to 2^45 (beyond the split's range too), thirds.
    func term(_ random: inout TestDraws, kind: Int) -> Double {
        let sign: Double = random.uniform(4) == 0 ? -1 : 1
        switch kind % 4 {
        case 0: return sign * Double(random.uniform(10_000)) / 100
        case 1: return Double(random.uniform(100_000)) * (Double(random.uniform(10_000)) / 100)
        case 2:
            let significand = 1 + Double(random.next() >> 12) / Double(1 << 52)
            return sign * Double(sign: .plus, exponent: random.uniform(75) - 30, significand: significand)
        default: return sign * Double(random.uniform(1000)) / 7
        }
    }

    func testSplitSumOfValuesMatchesExactSumAndCountsThePresentOnes() {
        var random = TestDraws(seed: 7)
        var given = 0
        var ordinaryTrials = 0
        for trial in 0..<6_000 {
            let values = (0..<random.uniform(45)).map { _ -> Double in
                random.uniform(7) == 0 ? .nan : term(&random, kind: trial)
            }
            let present = values.filter { !$0.isNaN }
            // Every start offset within a padded buffer, so that lanes and tails fall everywhere.
            let pad = random.uniform(4)
            let buffer = Array(repeating: Double.nan, count: pad) + values + [.infinity]
            let (sum, count) = buffer.withUnsafeBufferPointer { SplitSum.of($0, pad, pad + values.count) }
            XCTAssertEqual(count, present.count, "trial \(trial)")
            let exactTotal = exact(present)
            if trial % 4 != 2 { ordinaryTrials += 1 }
            guard let total = sum.total else {
                // Only zero totals, terms out of range or bits spread too far give up.
                XCTAssertTrue(trial % 4 == 2 || exactTotal == 0, "trial \(trial): \(present)")
                continue
            }
            given += 1
            XCTAssertEqual(total.bitPattern, exactTotal.bitPattern, "trial \(trial): \(present)")
        }
        XCTAssertGreaterThan(given, ordinaryTrials * 9 / 10)
        // Ties to even, cancellation, carries, terms at and beyond the range, non-finite terms:
        // equal where given, and given for the ordinary ones.
        let ordinary: [[Double]] = [
            [1, 0x1p-53], [1, 0x1p-53, 0x1p-60], [1 + 0x1p-52, 0x1p-53], [0.1, 0.2, 0.3], [1e10, 0.1, -1e10],
            [0.5, -0.5, 0.25], [98.37, 97.76, 4.01, 3.89, 76.17, 88.51, 0.01],
        ]
        let edges: [[Double]] = [
            [0x1p36, 0x1p36, 0.5, 0x1p-30], [0x1p37], [0x1p37 - 0x1p-15], [-0x1p37], [.infinity, 1], [-.infinity, 1], [3, -3],
            [.nan, 1], [0x1p-60, 1e9],
        ]
        for terms in ordinary + edges {
            let (sum, _) = terms.withUnsafeBufferPointer { SplitSum.of($0, 0, terms.count) }
            let present = terms.filter { !$0.isNaN }
            if let total = sum.total {
                XCTAssertEqual(total.bitPattern, exact(present).bitPattern, "\(terms)")
            } else {
                XCTAssertFalse(ordinary.contains(terms), "\(terms)")
            }
        }
    }

    func testWeightedTermsMatchTheSumsTakenOneByOne() {
        var random = TestDraws(seed: 19)
        var given = 0
        for trial in 0..<6_000 {
            let n = random.uniform(40)
            let weights = (0..<n).map { _ -> Double in
                switch random.uniform(12) {
                case 0: return .nan
                case 1: return -Double(random.uniform(100))
                case 2: return 0
                case 3: return trial % 3 == 0 ? Double(random.uniform(1000)) / 8 : Double(random.uniform(5_000))  // fractions
                default: return Double(random.uniform(trial % 2 == 0 ? 5_000 : 5_000_000))
                }
            }
            let values = (0..<n).map { _ -> Double in random.uniform(6) == 0 ? .nan : term(&random, kind: trial % 3 == 2 ? 2 : 0) }
            let pad = random.uniform(4)
            let paddedValues = Array(repeating: Double.nan, count: pad) + values
            let paddedWeights = Array(repeating: Double.nan, count: pad) + weights
            let terms = paddedValues.withUnsafeBufferPointer { v in
                paddedWeights.withUnsafeBufferPointer { w in WeightedTerms.of(v, w, pad, pad + n) }
            }
            // One by one, as ColumnKernel's loop takes them.
            var all: [Double] = []
            var contributing: [Double] = []
            var products: [Double] = []
            for (w, v) in zip(weights, values) where !w.isNaN && w >= 0 {
                all.append(w)
                if !v.isNaN && w > 0 {
                    contributing.append(w)
                    products.append(w * v)
                }
            }
            XCTAssertEqual(terms.count, products.count, "trial \(trial)")
            let integral = all.allSatisfy { $0 == $0.rounded() }
            XCTAssertEqual(terms.allExact, integral && exact(all) < 0x1p51, "trial \(trial)")
            guard terms.allExact else { continue }
            XCTAssertEqual(terms.all, exact(all), "trial \(trial)")
            XCTAssertEqual(terms.contributing, exact(contributing), "trial \(trial)")
            guard let numerator = terms.numerator.total else {
                XCTAssertTrue(trial % 3 == 2 || exact(products) == 0, "trial \(trial): \(products)")
                continue
            }
            given += 1
            XCTAssertEqual(numerator.bitPattern, exact(products).bitPattern, "trial \(trial): \(products)")
        }
        XCTAssertGreaterThan(given, 1_000)
    }
}
