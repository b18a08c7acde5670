import Foundation
import RollupModel
import RollupTestSupport
import Synchronization
import XCTest

@testable import RollupIO

final class DatasetLoaderTests: XCTestCase {
    static let units = """
        code,name,parent
        VN,Việt Nam,
        HP,Hải Phòng,VN
        KA,Kiến An,HP
        LC,Lê Chân,HP

        """
    static let indicators = """
        code,name,unit,aggregation,weight,numerator,denominator,scale,low,high
        POP,Dân số,người,sum,,,,,0,
        SHARE,Tỷ lệ,%,weighted_mean,POP,,,,0,100
        RATE,Bác sĩ,per 10000,ratio,,DOC,POP,10000,0,
        DOC,Bác sĩ,người,sum,,,,,0,

        """
    static let valuesHeader = "unit,indicator,period,value\n"
    static let targetsHeader = "unit,indicator,year,target\n"

    func testEachFileReadIsHandedOverAsItsBytesBeforeDecoding() throws {
        let folder = try DataFolder([
            "units.csv": "\u{FEFF}" + Self.units, "indicators.csv": Self.indicators,
            "values.csv": Self.valuesHeader + "KA,POP,2024,100\n",
        ])
        let handed = Mutex<[String: [UInt8]]>([:])
        let result = DatasetLoader.load(folder: folder.path, options: LoadOptions(threads: 2)) { name, bytes in
            handed.withLock { $0[name] = bytes }
        }
        XCTAssertNoThrow(try result.get())
        let files = handed.withLock { $0 }
        XCTAssertEqual(files.keys.sorted(), ["indicators.csv", "units.csv", "values.csv"], "targets.csv is absent")
        for (name, bytes) in files {
            XCTAssertEqual(bytes, Array(try Data(contentsOf: URL(fileURLWithPath: folder.file(name)))), name)
        }
        XCTAssertEqual(files["units.csv"]?.prefix(3), [0xEF, 0xBB, 0xBF], "the byte-order mark is kept")
    }

    struct Loaded {
        let folder: DataFolder
        let result: Result<LoadedDataset, InputErrors>

        var path: String { folder.path }
        func file(_ name: String) -> String { folder.path + "/" + name }

        var errors: [InputError] {
            if case .failure(let e) = result { return e.errors }
            return []
        }

        var warnings: [InputError] {
            switch result {
            case .success(let loaded): return loaded.warnings
            case .failure(let e): return e.warnings
            }
        }

        func dataset(file: StaticString = #filePath, line: UInt = #line) throws -> Dataset {
            switch result {
            case .success(let loaded): return loaded.dataset
            case .failure(let e):
                XCTFail("load failed:\n\(e)", file: file, line: line)
                throw e
            }
        }
    }

    func load(
        units: String? = DatasetLoaderTests.units, indicators: String? = DatasetLoaderTests.indicators,
        values: String? = nil, targets: String? = nil, raw: [String: [UInt8]] = [:], options: LoadOptions = LoadOptions()
    ) throws -> Loaded {
        var files: [String: String] = [:]
        if let units { files["units.csv"] = units }
        if let indicators { files["indicators.csv"] = indicators }
        if let values { files["values.csv"] = values }
        if let targets { files["targets.csv"] = targets }
        let folder = try DataFolder(files)
        for (name, bytes) in raw {
            try Data(bytes).write(to: URL(fileURLWithPath: folder.file(name)))
        }
        return Loaded(folder: folder, result: DatasetLoader.load(folder: folder.path, options: options))
    }

    /// Asserts that `issues` holds one rendered as `FILE:LINE:COLUMN: ` + a message containing
    /// `fragment`.
    func assertIssue(
        _ issues: [InputError], _ prefix: String, _ fragment: String, file: StaticString = #filePath, line: UInt = #line
    ) {
        let rendered = issues.map(\.description)
        let match = rendered.contains { $0.hasPrefix(prefix) && $0.dropFirst(prefix.count).contains(fragment) }
        XCTAssertTrue(match, "no '\(prefix)...\(fragment)...' among:\n" + rendered.joined(separator: "\n"), file: file, line: line)
    }

    /// The figure stored for a unit, indicator and period: its number or interval.
    func figure(_ d: Dataset, _ unit: String, _ indicator: String, _ period: Int) -> Figure? {
        guard let p = d.periodIndex(of: period), let u = d.units.index(of: unit), let i = d.indicators.index(of: indicator) else {
            return nil
        }
        let position = Int(d.trees[p].positionOf[u])
        guard position >= 0 else { return nil }
        let column = d.reported[p][i]
        if !column.values[position].isNaN { return .number(column.values[position]) }
        return column.intervals[Int32(position)].map { .interval($0) }
    }

    // MARK: - Files and columns

    func testColumnsInAnyOrderAndAnUnknownColumnIsAWarning() throws {
        let loaded = try load(
            units: "parent,name,code,colour\n,Việt Nam,VN,đỏ\nVN,Hải Phòng,HP,xanh\n",
            indicators: "aggregation,code,unit,name\nsum,POP,người,Dân số\n",
            values: "value,period,indicator,unit,ghi chú\n12,2024,POP,HP,x\n")
        let d = try loaded.dataset()
        XCTAssertEqual(d.units.codes, ["VN", "HP"])
        XCTAssertEqual(d.units.records[1][0].parent, "VN")
        XCTAssertEqual(d.indicators[0].name, "Dân số")
        XCTAssertEqual(d.indicators[0].aggregation, .sum)
        XCTAssertEqual(figure(d, "HP", "POP", 2024), .number(12))
        assertIssue(loaded.warnings, loaded.file("units.csv") + ":1:18: warning: ", "unknown column 'colour'")
        assertIssue(loaded.warnings, loaded.file("values.csv") + ":1:29: warning: ", "unknown column 'ghi chú'")
        assertIssue(loaded.warnings, loaded.file("values.csv") + ":1:29: warning: ", "(known columns: unit, indicator, period, value)")
        XCTAssertEqual(loaded.warnings.count, 2)
    }

    func testMissingRequiredColumnIsAnErrorOnTheHeader() throws {
        let loaded = try load(units: "code,name\nVN,Việt Nam\n", values: "unit,indicator,value\nKA,POP,1\n")
        assertIssue(loaded.errors, loaded.file("units.csv") + ":1:1: ", "'parent'")
        assertIssue(loaded.errors, loaded.file("values.csv") + ":1:1: ", "'period'")
    }

    func testMissingUnitsFileIsAnErrorNamingIt() throws {
        let loaded = try load(units: nil)
        XCTAssertEqual(loaded.errors.count, 1)
        assertIssue(loaded.errors, loaded.file("units.csv") + ":1:1: ", "units.csv")
    }

    func testMissingIndicatorsFileIsAnErrorNamingIt() throws {
        let loaded = try load(indicators: nil)
        XCTAssertEqual(loaded.errors.count, 1)
        assertIssue(loaded.errors, loaded.file("indicators.csv") + ":1:1: ", "indicators.csv")
    }

    func testMissingFolderIsAnError() {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("rollup-missing-" + UUID().uuidString).path
        guard case .failure(let e) = DatasetLoader.load(folder: path) else { return XCTFail("loaded a missing folder") }
        assertIssue(e.errors, path + ":1:1: ", "folder")
    }

    func testColumnNamedTwiceIsAnError() throws {
        let loaded = try load(units: "code,name,parent,Code\nVN,Việt Nam,,VN\n")
        assertIssue(loaded.errors, loaded.file("units.csv") + ":1:18: ", "'code' twice")
    }

    func testEmptyRequiredFileIsAnError() throws {
        let loaded = try load(units: "")
        assertIssue(loaded.errors, loaded.file("units.csv") + ":1:1: ", "empty file")
    }

    func testAbsentValuesAndTargetsAreFine() throws {
        let loaded = try load()
        let d = try loaded.dataset()
        XCTAssertEqual(d.units.count, 4)
        XCTAssertEqual(d.indicators.count, 4)
        XCTAssertEqual(d.periods, [])
        XCTAssertTrue(d.targets.targets.isEmpty)
        XCTAssertTrue(loaded.errors.isEmpty)
    }

    func testHeaderOnlyValuesAndTargetsAreFine() throws {
        let loaded = try load(values: Self.valuesHeader, targets: Self.targetsHeader)
        let d = try loaded.dataset()
        XCTAssertEqual(d.periods, [])
        XCTAssertTrue(d.targets.targets.isEmpty)
    }

    func testSpreadsheetExportWithBOMCRLFAndQuotesLoads() throws {
        let units = "\u{FEFF}code,name,parent\r\nVN,\"Việt Nam, nước\",\r\n\r\nHP,Hải Phòng,VN\r\n"
        let values = "\u{FEFF}unit,indicator,period,value\r\n\"HP\",\"SHARE\",\"2024\",\"94,17\"\r\n"
        let loaded = try load(units: units, values: values)
        let d = try loaded.dataset()
        XCTAssertEqual(d.units.records[0][0].name, "Việt Nam, nước")
        XCTAssertEqual(figure(d, "HP", "SHARE", 2024), .number(94.17))
    }

    func testParentsMayBeListedAfterTheirChildren() throws {
        let loaded = try load(
            units: "code,name,parent\nKA,Kiến An,HP\nHP,Hải Phòng,VN\nVN,Việt Nam,\n", values: Self.valuesHeader + "KA,POP,2024,5\n")
        let d = try loaded.dataset()
        XCTAssertEqual(figure(d, "KA", "POP", 2024), .number(5))
        let tree = d.trees[0]
        XCTAssertEqual(tree.unitAt.first, Int32(d.units.index(of: "VN")!))
    }

    func testWrongNumberOfFieldsIsAnErrorOnItsLine() throws {
        let loaded = try load(values: Self.valuesHeader + "KA,POP,2024\nLC,POP,2024,1,extra\n")
        assertIssue(loaded.errors, loaded.file("values.csv") + ":2:12: ", "found 3 fields, expected 4")
        assertIssue(loaded.errors, loaded.file("values.csv") + ":3:15: ", "found 5 fields, expected 4")
    }

    func testCSVSyntaxErrorIsPlacedAndLaterRowsAreStillChecked() throws {
        let loaded = try load(values: Self.valuesHeader + "KA,PO\"P,2024,5\nZZ,POP,2024,1\n")
        assertIssue(loaded.errors, loaded.file("values.csv") + ":2:6: ", "quote")
        assertIssue(loaded.errors, loaded.file("values.csv") + ":3:1: ", "'ZZ'")
        XCTAssertEqual(loaded.errors.count, 2)
    }

    // MARK: - units.csv

    func testDuplicateUnitCodeNamesTheFirstLine() throws {
        let loaded = try load(units: Self.units + "HP,Hải Phòng 2,VN\n")
        XCTAssertEqual(loaded.errors.count, 1)
        assertIssue(loaded.errors, loaded.file("units.csv") + ":6:1: ", "'HP'")
        assertIssue(loaded.errors, loaded.file("units.csv") + ":6:1: ", "line 3")
    }

    func testUnitRowsWithSeparateWindowsAreNotDuplicates() throws {
        let units = "code,name,parent,valid_from,valid_to\nVN,Việt Nam,,,\nHP,Hải Phòng,VN,,\nKA,Kiến An,HP,,2024\nKA,Kiến An,VN,2025,\n"
        let loaded = try load(units: units, values: Self.valuesHeader + "KA,POP,2024,1\nKA,POP,2025,2\n")
        let d = try loaded.dataset()
        XCTAssertEqual(figure(d, "KA", "POP", 2024), .number(1))
        XCTAssertEqual(figure(d, "KA", "POP", 2025), .number(2))
    }

    func testOverlappingWindowsOfOneCodeAreADuplicate() throws {
        let units = "code,name,parent,valid_from,valid_to\nVN,Việt Nam,,,\nKA,Kiến An,VN,,2024\nKA,Kiến An,VN,2024,\n"
        let loaded = try load(units: units)
        assertIssue(loaded.errors, loaded.file("units.csv") + ":4:1: ", "first on line 3")
    }

    func testParentThatDoesNotExistIsAnErrorAtTheParentField() throws {
        let loaded = try load(units: "code,name,parent\nVN,Việt Nam,\nKA,Kiến An,XX\n")
        XCTAssertEqual(loaded.errors.count, 1)
        assertIssue(loaded.errors, loaded.file("units.csv") + ":3:12: ", "'XX'")
    }

    func testParentCycleIsReportedOnce() throws {
        let loaded = try load(units: "code,name,parent\nVN,Việt Nam,\nA,a,B\nB,b,A\n")
        XCTAssertEqual(loaded.errors.count, 1, "\(loaded.errors)")
        assertIssue(loaded.errors, loaded.file("units.csv") + ":3:5: ", "cycle")
        assertIssue(loaded.errors, loaded.file("units.csv") + ":3:5: ", "A → B → A")
    }

    func testParentCycleInEveryYearOfAWindowIsReportedOnce() throws {
        let units = "code,name,parent,valid_from,valid_to\nVN,Việt Nam,,,\nA,a,B,2020,2025\nB,b,A,2020,2025\n"
        let loaded = try load(units: units)
        XCTAssertEqual(loaded.errors.filter { $0.message.contains("cycle") }.count, 1, "\(loaded.errors)")
        assertIssue(loaded.errors, loaded.file("units.csv") + ":3:5: ", "cycle")
    }

    func testUnitThatIsItsOwnParentIsAnError() throws {
        let loaded = try load(units: "code,name,parent\nVN,Việt Nam,\nA,a,A\n")
        assertIssue(loaded.errors, loaded.file("units.csv") + ":3:5: ", "own parent")
    }

    func testValueForAUnitOutsideItsWindowIsAnError() throws {
        let units = "code,name,parent,valid_from,valid_to\nVN,Việt Nam,,,\nOLD,Cũ,VN,2015,2020\nNEW,Mới,VN,2021,\n"
        let values = Self.valuesHeader + "OLD,POP,2024,5\nOLD,POP,2019,5\nNEW,POP,2019,3\nNEW,POP,2021,3\n"
        let loaded = try load(units: units, values: values)
        XCTAssertEqual(loaded.errors.count, 2, "\(loaded.errors)")
        assertIssue(loaded.errors, loaded.file("values.csv") + ":2:1: ", "'OLD' in 2024")
        assertIssue(loaded.errors, loaded.file("values.csv") + ":4:1: ", "'NEW' in 2019")
    }

    // MARK: - values.csv and targets.csv

    func testUnknownUnitAndIndicatorInAValueRow() throws {
        let loaded = try load(values: Self.valuesHeader + "ZZ,POP,2024,5\nKA,NOPE,2024,5\n")
        XCTAssertEqual(loaded.errors.count, 2)
        assertIssue(loaded.errors, loaded.file("values.csv") + ":2:1: ", "found the unit 'ZZ'")
        assertIssue(loaded.errors, loaded.file("values.csv") + ":3:4: ", "found the indicator 'NOPE'")
    }

    func testUnknownUnitAndIndicatorInATargetRow() throws {
        let loaded = try load(targets: Self.targetsHeader + "ZZ,POP,2030,5\nKA,NOPE,2030,5\n")
        XCTAssertEqual(loaded.errors.count, 2)
        assertIssue(loaded.errors, loaded.file("targets.csv") + ":2:1: ", "found the unit 'ZZ'")
        assertIssue(loaded.errors, loaded.file("targets.csv") + ":3:4: ", "found the indicator 'NOPE'")
    }

    func testUnreadableNotationIsAnErrorAtTheValueField() throws {
        let loaded = try load(
            values: Self.valuesHeader + "KA,POP,2024,abc\nLC,POP,2024,95%\nHP,SHARE,2024,30-28\n",
            targets: Self.targetsHeader + "KA,SHARE,2030,1.2.3\n")
        XCTAssertEqual(loaded.errors.count, 4, "\(loaded.errors)")
        assertIssue(loaded.errors, loaded.file("values.csv") + ":2:13: ", "found 'abc', expected a number")
        assertIssue(loaded.errors, loaded.file("values.csv") + ":3:13: ", "found '95%'")
        assertIssue(loaded.errors, loaded.file("values.csv") + ":4:15: ", "found '30-28'")
        assertIssue(loaded.errors, loaded.file("targets.csv") + ":2:15: ", "found '1.2.3'")
    }

    func testQuotedUnreadableNotationIsAnErrorOnItsLine() throws {
        let loaded = try load(values: Self.valuesHeader + "KA,SHARE,2024,\"1,2,3\"\n")
        XCTAssertEqual(loaded.errors.count, 1)
        XCTAssertEqual(loaded.errors.first?.file, loaded.file("values.csv"))
        XCTAssertEqual(loaded.errors.first?.line, 2)
        XCTAssertTrue(loaded.errors.first?.message.contains("'1,2,3'") == true, "\(loaded.errors)")
    }

    func testDuplicateValueKeyNamesTheFirstLine() throws {
        let loaded = try load(values: Self.valuesHeader + "KA,POP,2024,5\nLC,POP,2024,6\nKA,POP,2024,7\n")
        XCTAssertEqual(loaded.errors.count, 1)
        assertIssue(loaded.errors, loaded.file("values.csv") + ":4:1: ", "first on line 2")
    }

    func testDuplicateValueKeyOfABoundIsAlsoCaught() throws {
        let loaded = try load(values: Self.valuesHeader + "KA,SHARE,2024,<5\nKA,SHARE,2024,28-30\n")
        assertIssue(loaded.errors, loaded.file("values.csv") + ":3:1: ", "first on line 2")
    }

    func testDuplicateTargetKeyNamesTheFirstLine() throws {
        let loaded = try load(targets: Self.targetsHeader + "KA,SHARE,2030,95\nKA,SHARE,2025,90\nKA,SHARE,2030,≥ 97\n")
        XCTAssertEqual(loaded.errors.count, 1)
        assertIssue(loaded.errors, loaded.file("targets.csv") + ":4:1: ", "first on line 2")
    }

    func testNonYearPeriodIsAnError() throws {
        let loaded = try load(
            values: Self.valuesHeader + "KA,POP,2024Q1,5\nKA,POP,,5\nKA,POP,0,5\n",
            targets: Self.targetsHeader + "KA,POP,20301,5\n")
        XCTAssertEqual(loaded.errors.count, 4, "\(loaded.errors)")
        assertIssue(loaded.errors, loaded.file("values.csv") + ":2:8: ", "found '2024Q1', expected a year")
        assertIssue(loaded.errors, loaded.file("values.csv") + ":3:8: ", "expected a year")
        assertIssue(loaded.errors, loaded.file("values.csv") + ":4:8: ", "found '0'")
        assertIssue(loaded.errors, loaded.file("targets.csv") + ":2:8: ", "found '20301'")
    }

    func testInvalidUTF8InValuesIsAnErrorWithItsPosition() throws {
        let bytes = Array((Self.valuesHeader + "KA,POP,2024,1").utf8) + [0xFF] + Array("\n".utf8)
        var strict = LoadOptions()
        strict.encoding = .utf8  // by default a file that is not UTF-8 is read as Windows-1258
        let loaded = try load(raw: ["values.csv": bytes], options: strict)
        XCTAssertEqual(loaded.errors.count, 1)
        assertIssue(loaded.errors, loaded.file("values.csv") + ":2:14: ", "UTF-8")
    }

    func testUTF16FileIsAnErrorSayingSo() throws {
        let bytes: [UInt8] =
            [0xFF, 0xFE] + Array((Self.valuesHeader + "KA,POP,2024,1\n").utf16).flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] }
        let loaded = try load(raw: ["values.csv": bytes])
        XCTAssertEqual(loaded.errors.count, 1)
        assertIssue(loaded.errors, loaded.file("values.csv") + ":1:1: ", "UTF-16")
    }

    func testLegacyEncodedVietnameseIsAnErrorAtItsFirstByteWithStrictUTF8() throws {
        // "Hà" in Windows-1258: H, a, combining grave 0xCC.
        let bytes = Array("code,name,parent\nVN,Ha".utf8) + [0xCC] + Array(",\n".utf8)
        var strict = LoadOptions()
        strict.encoding = .utf8
        let loaded = try load(raw: ["units.csv": bytes], options: strict)
        assertIssue(loaded.errors, loaded.file("units.csv") + ":2:6: ", "not UTF-8")
        // By default it is read as Windows-1258, with a warning at the same place.
        let auto = try load(raw: ["units.csv": bytes])
        assertIssue(auto.warnings, auto.file("units.csv") + ":2:6: ", "read the file as Windows-1258")
        XCTAssertEqual(
            Array(try auto.dataset().units.name(of: 0).unicodeScalars), Array("Hà".precomposedStringWithCanonicalMapping.unicodeScalars))
    }

    func testNothingIsStoredForADashOrAnEmptyValue() throws {
        let loaded = try load(values: Self.valuesHeader + "KA,POP,2024,-\nLC,POP,2024,\nHP,POP,2024,3\n")
        let d = try loaded.dataset()
        XCTAssertNil(figure(d, "KA", "POP", 2024))
        XCTAssertNil(figure(d, "LC", "POP", 2024))
        XCTAssertEqual(figure(d, "HP", "POP", 2024), .number(3))
    }

    // MARK: - indicators.csv

    static let indicatorsHeader = "code,name,unit,aggregation,weight,numerator,denominator,scale\n"

    func testWeightNumeratorOrDenominatorNamingAnUnknownIndicator() throws {
        let indicators =
            Self.indicatorsHeader + "POP,Dân số,người,sum,,,,\nSHARE,Tỷ lệ,%,weighted_mean,NOPE,,,\n"
            + "RATE,Tỷ suất,‰,ratio,,NUM,POP,1000\nRATE2,Tỷ suất,‰,ratio,,POP,DEN,1000\n"
        let loaded = try load(indicators: indicators)
        XCTAssertEqual(loaded.errors.count, 3, "\(loaded.errors)")
        assertIssue(loaded.errors, loaded.file("indicators.csv") + ":3:29: ", "'NOPE'")
        assertIssue(loaded.errors, loaded.file("indicators.csv") + ":4:23: ", "'NUM'")
        assertIssue(loaded.errors, loaded.file("indicators.csv") + ":5:28: ", "'DEN'")
    }

    func testMissingWeightOfAWeightedMeanIsAnError() throws {
        let loaded = try load(indicators: Self.indicatorsHeader + "SHARE,Tỷ lệ,%,weighted_mean,,,,\n")
        assertIssue(loaded.errors, loaded.file("indicators.csv") + ":2:29: ", "weight")
    }

    func testIndicatorDefinitionCycleIsReportedOnce() throws {
        let indicators = "code,name,unit,aggregation,weight\nA,a,%,weighted_mean,B\nB,b,%,weighted_mean,A\n"
        let loaded = try load(indicators: indicators)
        XCTAssertEqual(loaded.errors.count, 1, "\(loaded.errors)")
        assertIssue(loaded.errors, loaded.file("indicators.csv") + ":2:21: ", "A → B → A")
    }

    func testIndicatorWeightedByItselfIsACycle() throws {
        let loaded = try load(indicators: "code,name,unit,aggregation,weight\nA,a,%,weighted_mean,A\n")
        XCTAssertEqual(loaded.errors.count, 1, "\(loaded.errors)")
        assertIssue(loaded.errors, loaded.file("indicators.csv") + ":2:21: ", "cycle")
    }

    func testUnknownAggregationKeywordIsAnError() throws {
        let loaded = try load(indicators: "code,name,unit,aggregation\nPOP,Dân số,người,sum\nX,x,%,average\n")
        XCTAssertEqual(loaded.errors.count, 1)
        assertIssue(loaded.errors, loaded.file("indicators.csv") + ":3:7: ", "found 'average'")
        assertIssue(loaded.errors, loaded.file("indicators.csv") + ":3:7: ", "weighted_mean")
    }

    func testDuplicateIndicatorCodeIsAnError() throws {
        let loaded = try load(indicators: "code,name,unit,aggregation\nPOP,Dân số,người,sum\nPOP,again,người,sum\n")
        assertIssue(loaded.errors, loaded.file("indicators.csv") + ":3:1: ", "first on line 2")
    }

    func testRatioWithoutScaleIsAWarning() throws {
        let indicators = Self.indicatorsHeader + "POP,Dân số,người,sum,,,,\nDOC,Bác sĩ,người,sum,,,,\nRATE,r,x,ratio,,DOC,POP,\n"
        let loaded = try load(indicators: indicators)
        _ = try loaded.dataset()
        assertIssue(loaded.warnings, loaded.file("indicators.csv") + ":4:", "scale")
    }

    // MARK: - Several errors at once

    func testSeveralErrorsInSeveralFilesAreAllReportedInFileAndLineOrder() throws {
        let loaded = try load(
            units: Self.units + "KA,Kiến An 2,HP\n",
            indicators: Self.indicators + "BAD,x,%,average,,,,,,\n",
            values: Self.valuesHeader + "ZZ,POP,2024,1\nKA,POP,2024,abc\n",
            targets: Self.targetsHeader + "QQ,POP,2030,5\n")
        let rendered = loaded.errors.map(\.description)
        let expectedPrefixes = [
            loaded.file("indicators.csv") + ":6:9: ",
            loaded.file("targets.csv") + ":2:1: ",
            loaded.file("units.csv") + ":6:1: ",
            loaded.file("values.csv") + ":2:1: ",
            loaded.file("values.csv") + ":3:13: ",
        ]
        XCTAssertEqual(rendered.count, expectedPrefixes.count, rendered.joined(separator: "\n"))
        for (line, prefix) in zip(rendered, expectedPrefixes) {
            XCTAssertTrue(line.hasPrefix(prefix), "\(line) does not start with \(prefix)")
        }
        let description = try XCTUnwrap({ if case .failure(let e) = loaded.result { return e.description } else { return nil } }())
        XCTAssertEqual(description, rendered.joined(separator: "\n"))
    }

    // MARK: - What is stored

    func testVietnameseModeReadsDotsAsThousands() throws {
        let values = Self.valuesHeader + "KA,POP,2024,49.400\nLC,POP,2024,\"1.234,5\"\n"
        let vietnamese = try load(values: values, options: LoadOptions(vietnamese: true))
        let d = try vietnamese.dataset()
        XCTAssertEqual(figure(d, "KA", "POP", 2024), .number(49400))
        XCTAssertEqual(figure(d, "LC", "POP", 2024), .number(1234.5))
        let plain = try load(values: values)
        let p = try plain.dataset()
        XCTAssertEqual(figure(p, "KA", "POP", 2024), .number(49.4))
        XCTAssertEqual(figure(p, "LC", "POP", 2024), .number(1234.5))
    }

    func testBoundIsStoredAsAnIntervalClampedToTheIndicatorLimits() throws {
        let values = Self.valuesHeader + "KA,SHARE,2024,<39.2\nLC,SHARE,2024,>95\nHP,POP,2024,>1000\nVN,SHARE,2024,28-30\n"
        let targets = Self.targetsHeader + "KA,SHARE,2030,≥ 97\nLC,SHARE,2030,\"&lt; 0,1\"\n"
        let loaded = try load(values: values, targets: targets)
        let d = try loaded.dataset()
        XCTAssertEqual(figure(d, "KA", "SHARE", 2024), .interval(Interval(low: 0, high: 39.2, includesLow: true, includesHigh: false)))
        XCTAssertEqual(figure(d, "LC", "SHARE", 2024), .interval(Interval(low: 95, high: 100, includesLow: false, includesHigh: true)))
        XCTAssertEqual(figure(d, "HP", "POP", 2024), .interval(Interval(low: 1000, high: .infinity, includesLow: false)))
        XCTAssertEqual(figure(d, "VN", "SHARE", 2024), .interval(Interval(low: 28, high: 30)))
        let share = try XCTUnwrap(d.indicators.index(of: "SHARE"))
        let ka = try XCTUnwrap(d.targets.target(unit: d.units.index(of: "KA")!, indicator: share, year: 2030))
        XCTAssertEqual(ka.figure, .interval(Interval(low: 97, high: 100)))
        XCTAssertEqual(ka.text, "≥ 97")
        let lc = try XCTUnwrap(d.targets.target(unit: d.units.index(of: "LC")!, indicator: share, year: 2030))
        XCTAssertEqual(lc.figure, .interval(Interval(low: 0, high: 0.1, includesLow: true, includesHigh: false)))
    }

    func testLevelsAreStoredByRankAndAnUnknownLevelIsAnError() throws {
        let indicators = Self.indicators + "MAL,Sốt rét,Mức độ,worst_level,,,,,Chưa kiểm soát,Xóa bỏ hoàn toàn\n"
        let ok = try load(indicators: indicators, values: Self.valuesHeader + "KA,MAL,2024,loại trừ\nLC,MAL,2024,Kiểm soát\n")
        let d = try ok.dataset()
        XCTAssertEqual(figure(d, "KA", "MAL", 2024), .number(2))
        XCTAssertEqual(figure(d, "LC", "MAL", 2024), .number(1))
        let bad = try load(indicators: indicators, values: Self.valuesHeader + "KA,MAL,2024,Tốt\n")
        assertIssue(bad.errors, bad.file("values.csv") + ":2:13: ", "Loại trừ")
    }

    func testWarningsDoNotStopTheLoad() throws {
        let loaded = try load(units: "code,name,parent,extra\nVN,Việt Nam,,1\n")
        XCTAssertTrue(loaded.errors.isEmpty)
        XCTAssertEqual(loaded.warnings.count, 1)
        XCTAssertEqual(loaded.warnings.first?.severity, .warning)
        _ = try loaded.dataset()
    }
}

final class ReportedCountTests: XCTestCase {
    func testReportedCountCountsEveryFigureButNaN() {
        var state: UInt64 = 5
        for length in [0, 1, 2, 7, 8, 9, 31, 100, 1_001] {
            let values = (0..<length).map { k -> Double in
                state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
                switch state >> 61 {
                case 0: return .nan
                case 1: return -.infinity
                case 2: return 0
                case 3: return -0.0
                default: return Double(k) - 50
                }
            }
            XCTAssertEqual(DatasetLoader.reportedCount(values), values.filter { !$0.isNaN }.count, "length \(length)")
        }
    }
}

final class ReleasedElsewhereTests: XCTestCase {
    /// Where a ``Tracked`` was freed: on the thread that made it or not.
    final class Freed: Sendable {
        let signal = DispatchSemaphore(value: 0)
        let onMaker = Mutex<Bool?>(nil)
    }

    final class Tracked: @unchecked Sendable {
        let freed: Freed
        let maker = pthread_self()
        init(_ freed: Freed) { self.freed = freed }
        deinit {
            let same = pthread_equal(pthread_self(), maker) != 0
            freed.onMaker.withLock { $0 = same }
            freed.signal.signal()
        }
    }

    func testValueIsSetToNilAndFreedOnAnotherThread() {
        let freed = Freed()
        var value: Tracked? = Tracked(freed)
        ReleasedElsewhere.release(&value)
        XCTAssertNil(value)
        XCTAssertEqual(freed.signal.wait(timeout: .now() + 10), .success, "freed at all")
        XCTAssertEqual(freed.onMaker.withLock { $0 }, false, "freed by another thread than the one that let it go")
    }

    func testBackgroundWorkKeepsNoReferenceToWhatItHandsOver() {
        let freed = Freed()
        let work = BackgroundWork { _ in Tracked(freed) }
        do {
            let result = work.wait()
            XCTAssertNotNil(result)
        }
        XCTAssertEqual(freed.signal.wait(timeout: .now() + 10), .success, "freed with the caller's last reference, the work still alive")
        withExtendedLifetime(work) {}
    }
}
