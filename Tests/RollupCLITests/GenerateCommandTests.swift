import Foundation
import RollupCLI
import RollupTestSupport
import XCTest

final class GenerateCommandTests: XCTestCase {
    func testGeneratedFolderRollsUpWithoutErrors() throws {
        let out = try DataFolder([:])
        let console = RecordingConsole()
        XCTAssertEqual(RollupCommandLine.run(["generate", "--preset", "city", "--seed", "3", out.file("d")], console: console), .success)
        XCTAssertEqual(RollupCommandLine.run(["run", out.file("d"), "--out", out.file("r")], console: console), .success, "\(console.errors)")
        let rollups = try XCTUnwrap(out.read("r/rollups.csv"))
        XCTAssertGreaterThan(rollups.split(separator: "\n").count, 5_000)
    }

    func testUnknownPresetIsAUsageError() {
        XCTAssertEqual(RollupCommandLine.run(["generate", "--preset", "huge", "x"], console: RecordingConsole()), .usage)
    }
}
