import XCTest

@testable import RollupSynthetic

final class SeededGeneratorTests: XCTestCase {
    func testSeedZeroMatchesSplitMix64ReferenceOutputs() {
        var generator = SeededGenerator(seed: 0)
        XCTAssertEqual(generator.next(), 0xe220_a839_7b1d_cdaf)
        XCTAssertEqual(generator.next(), 0x6e78_9e6a_a1b9_65f4)
        XCTAssertEqual(generator.next(), 0x06c4_5d18_8009_454f)
    }

    func testSameSeedRepeatsAndAnotherSeedDiffers() {
        var first = SeededGenerator(seed: 2024)
        var again = SeededGenerator(seed: 2024)
        var other = SeededGenerator(seed: 2025)
        let a = (0..<64).map { _ in first.next() }
        let b = (0..<64).map { _ in again.next() }
        let c = (0..<64).map { _ in other.next() }
        XCTAssertEqual(a, b)
        XCTAssertNotEqual(a, c)
        XCTAssertEqual(Set(a).count, 64, "a SplitMix64 sequence does not repeat this soon")
    }

    func testWorksWithStandardLibraryRandomAPIs() {
        var generator = SeededGenerator(seed: 7)
        var again = SeededGenerator(seed: 7)
        let drawn = (0..<20).map { _ in Int.random(in: 1...6, using: &generator) }
        XCTAssertEqual(drawn, (0..<20).map { _ in Int.random(in: 1...6, using: &again) })
        XCTAssertTrue(drawn.allSatisfy { (1...6).contains($0) })
    }

    func testBelowStaysInRangeAndReachesEveryValue() {
        var generator = SeededGenerator(seed: 11)
        var seen = Set<Int>()
        for _ in 0..<2_000 {
            let value = generator.below(10)
            XCTAssertTrue((0..<10).contains(value), "below(10) gave \(value)")
            seen.insert(value)
        }
        XCTAssertEqual(seen.count, 10)
        for _ in 0..<500 {
            XCTAssertTrue((-3...3).contains(generator.within(-3, 3)))
        }
    }

    func testChanceThresholdsHonourTheirProbability() {
        var generator = SeededGenerator(seed: 3)
        let never = SeededGenerator.threshold(for: 0)
        let always = SeededGenerator.threshold(for: 1)
        let half = SeededGenerator.threshold(for: 0.5)
        XCTAssertEqual(SeededGenerator.threshold(for: -1), 0)
        XCTAssertEqual(SeededGenerator.threshold(for: 2), UInt64.max)
        var hits = 0
        for _ in 0..<10_000 {
            XCTAssertFalse(generator.chance(never))
            XCTAssertTrue(generator.chance(always))
            if generator.chance(half) { hits += 1 }
        }
        XCTAssertTrue((4_700...5_300).contains(hits), "chance(0.5) hit \(hits) of 10000")
    }

    func testStreamsOfOneSeedDiffer() {
        var shape = SeededGenerator.stream(1, of: 42)
        var values = SeededGenerator.stream(2, of: 42)
        var shapeAgain = SeededGenerator.stream(1, of: 42)
        let first = shape.next()
        XCTAssertNotEqual(first, values.next())
        XCTAssertEqual(first, shapeAgain.next())
    }
}
