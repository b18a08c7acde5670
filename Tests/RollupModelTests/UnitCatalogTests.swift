import RollupModel
import XCTest

final class UnitCatalogTests: XCTestCase {
    func testRowsAreGroupedByCodeInOrderOfFirstAppearance() {
        let list = [
            UnitRecord(code: "c", name: "C", parent: nil, line: 2),
            UnitRecord(code: "a", name: "A1", parent: "c", validTo: 2020, line: 3),
            UnitRecord(code: "b", name: "B", parent: "a", line: 4),
            UnitRecord(code: "a", name: "A2", parent: "c", validFrom: 2021, line: 5),
            UnitRecord(code: "d", name: "D", parent: "zz", line: 6),
            UnitRecord(code: "a", name: "A3", parent: nil, validFrom: 2030, line: 7),
        ]
        let catalog = UnitCatalog(records: list)
        XCTAssertEqual(catalog.codes, ["c", "a", "b", "d"])
        XCTAssertEqual(catalog.count, 4)
        XCTAssertEqual(catalog.rowCount, 6)
        XCTAssertEqual(catalog.records.map { $0.map(\.line) }, [[2], [3, 5, 7], [4], [6]])
        XCTAssertEqual(catalog.records.all.map(\.line), [2, 3, 5, 7, 4, 6])
        XCTAssertEqual(catalog.records[1][2].name, "A3")
        XCTAssertEqual(catalog.records[1].withUnsafeBufferPointer { $0.map(\.name) }, ["A1", "A2", "A3"])
        XCTAssertEqual(catalog.parentIndices, [-1, 0, 0, -1, 1, -2])
        XCTAssertEqual(catalog.name(of: 1, in: 2025), "A2")
        XCTAssertEqual(catalog.name(of: 1, in: 2019), "A1")
        XCTAssertTrue(catalog.hasWindows)
    }

    func testEveryCodeIsFoundByTextAndByBytesAndOthersAreNot() {
        let codes = ["01", "001", "1", "Hà Nội", "G1000000123", "G1000000124", "x"]
        let catalog = UnitCatalog(records: codes.map { UnitRecord(code: $0, name: $0, parent: nil) })
        for (k, code) in codes.enumerated() {
            XCTAssertEqual(catalog.index(of: code), k, code)
            let bytes = Array(("," + code + ",").utf8)
            XCTAssertEqual(bytes.withUnsafeBufferPointer { catalog.codeTable.lookup($0, 1, $0.count - 1) }, k, code)
        }
        for absent in ["", "0001", "G1000000125", "Hà", "X"] { XCTAssertNil(catalog.index(of: absent), absent) }
        XCTAssertFalse(catalog.hasWindows)
    }

    func testNumberingGivesEachCodeItsFirstIndex() {
        let codes = ["b", "a", "b", "c", "a", "dddddddddddd", "dddddddddddd"]
        let (table, indices) = ByteCodeTable.numbering(codes.count) { codes[$0] }
        XCTAssertEqual(indices, [0, 1, 0, 2, 1, 3, 3])
        XCTAssertEqual(table.count, 4)
        for (k, code) in ["b", "a", "c", "dddddddddddd"].enumerated() {
            XCTAssertEqual(table.index(of: code), k)
            XCTAssertTrue(Array(code.utf8).withUnsafeBufferPointer { table.reader.isCode(k, $0, 0, $0.count) })
        }
    }

    func testNumberingMatchesADictionaryOnManyRepeatedCodes() {
        // Short codes and 9-to-12-byte codes sharing their first 8 bytes, each repeated often.
        var codes: [String] = []
        var state: UInt64 = 7
        for _ in 0..<30_000 {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            let v = state >> 33
            codes.append(v % 3 == 0 ? "G1000000\(v % 5000)" : "\(v % 7000)")
        }
        let (table, indices) = ByteCodeTable.numbering(codes.count) { codes[$0] }
        var reference: [String: Int32] = [:]
        let expected = codes.map { code -> Int32 in
            if let i = reference[code] { return i }
            let i = Int32(reference.count)
            reference[code] = i
            return i
        }
        XCTAssertEqual(indices, expected)
        XCTAssertEqual(table.count, reference.count)
        for (code, i) in reference { XCTAssertEqual(table.index(of: code), Int(i), code) }
        XCTAssertNil(table.index(of: "G10000005000"))
    }

    func testEmptyCatalogHasNoUnits() {
        let catalog = UnitCatalog(records: [])
        XCTAssertEqual(catalog.count, 0)
        XCTAssertEqual(catalog.records.count, 0)
        XCTAssertNil(catalog.index(of: "a"))
    }
}

final class UnitCatalogParentTests: XCTestCase {
    func testParentIndicesMatchALookupPerRowWhenParentsRepeatInRuns() {
        // Runs of one parent, runs broken by roots and unknown codes, codes that repeat.
        var state: UInt64 = 11
        var list: [UnitRecord] = []
        for k in 0..<5_000 {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            let v = Int(state >> 33)
            let parent: String? =
                v % 11 == 0 ? nil : v % 13 == 0 ? "missing\(v % 3)" : v % 2 == 0 ? "u\(max(0, k / 7 - 1))" : "u\(v % 400)"
            list.append(UnitRecord(code: "u\(v % 3 == 0 ? v % 900 : k)", name: "n", parent: parent, line: k + 2))
        }
        let catalog = UnitCatalog(records: list)
        let expected = catalog.records.all.map { row in row.parent.map { Int32(catalog.index(of: $0) ?? -2) } ?? -1 }
        XCTAssertEqual(catalog.parentIndices, expected)
        XCTAssertTrue(expected.contains(-2))
        XCTAssertTrue(expected.contains(-1))
    }
}
