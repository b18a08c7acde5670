import Foundation
import RollupIO
import XCTest

final class ManifestTests: XCTestCase {
    func manifest() -> Manifest {
        Manifest(
            version: "0.1.0", command: ["rollup", "run", "data/", "--out", "a \"b\"\\c"], data: "data/", finished: "2026-11-23T02:00:07Z",
            inputs: [Manifest.File(file: "units.csv", bytes: 3, sha256: String(repeating: "a", count: 64))],
            outputs: [Manifest.File(file: "rollups.csv", rows: 2, bytes: 10, sha256: String(repeating: "b", count: 64))],
            rejectedRows: 3, warnings: ["tab\there\nnew line \u{01}"], timings: [Manifest.Timing(stage: "load", seconds: 0.4123456)],
            exitStatus: 2)
    }

    func testJSONHasTheDocumentedKeysInOrderAndReadsBack() throws {
        let json = String(decoding: manifest().json(), as: UTF8.self)
        XCTAssertEqual(
            json,
            """
            {
              "format": "rollup-manifest/1",
              "version": "0.1.0",
              "command": ["rollup", "run", "data/", "--out", "a \\"b\\"\\\\c"],
              "data": "data/",
              "finished": "2026-11-23T02:00:07Z",
              "inputs": [
                {"file": "units.csv", "bytes": 3, "sha256": "\(String(repeating: "a", count: 64))"}
              ],
              "outputs": [
                {"file": "rollups.csv", "rows": 2, "bytes": 10, "sha256": "\(String(repeating: "b", count: 64))"}
              ],
              "rejected_rows": 3,
              "warnings": [
                "tab\\there\\nnew line \\u0001"
              ],
              "timings": [
                {"stage": "load", "seconds": 0.412346}
              ],
              "exit_status": 2
            }

            """)
        var decoded = try JSONDecoder().decode(Manifest.self, from: Data(json.utf8))
        XCTAssertEqual(decoded.timings.first?.seconds ?? 0, 0.412346, accuracy: 1e-9)
        decoded.timings = manifest().timings
        XCTAssertEqual(decoded, manifest())
        XCTAssertNoThrow(try JSONSerialization.jsonObject(with: Data(json.utf8)))
    }

    func testEmptyListsAndWholeSeconds() throws {
        var m = manifest()
        m.inputs = []
        m.warnings = []
        m.timings = [Manifest.Timing(stage: "write", seconds: 12), Manifest.Timing(stage: "x", seconds: 0.000_000_4)]
        let json = String(decoding: m.json(), as: UTF8.self)
        XCTAssertTrue(json.contains("\"inputs\": [],"))
        XCTAssertTrue(json.contains("\"warnings\": [],"))
        XCTAssertTrue(json.contains("{\"stage\": \"write\", \"seconds\": 12}"))
        XCTAssertTrue(json.contains("{\"stage\": \"x\", \"seconds\": 0}"))
        XCTAssertEqual(try JSONDecoder().decode(Manifest.self, from: Data(json.utf8)).inputs, [])
    }
}
