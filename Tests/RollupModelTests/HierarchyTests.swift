import RollupModel
import XCTest

final class HierarchyTests: XCTestCase {
    func catalog(_ rows: [(String, String?)]) -> UnitCatalog {
        UnitCatalog(records: rows.enumerated().map { UnitRecord(code: $1.0, name: $1.0, parent: $1.1, line: $0 + 2) })
    }

    func testChildrenAreContiguousInFileOrderAndLevelsAreRanges() {
        // Parents listed after children, two roots, leaves at different depths.
        let units = catalog([("w2", "d1"), ("d1", "c"), ("w1", "d1"), ("c", nil), ("d2", "c"), ("r2", nil), ("w3", "d2")])
        let (tree, problems) = Hierarchy.build(units, year: nil)
        XCTAssertTrue(problems.isEmpty)
        let codes = tree.unitAt.map { units.codes[Int($0)] }
        XCTAssertEqual(codes, ["c", "r2", "d1", "d2", "w2", "w1", "w3"])
        XCTAssertEqual(tree.levelStart, [0, 2, 4, 7])
        let d1 = Int(tree.positionOf[units.index(of: "d1") ?? 0])
        XCTAssertEqual(tree.children(of: d1).map { codes[$0] }, ["w2", "w1"])
        XCTAssertEqual(tree.leafCount[0], 3)
        XCTAssertTrue(tree.isLeaf(1))
        XCTAssertEqual(tree.parentAt[d1], 0)
    }

    func testCycleIsReportedOnceAndLeftOutOfTheTree() {
        let units = catalog([("root", nil), ("a", "b"), ("b", "a"), ("c", "a")])
        let (tree, problems) = Hierarchy.build(units, year: nil)
        XCTAssertEqual(tree.count, 1)
        XCTAssertEqual(problems.count, 1)
        guard case .cycle(let members, _) = problems.first else { return XCTFail("\(problems)") }
        XCTAssertEqual(Set(members.map(\.code)), ["a", "b"])
    }

    func testWindowsGiveEachYearItsOwnTree() {
        let units = UnitCatalog(records: [
            UnitRecord(code: "city", name: "Thành phố", parent: nil),
            UnitRecord(code: "ka", name: "Quận Kiến An", parent: "city", validTo: 2024),
            UnitRecord(code: "bs", name: "Phường Bắc Sơn", parent: "ka", validTo: 2024),
            UnitRecord(code: "bs", name: "Phường Bắc Sơn", parent: "city", validFrom: 2025),
        ])
        let (before, p1) = Hierarchy.build(units, year: 2024)
        let (after, p2) = Hierarchy.build(units, year: 2025)
        XCTAssertTrue(p1.isEmpty && p2.isEmpty)
        XCTAssertEqual(before.depth, 3)
        XCTAssertEqual(after.depth, 2)
        XCTAssertEqual(after.positionOf[1], -1)  // the district no longer exists
    }

    func testMissingParentIsAProblem() {
        let (_, problems) = Hierarchy.build(catalog([("a", "nowhere")]), year: nil)
        XCTAssertEqual(problems.count, 1)
    }
}
