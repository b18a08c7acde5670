import Foundation
import RollupCLI
import RollupTestSupport
import XCTest

final class GenerateCommandTests: XCTestCase {
    func testGeneratedFolderRollsUpWithoutErrors() throws {
        let out = try DataFolder([:])
        let console = RecordingConsole()
        XCTAssertEqual(RollupCommandLine.run(["generate", "--preset", "city", "--seed", "3", out.file("d")], console: console), .success)
        XCTAssertEqual(
            RollupCommandLine.run(["run", out.file("d"), "--out", out.file("r")], console: console), .success, "\(console.errors)")
        let rollups = try XCTUnwrap(out.read("r/rollups.csv"))
        XCTAssertGreaterThan(rollups.split(separator: "\n").count, 5_000)
    }

    func testUnknownPresetIsAUsageError() {
        XCTAssertEqual(RollupCommandLine.run(["generate", "--preset", "huge", "x"], console: RecordingConsole()), .usage)
    }
}

final class GeneratedMergesTests: XCTestCase {
    func testMergedUnitsEndAndTheirFiguresAreDerivedAcrossTheMerge() throws {
        let out = try DataFolder([:])
        let console = RecordingConsole()
        XCTAssertEqual(
            RollupCommandLine.run(
                ["generate", "--preset", "city", "--seed", "5", "--merge-fraction", "0.3", out.file("d")], console: console),
            .success)
        let summary = try XCTUnwrap(console.output.first)
        XCTAssertFalse(summary.contains(" 0 merged"), summary)
        let units = try XCTUnwrap(out.read("d/units.csv"))
        XCTAssertTrue(units.hasPrefix("code,name,parent,level,valid_from,valid_to,successor\n"))
        XCTAssertEqual(
            RollupCommandLine.run(["run", out.file("d"), "--out", out.file("r"), "-q"], console: console), .success, "\(console.errors)")
        XCTAssertEqual(RollupCommandLine.run(["compare", out.file("d"), "--out", out.file("c.csv")], console: console), .success)
        let comparison = try XCTUnwrap(out.read("c.csv"))
        XCTAssertTrue(comparison.contains(",derived,2025,"), "no derived rows")
        // A merged ward has no row in 2025.
        let merged = try XCTUnwrap(units.split(separator: "\n").first { $0.hasSuffix(",2024,W") || $0.contains(",ward,,2024,W") })
        let code = String(merged.split(separator: ",")[0])
        let rollups = try XCTUnwrap(out.read("r/rollups.csv"))
        XCTAssertFalse(rollups.contains("\n\(code),POP,2025,"), code)
        XCTAssertTrue(rollups.contains("\n\(code),POP,2024,"), code)
    }
}
