import Foundation
import XCTest

@testable import RollupSynthetic

final class SyntheticWriterTests: XCTestCase {
    private var folders: [SyntheticFolder] = []

    override func tearDown() {
        for folder in folders { folder.remove() }
        folders = []
        super.tearDown()
    }

    private func write(_ options: SyntheticOptions) throws -> SyntheticFolder {
        let folder = try SyntheticFolder(options)
        folders.append(folder)
        return folder
    }

    private static let leafIndicators: Set<String> = [
        "POP", "LAB", "HH", "BHYT", "UNEMP", "WATER", "BEDS", "BEDS10K", "NTM", "SCHOOL_MIN", "POOR_MAX", "SATIS",
    ]
    private static let shares: Set<String> = ["BHYT", "UNEMP", "WATER", "SCHOOL_MIN", "POOR_MAX", "SATIS"]

    /// Units by code: parent code and row position; leaves are units nobody names as parent.
    private struct Units {
        var parent: [String: String] = [:]
        var position: [String: Int] = [:]
        var codes: [String] = []
        var parents: Set<String> = []
        var leaves: [String] { codes.filter { !parents.contains($0) } }

        init(_ table: CSVTable) {
            let code = table.column("code")
            let parentColumn = table.column("parent")
            for (index, row) in table.rows.enumerated() {
                parent[row[code]] = row[parentColumn]
                position[row[code]] = index
                codes.append(row[code])
                if !row[parentColumn].isEmpty { parents.insert(row[parentColumn]) }
            }
        }

        /// The root's distance, 0 for the root.
        func depth(_ unit: String) -> Int {
            var depth = 0
            var current = unit
            while let up = parent[current], !up.isEmpty {
                depth += 1
                current = up
            }
            return depth
        }
    }

    // MARK: determinism

    func testSameOptionsWriteIdenticalBytes() throws {
        let options = SyntheticOptions(preset: .city, seed: 7, boundRate: 0.05, ownReportRate: 0.2)
        let first = try write(options)
        let second = try write(options)
        for file in SyntheticFolder.files {
            XCTAssertEqual(try first.bytes(file), try second.bytes(file), "\(file) differs between two runs")
        }
        XCTAssertEqual(first.summary, second.summary)
    }

    func testAnotherSeedWritesOtherFiles() throws {
        let first = try write(SyntheticOptions(preset: .city, seed: 1))
        let second = try write(SyntheticOptions(preset: .city, seed: 2))
        XCTAssertNotEqual(try first.bytes("units.csv"), try second.bytes("units.csv"))
        XCTAssertNotEqual(try first.bytes("values.csv"), try second.bytes("values.csv"))
        XCTAssertNotEqual(try first.bytes("targets.csv"), try second.bytes("targets.csv"))
        XCTAssertEqual(try first.bytes("indicators.csv"), try second.bytes("indicators.csv"))
    }

    func testWritingAgainReplacesTheFiles() throws {
        let folder = try write(SyntheticOptions(preset: .city, seed: 1))
        let fresh = try write(SyntheticOptions(preset: .city, seed: 2, periods: [2025]))
        _ = try SyntheticWriter.write(SyntheticOptions(preset: .city, seed: 2, periods: [2025]), to: folder.directory)
        for file in SyntheticFolder.files {
            XCTAssertEqual(try folder.bytes(file), try fresh.bytes(file), "\(file) was not replaced")
        }
    }

    // MARK: shapes

    func testCityShapeAndNames() throws {
        let folder = try write(SyntheticOptions(preset: .city))
        XCTAssertEqual(folder.summary.levelCounts, [1, 6, 40, 300])
        XCTAssertEqual(folder.summary.units, 347)
        XCTAssertEqual(folder.summary.leaves, 300)
        XCTAssertEqual(folder.summary.depth, 4)
        let table = try folder.table("units.csv")
        XCTAssertEqual(table.header, ["code", "name", "parent", "level"])
        XCTAssertEqual(table.rows.count, 347)
        let levels = table.rows.map { $0[3] }
        XCTAssertEqual(levels.filter { $0 == "district" }.count, 6)
        XCTAssertEqual(levels.filter { $0 == "ward" }.count, 40)
        XCTAssertEqual(levels.filter { $0 == "group" }.count, 300)
        let names = table.rows.map { $0[1] }
        XCTAssertTrue(names.contains { $0.hasPrefix("Quận ") || $0.hasPrefix("Huyện ") })
        XCTAssertTrue(names.contains { $0.hasPrefix("Phường ") })
        XCTAssertTrue(names.contains("Tổ dân phố 7"))
        XCTAssertTrue(names.allSatisfy { !$0.isEmpty && !$0.contains(",") })
        let units = Units(table)
        let wards = units.codes.filter { table.rows[units.position[$0] ?? 0][3] == "ward" }
        let fanOut = Set(wards.map { ward in units.codes.filter { units.parent[$0] == ward }.count })
        XCTAssertGreaterThan(fanOut.count, 3, "the fan-out should be uneven, got \(fanOut.sorted())")
    }

    func testVNShapeHas34ProvincesAnd3321Communes() throws {
        let tree = SyntheticTree(preset: .vn, seed: 42)
        XCTAssertEqual(tree.levels.map(\.count), [1, 34, 3_321, 100_000])
        XCTAssertEqual(tree.levels.map(\.kind), [.national, .province, .commune, .group])
        for depth in 0..<(tree.levels.count - 1) {
            let counts = tree.levels[depth].childCounts
            XCTAssertEqual(counts.reduce(0, +), tree.levels[depth + 1].count, "level \(depth) fan-out")
            XCTAssertTrue(counts.allSatisfy { $0 >= 1 }, "every vn unit above the villages has children")
            guard depth > 0 else { continue }
            XCTAssertGreaterThan(counts.max() ?? 0, 2 * (counts.min() ?? 0), "uneven fan-out at level \(depth)")
        }
        let directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("rollup-synthetic-vn-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let url = directory.appendingPathComponent("units.csv")
        let bytes = try UnitsFile.write(tree, to: url)
        let data = try Data(contentsOf: url)
        XCTAssertEqual(data.count, bytes)
        XCTAssertEqual(data.reduce(0) { $0 + ($1 == UInt8(ascii: "\n") ? 1 : 0) }, 1 + 103_356)
    }

    func testLargePresetShapesWithoutWriting() {
        let million = SyntheticTree(preset: .oneMillion, seed: 5)
        XCTAssertEqual(million.depth, 6)
        XCTAssertEqual(million.leafCount, 1_000_000)
        XCTAssertEqual(million.unitCount, 1_011_375)
        let tenMillion = SyntheticTree(preset: .tenMillion, seed: 5)
        XCTAssertEqual(tenMillion.levels.last?.count, 10_000_000)
        let communes = tenMillion.levels[4]
        let specialZones = communes.leafCount
        XCTAssertTrue((30...300).contains(specialZones), "about 1% of 10,600 communes are leaves, got \(specialZones)")
        XCTAssertEqual(tenMillion.leafCount, 10_000_000 + specialZones)
        XCTAssertEqual(communes.childCounts.reduce(0, +), 10_000_000)
        XCTAssertEqual(SyntheticPreset.allCases.map(\.rawValue), ["city", "vn", "1m", "10m"])
    }

    // MARK: referential integrity

    func testParentsExistAndPrecedeTheirChildren() throws {
        let folder = try write(SyntheticOptions(preset: .city, seed: 3))
        let table = try folder.table("units.csv")
        let units = Units(table)
        XCTAssertEqual(Set(units.codes).count, units.codes.count, "unit codes are unique")
        XCTAssertTrue(units.codes.allSatisfy { $0.allSatisfy(\.isASCII) })
        XCTAssertEqual(units.codes.filter { units.parent[$0] == "" }.count, 1, "one root")
        var lastParentPosition = [String: Int]()
        for code in units.codes {
            guard let parent = units.parent[code], !parent.isEmpty else { continue }
            let parentPosition = try XCTUnwrap(units.position[parent], "\(code)'s parent \(parent) does not exist")
            XCTAssertLessThan(parentPosition, units.position[code] ?? 0, "\(parent) is listed after its child \(code)")
            let level = table.rows[units.position[code] ?? 0][3]
            XCTAssertGreaterThanOrEqual(parentPosition, lastParentPosition[level] ?? 0, "children of \(parent) not contiguous")
            lastParentPosition[level] = parentPosition
        }
    }

    func testValueAndTargetRowsNameKnownUnitsAndIndicatorsOnce() throws {
        let folder = try write(SyntheticOptions(preset: .city, seed: 9, ownReportRate: 0.3))
        let units = Set(Units(try folder.table("units.csv")).codes)
        let indicatorTable = try folder.table("indicators.csv")
        XCTAssertEqual(
            indicatorTable.header,
            [
                "code", "name", "unit", "aggregation", "weight", "numerator", "denominator", "scale", "direction",
                "area", "office", "low", "high",
            ])
        let indicators = Set(indicatorTable.rows.map { $0[0] })
        XCTAssertEqual(
            Set(indicatorTable.rows.map { $0[3] }),
            ["sum", "weighted_mean", "ratio", "share_of_units", "min", "max", "mean", "none"])
        XCTAssertEqual(indicatorTable.rows.count, folder.summary.indicators)
        for (file, keyColumn) in [("values.csv", "period"), ("targets.csv", "year")] {
            let table = try folder.table(file)
            XCTAssertEqual(table.header.count, 4)
            let unit = table.column("unit")
            let indicator = table.column("indicator")
            let key = table.column(keyColumn)
            var seen = Set<String>()
            for row in table.rows {
                XCTAssertEqual(row.count, 4, "\(file): \(row)")
                XCTAssertTrue(units.contains(row[unit]), "\(file) names unknown unit \(row[unit])")
                XCTAssertTrue(indicators.contains(row[indicator]), "\(file) names unknown indicator \(row[indicator])")
                let inserted = seen.insert("\(row[unit])|\(row[indicator])|\(row[key])").inserted
                XCTAssertTrue(inserted, "\(file) repeats \(row[unit]) \(row[indicator]) \(row[key])")
            }
        }
    }

    func testSummaryCountsMatchTheFiles() throws {
        let folder = try write(SyntheticOptions(preset: .city, seed: 4))
        let summary = folder.summary
        XCTAssertEqual(try folder.bytes("units.csv").count, summary.unitsBytes)
        XCTAssertEqual(try folder.bytes("indicators.csv").count, summary.indicatorsBytes)
        XCTAssertEqual(try folder.bytes("targets.csv").count, summary.targetsBytes)
        XCTAssertEqual(try folder.bytes("values.csv").count, summary.valuesBytes)
        XCTAssertEqual(try folder.table("values.csv").rows.count, summary.valueRows)
        XCTAssertEqual(try folder.table("targets.csv").rows.count, summary.targetRows)
        XCTAssertEqual(summary.indicators, 13)
    }

    // MARK: values

    func testLeavesReportEveryIndicatorButHDIAndNTMIsZeroOrHundred() throws {
        let folder = try write(SyntheticOptions(preset: .city, seed: 5, missingRate: 0, ownReportRate: 0))
        let units = Units(try folder.table("units.csv"))
        let leaves = Set(units.leaves)
        let values = try folder.table("values.csv")
        var perLeaf = [String: Int]()
        for row in values.rows {
            let (unit, indicator, value) = (row[0], row[1], row[3])
            if leaves.contains(unit) {
                XCTAssertTrue(Self.leafIndicators.contains(indicator), "leaf \(unit) reports \(indicator)")
                perLeaf[unit, default: 0] += 1
                if indicator == "NTM" { XCTAssertTrue(value == "0" || value == "100", "NTM leaf value \(value)") }
                if indicator == "POP" { XCTAssertTrue((190...5_200).contains(Int(value) ?? -1), "POP \(value)") }
            } else {
                XCTAssertEqual(indicator, "HDI", "internal \(unit) reports \(indicator) with no own reports")
                XCTAssertLessThanOrEqual(units.depth(unit), 1, "HDI only at the root and the level below")
                let hdi = try XCTUnwrap(Double(value))
                XCTAssertTrue((0...1).contains(hdi))
            }
        }
        XCTAssertEqual(perLeaf.count, 300)
        XCTAssertTrue(perLeaf.values.allSatisfy { $0 == 24 }, "12 indicators × 2 periods per leaf")
        XCTAssertEqual(values.rows.count, 300 * 24 + 7 * 2)
    }

    func testMissingRowsAndLeavesSilentInTheLatestPeriod() throws {
        let folder = try write(SyntheticOptions(preset: .city, seed: 6, missingRate: 0.1))
        let values = try folder.table("values.csv")
        var periods = [String: Set<String>]()
        for row in values.rows where row[0].hasPrefix("G") { periods[row[0], default: []].insert(row[2]) }
        let silent = periods.filter { $0.value == ["2024"] }
        XCTAssertFalse(silent.isEmpty, "some leaves reported in 2024 and not in 2025")
        let leafRows = values.rows.filter { $0[0].hasPrefix("G") }.count
        let missing = 1 - Double(leafRows) / Double(300 * 24)
        XCTAssertTrue((0.05...0.16).contains(missing), "about 10% of leaf rows missing, got \(missing)")
    }

    func testBoundsAndRangesContainTheFigureNotation() throws {
        let folder = try write(SyntheticOptions(preset: .city, seed: 8, missingRate: 0, boundRate: 1, ownReportRate: 0))
        let values = try folder.table("values.csv")
        var forms = Set<String>()
        for row in values.rows where Self.shares.contains(row[1]) {
            let value = row[3]
            let form = ["<", ">= ", "≤ ", "≥ "].first { value.hasPrefix($0) }
            if let form {
                forms.insert(form)
                XCTAssertNotNil(Double(value.dropFirst(form.count)), "bound \(value)")
            } else {
                let ends = value.split(separator: "-").compactMap { Double($0) }
                XCTAssertEqual(ends.count, 2, "\(value) is neither a bound nor a range")
                XCTAssertLessThan(ends.first ?? 1, ends.last ?? 0, "range \(value)")
                forms.insert("range")
            }
        }
        XCTAssertEqual(forms, ["<", ">= ", "≤ ", "≥ ", "range"])
        for row in values.rows where row[1] == "POP" || row[1] == "BEDS10K" {
            XCTAssertNotNil(Double(row[3]), "only shares become bounds: \(row)")
        }
    }

    func testVietnameseNotationQuotesDecimalCommas() throws {
        let folder = try write(SyntheticOptions(preset: .city, seed: 10, vietnameseNotation: true))
        let raw = try String(contentsOf: folder.url("values.csv"), encoding: .utf8)
        XCTAssertTrue(raw.contains(",BHYT,2024,\""))
        let values = try folder.table("values.csv")
        for row in values.rows where row[1] == "BHYT" || row[1] == "HDI" || row[1] == "BEDS10K" {
            XCTAssertFalse(row[3].contains("."), "Vietnamese notation has no decimal point: \(row)")
        }
        let decimals = values.rows.filter { $0[1] == "SATIS" && $0[3].first?.isNumber == true }
        XCTAssertFalse(decimals.isEmpty)
        XCTAssertTrue(decimals.allSatisfy { $0[3].contains(",") }, "decimals use a comma")
        for row in values.rows where row[1] == "POP" { XCTAssertNotNil(Int(row[3]), "counts stay plain: \(row)") }
    }

    func testOwnReportsMatchTheirRollupUnlessPlanted() throws {
        for mismatchRate in [0.0, 1.0] {
            let folder = try write(
                SyntheticOptions(
                    preset: .city, seed: 12, missingRate: 0, boundRate: 0, ownReportRate: 1,
                    mismatchRate: mismatchRate))
            XCTAssertEqual(folder.summary.ownReportUnits, 47)
            XCTAssertEqual(folder.summary.plantedMismatchUnits, mismatchRate == 0 ? 0 : 47)
            let units = Units(try folder.table("units.csv"))
            let leaves = Set(units.leaves)
            var population = [String: Double]()
            var coverage = [String: Double]()
            var ownPopulation = [String: Double]()
            var ownCoverage = [String: Double]()
            for row in try folder.table("values.csv").rows where row[2] == "2025" {
                guard let value = Double(row[3]) else { continue }
                switch (leaves.contains(row[0]), row[1]) {
                case (true, "POP"): population[row[0]] = value
                case (true, "BHYT"): coverage[row[0]] = value
                case (false, "POP"): ownPopulation[row[0]] = value
                case (false, "BHYT"): ownCoverage[row[0]] = value
                default: break
                }
            }
            XCTAssertEqual(ownPopulation.count, 47)
            for (unit, own) in ownPopulation {
                var sum = 0.0
                var weighted = 0.0
                for leaf in leaves where Self.isBelow(leaf, unit, units) {
                    sum += population[leaf] ?? 0
                    weighted += (population[leaf] ?? 0) * (coverage[leaf] ?? 0)
                }
                let rolledCoverage = weighted / sum
                let ownShare = try XCTUnwrap(ownCoverage[unit])
                if mismatchRate == 0 {
                    XCTAssertEqual(own, sum, "\(unit) POP")
                    XCTAssertEqual(ownShare, rolledCoverage, accuracy: 0.0051, "\(unit) BHYT")
                } else {
                    XCTAssertGreaterThanOrEqual(abs(own - sum), sum * 0.04, "\(unit) POP planted off")
                    XCTAssertGreaterThanOrEqual(abs(ownShare - rolledCoverage), 2.9, "\(unit) BHYT planted off")
                }
            }
        }
    }

    private static func isBelow(_ unit: String, _ ancestor: String, _ units: Units) -> Bool {
        var current = unit
        while let parent = units.parent[current], !parent.isEmpty {
            if parent == ancestor { return true }
            current = parent
        }
        return false
    }

    // MARK: targets

    /// The number a target starts from: a bound's number, a range's first end.
    private static func targetNumber(_ text: String) -> Double? {
        var body = Substring(text)
        for prefix in [">= ", "≥ ", "< ", "<"] where body.hasPrefix(prefix) { body = body.dropFirst(prefix.count) }
        if let first = body.split(separator: "-").first { body = first }
        return Double(body.trimmingCharacters(in: .whitespaces))
    }

    func testTargetsCoverInternalUnitsAndPlantInconsistencies() throws {
        let folder = try write(SyntheticOptions(preset: .city, seed: 13))
        let units = Units(try folder.table("units.csv"))
        let targets = try folder.table("targets.csv")
        XCTAssertEqual(targets.header, ["unit", "indicator", "year", "target"])
        var byUnit = [String: [String: Double]]()
        var notations = Set<String>()
        for row in targets.rows {
            XCTAssertTrue(["2025", "2030"].contains(row[2]))
            XCTAssertTrue(["BHYT", "UNEMP", "WATER", "BEDS10K", "NTM"].contains(row[1]))
            let number = try XCTUnwrap(Self.targetNumber(row[3]), "unreadable target \(row[3])")
            byUnit[row[0], default: [:]]["\(row[1])|\(row[2])"] = number
            if row[3].hasPrefix(">= ") { notations.insert(">=") }
            if row[3].hasPrefix("<") { notations.insert("<") }
            if row[3].dropFirst().contains("-") { notations.insert("range") }
        }
        XCTAssertEqual(notations, [">=", "<", "range"])
        for unit in units.parents { XCTAssertEqual(byUnit[unit]?.count, 10, "\(unit) has every target") }
        let leavesWithTargets = units.leaves.filter { byUnit[$0] != nil }
        XCTAssertFalse(leavesWithTargets.isEmpty, "a sample of leaves has targets")
        XCTAssertLessThan(leavesWithTargets.count, 60)
        var beyondReach = 0
        var belowParent = 0
        for parent in units.parents {
            let children = units.codes.filter { units.parent[$0] == parent && byUnit[$0] != nil }
            for key in ["BHYT|2025", "WATER|2025", "BEDS10K|2025", "BHYT|2030", "WATER|2030", "BEDS10K|2030"] {
                guard let parentTarget = byUnit[parent]?[key], !children.isEmpty else { continue }
                let childTargets = children.compactMap { byUnit[$0]?[key] }
                if let best = childTargets.max(), best + 1.5 < parentTarget { beyondReach += 1 }
                belowParent += childTargets.filter { $0 <= parentTarget - 3 }.count
            }
        }
        XCTAssertGreaterThan(beyondReach, 0, "some parents aim beyond their children's targets")
        XCTAssertGreaterThan(belowParent, 0, "some children plan below their parent")
    }

    // MARK: errors and edge cases

    func testNestedDirectoryIsCreatedAndAFileInTheWayIsAnError() throws {
        let base = FileManager.default.temporaryDirectory.appendingPathComponent("rollup-synthetic-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: base) }
        let nested = base.appendingPathComponent("a/b")
        let summary = try SyntheticWriter.write(SyntheticOptions(preset: .city, periods: []), to: nested)
        XCTAssertEqual(summary.valueRows, 0)
        XCTAssertEqual(
            try String(contentsOf: nested.appendingPathComponent("values.csv"), encoding: .utf8),
            "unit,indicator,period,value\n")
        let blocker = base.appendingPathComponent("file")
        try Data("x".utf8).write(to: blocker)
        XCTAssertThrowsError(try SyntheticWriter.write(SyntheticOptions(preset: .city), to: blocker)) { error in
            guard case SyntheticWriterError.cannotCreateDirectory = error else {
                return XCTFail("expected cannotCreateDirectory, got \(error)")
            }
        }
    }

    func testRepeatedPeriodsAreWrittenOnce() throws {
        let folder = try write(SyntheticOptions(preset: .city, periods: [2025, 2023, 2025], missingRate: 0, ownReportRate: 0))
        let periods = Set(try folder.table("values.csv").rows.map { $0[2] })
        XCTAssertEqual(periods, ["2023", "2025"])
        XCTAssertEqual(folder.summary.valueRows, 300 * 24 + 7 * 2)
    }

    func testByteSinkFormatsNumbersAcrossFlushes() throws {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("rollup-sink-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: url) }
        let sink = try ByteSink(url: url, capacity: 256)
        var expected = ""
        for value in [0, 7, -7, 10, 1_234_567, Int.max, Int.min + 1] {
            sink.int(value)
            sink.byte(UInt8(ascii: " "))
            expected += "\(value) "
        }
        sink.fixed(9_417, decimals: 2, separator: UInt8(ascii: "."))
        sink.fixed(5, decimals: 2, separator: UInt8(ascii: ","))
        sink.fixed(-1_005, decimals: 3, separator: UInt8(ascii: "."))
        sink.fixed(950, decimals: 1, separator: UInt8(ascii: "."))
        expected += "94.170,05-1.00595.0"
        for _ in 0..<100 {
            sink.bytes(Array("Tổ dân phố ".utf8))
            expected += "Tổ dân phố "
        }
        try sink.close()
        XCTAssertEqual(try String(contentsOf: url, encoding: .utf8), expected)
        XCTAssertEqual(sink.bytesWritten, expected.utf8.count)
    }
}
