import Foundation
import RollupIO
import RollupTestSupport
import XCTest

/// `--skip-invalid` at the loader (bad value and target rows set aside, structural errors still
/// fatal) and the limits: record length, memory.
final class QuarantineAndLimitsTests: XCTestCase {
    let units = "code,name,parent\nD,District,\nW1,Ward 1,D\nW2,Ward 2,D\n"
    let indicators = "code,name,unit,aggregation\nBEDS,Beds,beds,sum\n"

    func load(_ files: [String: String], skipInvalid: Bool = true, memory: Int? = nil) throws -> Result<LoadedDataset, InputErrors> {
        let folder = try DataFolder(files)
        var options = LoadOptions(threads: 2)
        options.skipInvalid = skipInvalid
        options.memoryAvailable = memory
        return DatasetLoader.load(folder: folder.path, options: options)
    }

    func testBadRowsAreSetAsideWithTheirRawTextAndTheRestIsLoaded() throws {
        let values =
            "unit,indicator,period,value\nW1,BEDS,2024,4\n  W9 ,BEDS,2024,1\nW2,BEDS,2024,\"x,\"\"y\"\n\"W2\",BEDS,2025,7\nW1,BE\"DS,2024,1\n"
        let loaded = try load(["units.csv": units, "indicators.csv": indicators, "values.csv": values]).get()
        XCTAssertEqual(loaded.rejected.map(\.line), [3, 4, 6])
        XCTAssertEqual(loaded.rejected.map(\.column), [1, 15, 6])
        XCTAssertEqual(loaded.rejected[0].row, "  W9 ,BEDS,2024,1")
        XCTAssertEqual(loaded.rejected[1].row, "W2,BEDS,2024,\"x,\"\"y\"")
        XCTAssertEqual(loaded.rejected[2].row, "W1,BE\"DS,2024,1")
        XCTAssertTrue(loaded.rejected[2].reason.hasPrefix("found a quote inside an unquoted field"), loaded.rejected[2].reason)
        XCTAssertEqual(loaded.rowCounts["values.csv"], 2)
        XCTAssertEqual(loaded.dataset.periods, [2024, 2025])
        XCTAssertEqual(
            String(decoding: RejectedFile.format(loaded.rejected), as: UTF8.self),
            #"""
            file,line,column,reason,row
            values.csv,3,1,"found the unit 'W9', expected the code of a unit in units.csv","  W9 ,BEDS,2024,1"
            values.csv,4,15,"found 'x,""y', expected a number, a bound such as <3 or ≥ 97, a range such as 28-30, or -","W2,BEDS,2024,""x,""""y"""
            values.csv,6,6,"found a quote inside an unquoted field, expected the whole field in quotes with the quote doubled","W1,BE""DS,2024,1"

            """#)
    }

    func testSeveralProblemsOfOneRowMakeOneRejectedRow() throws {
        let values = "unit,indicator,period,value\nW9,BEDS,20x4,1\n"
        let loaded = try load(["units.csv": units, "indicators.csv": indicators, "values.csv": values]).get()
        XCTAssertEqual(loaded.rejected.count, 1)
        XCTAssertEqual(
            loaded.rejected[0].reason,
            "found the unit 'W9', expected the code of a unit in units.csv; found '20x4', expected a year such as 2024")
    }

    func testWithoutSkipInvalidTheSameRowsFailTheLoad() throws {
        let values = "unit,indicator,period,value\nW1,BEDS,2024,4\nW9,BEDS,2024,1\n"
        guard
            case .failure(let errors) = try load(
                ["units.csv": units, "indicators.csv": indicators, "values.csv": values], skipInvalid: false)
        else { return XCTFail("loaded") }
        XCTAssertEqual(errors.errors.count, 1)
    }

    func testCleanFilesLoadTheSameWithSkipInvalid() throws {
        let sample = PackageFiles.root + "/Samples/city-synthetic"
        var options = LoadOptions(threads: 2)
        let strict = try DatasetLoader.load(folder: sample, options: options).get()
        options.skipInvalid = true
        let skipping = try DatasetLoader.load(folder: sample, options: options).get()
        XCTAssertEqual(skipping.rejected, [])
        XCTAssertEqual(skipping.rowCounts, strict.rowCounts)
        XCTAssertEqual(skipping.dataset.targets.targets, strict.dataset.targets.targets)
    }

    func testARecordOverTheMaximumIsAnErrorOrARejectedRow() throws {
        let long = Array(repeating: String(repeating: "x", count: 60_000), count: 18).joined(separator: ",")
        let values = "unit,indicator,period,value\nW1,BEDS,2024,4\nW2,BEDS,2024," + long + "\nW2,BEDS,2025,5\n"
        guard
            case .failure(let errors) = try load(
                ["units.csv": units, "indicators.csv": indicators, "values.csv": values], skipInvalid: false)
        else { return XCTFail("loaded") }
        XCTAssertTrue(
            errors.errors.contains { $0.line == 3 && $0.message.hasPrefix("found a record of") && $0.message.contains("1048576") },
            "\(errors)")
        let loaded = try load(["units.csv": units, "indicators.csv": indicators, "values.csv": values]).get()
        XCTAssertEqual(loaded.rejected.map(\.line), [3])
        XCTAssertEqual(loaded.rowCounts["values.csv"], 2)
    }

    func testAFieldOverTheMaximumIsAnError() throws {
        let values = "unit,indicator,period,value\nW1,BEDS,2024," + String(repeating: "9", count: CSVReader.maximumFieldBytes + 1) + "\n"
        guard
            case .failure(let errors) = try load(
                ["units.csv": units, "indicators.csv": indicators, "values.csv": values], skipInvalid: false)
        else { return XCTFail("loaded") }
        XCTAssertTrue(errors.errors.first?.message.hasPrefix("found a field of 65537 bytes, expected at most 65536") == true, "\(errors)")
    }

    func testStructuralErrorsStillFail() throws {
        let cases: [[String: String]] = [
            ["units.csv": "code,name,parent\nA,A,B\nB,B,A\n", "indicators.csv": indicators],
            ["units.csv": units + "W1,Again,D\n", "indicators.csv": indicators],
            ["units.csv": units],
            ["units.csv": units, "indicators.csv": indicators, "values.csv": "unit,indicator,value\nW1,BEDS,4\n"],
            [
                "units.csv": units, "indicators.csv": indicators,
                "values.csv": "unit,indicator,period,value\nW1,BEDS,2024,\"4\nW2,BEDS,2024,5\n",
            ],
            ["units.csv": units, "indicators.csv": "code,name,unit,aggregation,weight\nX,X,x,weighted_mean,Y\n"],
            ["units.csv": units, "indicators.csv": indicators, "targets.csv": "unit,indicator,year\nW1,BEDS,2030\n"],
        ]
        for files in cases {
            guard case .failure = try load(files) else { return XCTFail("loaded \(files)") }
        }
    }

    func testAValuesFileCutShortIsWarnedAbout() throws {
        // `W2,BEDS,2024,45` cut after `4`: still a figure, so the missing line end is the clue.
        let values = "unit,indicator,period,value\nW1,BEDS,2024,4\nW2,BEDS,2024,4"
        let loaded = try load(["units.csv": units, "indicators.csv": indicators, "values.csv": values], skipInvalid: false).get()
        XCTAssertEqual(loaded.warnings.count, 1)
        let warning = try XCTUnwrap(loaded.warnings.first?.description)
        XCTAssertTrue(
            warning.hasSuffix(
                "/values.csv:3:15: warning: found no line end after the last row, expected one: a file cut short ends so (its last row is read as it is)"
            ), warning)
        let complete = try load(["units.csv": units, "indicators.csv": indicators, "values.csv": values + "5\r\n"], skipInvalid: false)
            .get()
        XCTAssertEqual(complete.warnings, [])
    }

    func testAFolderTooLargeForMemoryFailsBeforeReading() throws {
        let values = "unit,indicator,period,value\nW1,BEDS,2024,4\n"
        guard
            case .failure(let errors) = try load(["units.csv": units, "indicators.csv": indicators, "values.csv": values], memory: 1 << 20)
        else { return XCTFail("loaded") }
        XCTAssertEqual(errors.errors.count, 1)
        let message = try XCTUnwrap(errors.errors.first?.description)
        let total = units.utf8.count + indicators.utf8.count + values.utf8.count
        XCTAssertTrue(message.contains("/units.csv:1:1: found \(total) bytes of input, expected input that fits in memory"), message)
        XCTAssertTrue(message.contains("a run needs about 128 MiB of memory (3.5 × the input + 128 MiB) and 1 MiB is available"), message)
        XCTAssertNoThrow(try load(["units.csv": units, "indicators.csv": indicators, "values.csv": values], memory: 1 << 30).get())
        XCTAssertEqual(MemoryBudget.needed(inputBytes: 1 << 30), 7 << 29 + 128 << 20)
        XCTAssertEqual(MemoryBudget.needed(inputBytes: Int.max), Int.max)
        XCTAssertNotNil(MemoryBudget.available(), "/proc/meminfo should say what is available")
    }
}
