import XCTest

@testable import RollupFindings

final class MedianTests: XCTestCase {
    /// The median of the sorted numbers, as the outlier check defines it.
    func sortedMedian(_ numbers: [Double]) -> Double {
        let s = numbers.sorted()
        let n = s.count
        return n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2
    }

    func testMedianBySelectionEqualsTheMedianOfTheSortedNumbers() {
        var generator = SystemRandomNumberGenerator()
        for n in Array(1...130) + [255, 256, 1000, 1001, 4097] {
            for pool in [3, 50, 1_000_000] {
                var numbers = (0..<n).map { _ in Double(Int.random(in: 0..<pool, using: &generator)) / 7 }
                let expected = sortedMedian(numbers)
                let found = numbers.withUnsafeMutableBufferPointer { Median.of($0) }
                XCTAssertEqual(found, expected, "n \(n), pool \(pool)")
            }
        }
    }

    func testSortedAndReversedAndConstantFamilies() {
        for n in [33, 64, 65, 500] {
            for numbers in [(0..<n).map(Double.init), (0..<n).reversed().map(Double.init), Array(repeating: 2.5, count: n)] {
                var copy = numbers
                XCTAssertEqual(copy.withUnsafeMutableBufferPointer { Median.of($0) }, sortedMedian(numbers), "n \(n)")
            }
        }
    }

    func testSelectionPutsTheOrderStatisticInPlace() {
        var numbers = (0..<200).map { Double(($0 * 7919) % 200) }
        numbers.withUnsafeMutableBufferPointer { Median.select($0, 17) }
        XCTAssertEqual(numbers[17], 17)
        XCTAssertTrue(numbers[..<17].allSatisfy { $0 <= 17 })
        XCTAssertTrue(numbers[18...].allSatisfy { $0 >= 17 })
    }

    func testSelectionPutsEveryOrderStatisticInPlaceAmongRepeatedNumbers() {
        var generator = SystemRandomNumberGenerator()
        for n in [33, 40, 100, 257] {
            for pool in [1, 2, 3, 10, 1000] {
                let numbers = (0..<n).map { _ in Double(Int.random(in: 0..<pool, using: &generator)) }
                let sorted = numbers.sorted()
                for k in 0..<n {
                    var copy = numbers
                    copy.withUnsafeMutableBufferPointer { Median.select($0, k) }
                    XCTAssertEqual(copy[k], sorted[k], "n \(n), pool \(pool), k \(k)")
                    XCTAssertTrue(copy[..<k].allSatisfy { $0 <= sorted[k] } && copy[(k + 1)...].allSatisfy { $0 >= sorted[k] })
                }
            }
        }
    }

    func testMedianAndDeviationEqualTheMediansOfTheNumbersAndOfTheirDeviations() {
        var generator = SystemRandomNumberGenerator()
        for n in Array(1...80) + [255, 256, 1001] {
            for pool in [1, 3, 50, 1_000_000] {
                var numbers = (0..<n).map { _ in Double(Int.random(in: -pool..<pool, using: &generator)) / 7 }
                let median = sortedMedian(numbers)
                let deviation = sortedMedian(numbers.map { abs($0 - median) })
                let found = numbers.withUnsafeMutableBufferPointer { Median.withDeviation(overwriting: $0) }
                XCTAssertEqual(found.median, median, "n \(n), pool \(pool)")
                XCTAssertEqual(found.deviation, deviation, "n \(n), pool \(pool)")
            }
        }
    }
}
