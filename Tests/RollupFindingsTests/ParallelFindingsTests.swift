import RollupIO
import RollupKernel
import RollupModel
import XCTest

@testable import RollupFindings

/// The checks split into pieces over threads give the same files as one piece on one thread.
final class ParallelFindingsTests: XCTestCase {
    static let samples = ["city-synthetic", "haiphong-real", "haiphong-reform"]

    func testFilesAreIdenticalForAnyThreadCountAndPieceSize() throws {
        for name in Self.samples {
            let f = try FindingsFixture(folder: PackageRoot.path + "/Samples/" + name)
            let whole = FindingsEngine.evaluate(f.dataset, f.rollup, options: FindingsOptions(), threads: 1, chunk: 1 << 30)
            let findings = FindingsFile.format(f.dataset, whole)
            let progress = ProgressFile.format(f.dataset, whole)
            XCTAssertGreaterThan(whole.findings.count, 0, name)
            for (threads, chunk) in [(1, 1), (2, 3), (3, 7), (8, 64), (2, 8192)] {
                let split = FindingsEngine.evaluate(f.dataset, f.rollup, options: FindingsOptions(), threads: threads, chunk: chunk)
                XCTAssertEqual(FindingsFile.format(f.dataset, split), findings, "\(name) threads \(threads) chunk \(chunk)")
                XCTAssertEqual(ProgressFile.format(f.dataset, split), progress, "\(name) threads \(threads) chunk \(chunk)")
            }
        }
    }

    func testProgressRowsAreInUnitIndicatorYearOrderWithOneRowPerTarget() throws {
        let f = try FindingsFixture(folder: PackageRoot.path + "/Samples/city-synthetic")
        let rows = FindingsEngine.evaluate(f.dataset, f.rollup, options: FindingsOptions(), threads: 2, chunk: 5).progress
        XCTAssertEqual(rows.count, f.dataset.targets.targets.count)
        for (a, b) in zip(rows, rows.dropFirst()) {
            XCTAssertTrue((a.unit, a.indicator, a.year) < (b.unit, b.indicator, b.year), "\(a) before \(b)")
        }
    }

    func testListingOrderIsTheOrderOfListedBefore() throws {
        let f = try FindingsFixture(folder: PackageRoot.path + "/Samples/city-synthetic")
        let shuffled = f.report.findings.reversed() + f.report.findings.shuffled()
        XCTAssertEqual(FindingsEngine.listingOrder(Array(shuffled)), shuffled.sorted(by: Finding.listedBefore))
    }

    func testTargetIndexFindsWhatTheTableFinds() throws {
        let f = try FindingsFixture(folder: PackageRoot.path + "/Samples/haiphong-real")
        let table = f.dataset.targets
        let index = TargetIndex(table, unitCount: f.dataset.units.count, indicators: f.dataset.indicators)
        XCTAssertEqual(index.order.count, table.targets.count)
        for unit in 0..<f.dataset.units.count {
            for indicator in 0..<f.dataset.indicators.count {
                for year in table.years + [1999] {
                    let expected = table.target(unit: unit, indicator: indicator, year: year)
                    let found = index.target(unit: unit, indicator: indicator, year: year).map { table.targets[$0] }
                    XCTAssertEqual(found, expected)
                }
            }
        }
        XCTAssertNil(index.target(unit: -1, indicator: 0, year: 2025))
        XCTAssertNil(index.target(unit: f.dataset.units.count, indicator: 0, year: 2025))
    }

    func testConcatenationByMovingKeepsEveryElementInOrderAndLeavesPlaceholders() {
        var parts: [[String]] = [["a", String(repeating: "long text ", count: 4)], [], ["c"], ["d", "e", "f"]]
        let expected = parts.flatMap { $0 }
        let joined = Concatenation.moving(&parts, placeholder: "")
        XCTAssertEqual(joined, expected)
        XCTAssertEqual(parts, [["", ""], [], [""], ["", "", ""]])
    }
}
