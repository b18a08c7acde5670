import Foundation
import RollupCLI
import RollupTestSupport
import XCTest

final class RunCommandTests: XCTestCase {
    let units = "code,name,parent\nD,Quận Kiến An,\nW1,Phường Bắc Sơn,D\nW2,Phường Nam Sơn,D\n"
    let indicators = "code,name,unit,aggregation\nBEDS,Số giường bệnh,giường,sum\n"

    func run(_ arguments: [String]) -> (ExitStatus, RecordingConsole) {
        let console = RecordingConsole()
        return (RollupCommandLine.run(arguments, console: console), console)
    }

    func testRunWritesRollupsWithContractColumns() throws {
        let data = try DataFolder([
            "units.csv": units, "indicators.csv": indicators,
            "values.csv": "unit,indicator,period,value\nW1,BEDS,2024,40\nW2,BEDS,2024,60\n",
        ])
        let out = try DataFolder([:])
        let (status, _) = run(["run", data.path, "--out", out.file("results")])
        XCTAssertEqual(status, .success)
        XCTAssertEqual(
            out.read("results/rollups.csv"),
            """
            unit,indicator,period,value,low,high,coverage,source
            D,BEDS,2024,100,,,1,rollup
            W1,BEDS,2024,40,,,1,reported
            W2,BEDS,2024,60,,,1,reported

            """)
    }

    func testContractExampleMatchesExpectedRollups() throws {
        guard let shared = PackageFiles.shared else { throw XCTSkip("../shared is not beside the repository") }
        let example = shared + "/examples/contract-tiny"
        let out = try DataFolder([:])
        let (status, console) = run(["run", example, "--out", out.file("r")])
        XCTAssertEqual(status, .success, console.errors.joined(separator: "\n"))
        XCTAssertTrue(console.errors.contains { $0.contains("units.csv:1:12: warning: found an unknown column 'ghi_chu'") })
        let expected = try String(contentsOfFile: example + "/expected_rollups.csv", encoding: .utf8)
        let got = try XCTUnwrap(out.read("r/rollups.csv"))
        // expected_rollups.csv leaves out coverage: drop that column from ours.
        let trimmed = got.split(separator: "\n").map { line -> String in
            var fields = line.split(separator: ",", omittingEmptySubsequences: false)
            fields.remove(at: 6)
            return fields.joined(separator: ",")
        }
        XCTAssertEqual(trimmed, expected.split(separator: "\n").map(String.init))
    }

    func testFailedRunLeavesPreviousResultsByteIdentical() throws {
        let good = try DataFolder([
            "units.csv": units, "indicators.csv": indicators,
            "values.csv": "unit,indicator,period,value\nW1,BEDS,2024,40\n",
        ])
        let bad = try DataFolder([
            "units.csv": units, "indicators.csv": indicators,
            "values.csv": "unit,indicator,period,value\nW1,BEDS,2024,4O\nW9,BEDS,2024,1\n",
        ])
        let out = try DataFolder([:])
        XCTAssertEqual(run(["run", good.path, "--out", out.file("r")]).0, .success)
        let before = try XCTUnwrap(FileManager.default.contents(atPath: out.file("r/rollups.csv")))
        let (status, console) = run(["run", bad.path, "--out", out.file("r")])
        XCTAssertEqual(status, .inputError)
        XCTAssertTrue(console.errors.contains { $0.hasPrefix(bad.path + "/values.csv:2:14: found '4O'") }, "\(console.errors)")
        XCTAssertTrue(console.errors.contains { $0.hasPrefix(bad.path + "/values.csv:3:1: found the unit 'W9'") }, "\(console.errors)")
        XCTAssertEqual(FileManager.default.contents(atPath: out.file("r/rollups.csv")), before)
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: out.path).sorted(), ["r"])
    }

    func testRepeatedRunsGiveIdenticalBytes() throws {
        let data = PackageFiles.root + "/Samples/city-synthetic"
        let out = try DataFolder([:])
        XCTAssertEqual(run(["run", data, "--out", out.file("a"), "--threads", "1"]).0, .success)
        XCTAssertEqual(run(["run", data, "--out", out.file("b"), "--threads", "2"]).0, .success)
        XCTAssertEqual(run(["run", data, "--out", out.file("a"), "--threads", "3"]).0, .success)
        let a = try XCTUnwrap(FileManager.default.contents(atPath: out.file("a/rollups.csv")))
        let b = try XCTUnwrap(FileManager.default.contents(atPath: out.file("b/rollups.csv")))
        XCTAssertGreaterThan(a.count, 100_000)
        XCTAssertEqual(a, b)
    }

    func testBundledSamplesLoadWithoutErrors() throws {
        for sample in ["haiphong-real", "haiphong-reform", "city-synthetic"] {
            let (status, console) = run(["check", PackageFiles.root + "/Samples/" + sample])
            XCTAssertEqual(status, .success, "\(sample): \(console.errors)")
        }
    }

    func testUsageErrorsExit64() {
        XCTAssertEqual(run([]).0, .usage)
        XCTAssertEqual(run(["frobnicate"]).0, .usage)
        XCTAssertEqual(run(["run", "data"]).0, .usage)  // no --out
        XCTAssertEqual(run(["run", "--out"]).0, .usage)  // --out without its value
        XCTAssertEqual(run(["run", "a", "b", "--out", "o"]).0, .usage)
        XCTAssertEqual(run(["run", "a", "--out", "o", "--threads", "0"]).0, .usage)
        XCTAssertEqual(run(["run", "a", "--bogus"]).0, .usage)
        let (_, console) = run(["run", "a", "--bogus"])
        XCTAssertEqual(console.errors.first, "error: unknown option '--bogus'")
    }

    func testHelpAtEveryLevel() {
        let (status, console) = run(["--help"])
        XCTAssertEqual(status, .success)
        XCTAssertTrue(console.output.contains { $0.contains("run") && $0.contains("Roll a data folder up") })
        for command in ["run", "check", "generate"] {
            let (status, console) = run([command, "-h"])
            XCTAssertEqual(status, .success)
            XCTAssertEqual(console.output.first, console.output.first.flatMap { $0.hasPrefix("USAGE: rollup \(command)") ? $0 : nil })
        }
        let (_, runHelp) = run(["run", "--help"])
        XCTAssertTrue(runHelp.output.contains { $0.contains("--out OUT") })
        XCTAssertTrue(runHelp.output.contains { $0.contains("--vietnamese") })
    }

    func testOptionForms() throws {
        let data = try DataFolder([
            "units.csv": units, "indicators.csv": indicators, "values.csv": "unit,indicator,period,value\nW1,BEDS,2024,1\n",
        ])
        let out = try DataFolder([:])
        XCTAssertEqual(run(["run", "--out=\(out.file("x"))", "-j", "2", "--", data.path]).0, .success)
        XCTAssertNotNil(out.read("x/rollups.csv"))
    }

    func testMissingDataFolderIsAnInputError() throws {
        let out = try DataFolder([:])
        let (status, console) = run(["run", out.file("nope"), "--out", out.file("r")])
        XCTAssertEqual(status, .inputError)
        XCTAssertTrue(console.errors.first?.hasPrefix(out.file("nope") + ":1:1: found no data folder") == true)
        XCTAssertNil(out.read("r/rollups.csv"))
    }

    func testVietnameseOptionReadsThousandsDots() throws {
        let data = try DataFolder([
            "units.csv": units, "indicators.csv": indicators,
            "values.csv": "unit,indicator,period,value\nW1,BEDS,2024,49.400\nW2,BEDS,2024,\"1.234,5\"\n",
        ])
        let out = try DataFolder([:])
        XCTAssertEqual(run(["run", data.path, "--out", out.file("r"), "--vietnamese"]).0, .success)
        XCTAssertTrue(out.read("r/rollups.csv")?.contains("D,BEDS,2024,50634.5,") == true)
    }
}
