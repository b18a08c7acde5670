import XCTest

@testable import RollupModel

final class TargetTableTests: XCTestCase {
    /// `count` targets drawn from the given ranges, several sharing a key.
    func draws(_ count: Int, years: ClosedRange<Int>, units: ClosedRange<Int>, indicators: ClosedRange<Int>, seed: UInt64) -> [Target] {
        var state = seed
        func next(_ range: ClosedRange<Int>) -> Int {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            let span = UInt64(range.upperBound - range.lowerBound) + 1
            return range.lowerBound + Int((state >> 11) % span)
        }
        return (0..<count).map { k in
            Target(
                unit: next(units), indicator: next(indicators), year: next(years), figure: .number(Double(k)), text: "\(k)", line: k + 2)
        }
    }

    func testOrderIsYearUnitIndicatorThenListOrderForEveryRangeOfParts() {
        let ranges: [(ClosedRange<Int>, ClosedRange<Int>, ClosedRange<Int>)] = [
            (2020...2030, 0...50, 0...5),
            (1...9999, 0...3, 0...2),
            (0...(1 << 14) - 1, (1 << 32) - 3...(1 << 32) - 1, (1 << 18) - 2...(1 << 18) - 1),
            (2020...2021, 0...(1 << 33), 0...3),  // units too large to pack
            (2020...2021, 0...9, 0...(1 << 19)),  // indicators too large to pack
            (-3...3, 0...9, 0...3),  // years outside the packed range
            (16_380...16_390, 0...9, 0...3),
            (2024...2024, -2...2, -2...2),
        ]
        for (n, (years, units, indicators)) in ranges.enumerated() {
            let list = draws(2_000, years: years, units: units, indicators: indicators, seed: UInt64(n) + 1)
            let expected = list.enumerated().sorted {
                ($0.element.year, $0.element.unit, $0.element.indicator, $0.offset) < (
                    $1.element.year, $1.element.unit, $1.element.indicator, $1.offset
                )
            }.map(\.element)
            XCTAssertEqual(TargetTable.ordered(list), expected, "ranges \(n)")
            // The table's index holds 32-bit keys: only lists that fit are made into tables.
            guard units.upperBound <= Int(Int32.max) else { continue }
            XCTAssertEqual(TargetTable(list).years, Array(Set(list.map(\.year))).sorted(), "ranges \(n)")
        }
        XCTAssertEqual(TargetTable.ordered([]), [])
        XCTAssertEqual(TargetTable([]).years, [])
    }

    func testEveryTargetIsFoundByItsKey() {
        var seen = Set<[Int]>()
        let list = draws(3_000, years: 2020...2035, units: 0...200, indicators: 0...6, seed: 9).filter {
            seen.insert([$0.unit, $0.indicator, $0.year]).inserted
        }
        let table = TargetTable(list)
        for target in list { XCTAssertEqual(table.target(unit: target.unit, indicator: target.indicator, year: target.year), target) }
        XCTAssertNil(table.target(unit: 201, indicator: 0, year: 2020))
    }
}
