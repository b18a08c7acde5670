import Foundation
import RollupCLI
import RollupIO
import RollupTestSupport
import XCTest

/// What a scheduler relies on: one run at a time, the manifest and `verify`, `--skip-invalid`,
/// every exit status, and the log's last line.
final class NightlyRunTests: XCTestCase {
    let units = "code,name,parent\nD,Quận Kiến An,\nW1,Phường Bắc Sơn,D\nW2,Phường Nam Sơn,D\nW3,Phường Lãm Hà,D\n"
    let indicators = "code,name,unit,aggregation,low,high\nBEDS,Số giường bệnh,giường,sum,0,\nBHYT,Bảo hiểm y tế,%,mean,0,100\n"

    func run(_ arguments: [String]) -> (ExitStatus, RecordingConsole) {
        let console = RecordingConsole()
        return (RollupCommandLine.run(arguments, console: console), console)
    }

    func data(values: String, targets: String? = nil) throws -> DataFolder {
        var files = ["units.csv": units, "indicators.csv": indicators, "values.csv": values]
        files["targets.csv"] = targets
        return try DataFolder(files)
    }

    // MARK: one run at a time

    func testSecondRunOnTheSameOutIsRefusedAtOnceNamingTheFirst() throws {
        let data = try data(values: "unit,indicator,period,value\nW1,BEDS,2024,4\n")
        let out = try DataFolder([:])
        let lock = try RunLock.acquire(for: out.file("r"), wait: false).get()
        let started = Date()
        let (status, console) = run(["run", data.path, "--out", out.file("r"), "--log"])
        XCTAssertEqual(status, .locked)
        XCTAssertEqual(status.rawValue, 75)
        XCTAssertLessThan(Date().timeIntervalSince(started), 2)
        XCTAssertTrue(console.errors.contains { $0.contains("process \(getpid())") && $0.contains("--wait") }, "\(console.errors)")
        XCTAssertTrue(console.errors.last?.contains("stage=end status=75") == true, "\(console.errors)")
        XCTAssertNil(out.read("r/rollups.csv"))
        lock.release()
        XCTAssertEqual(run(["run", data.path, "--out", out.file("r")]).0, .success)
    }

    func testTwoProcessesAtOnceTheSecondFailsOrWaits() throws {
        _ = try RollupProcess.require()
        let data = try data(values: "unit,indicator,period,value\nW1,BEDS,2024,4\n")
        let out = try DataFolder([:])
        // This test process holds the lock as another run would.
        let lock = try RunLock.acquire(for: out.file("r"), wait: false).get()
        let refused = try RollupProcess.run(["run", data.path, "--out", out.file("r")])
        XCTAssertEqual(refused.status, 75)
        XCTAssertTrue(refused.errors.contains("process \(getpid())"), refused.errors)
        var waiting = try RollupProcess(["run", data.path, "--out", out.file("r"), "--wait", "--log"])
        Thread.sleep(forTimeInterval: 0.5)
        XCTAssertTrue(waiting.process.isRunning, "the waiting run did not wait")
        lock.release()
        let waited = waiting.finish()
        XCTAssertEqual(waited.status, 0, waited.errors)
        XCTAssertTrue(waited.errors.contains("waiting for"), waited.errors)
        XCTAssertTrue(waited.errors.contains("stage=lock"), waited.errors)
        XCTAssertEqual(out.read("r/rollups.csv")?.contains("D,BEDS,2024,4"), true)
    }

    func testARealConcurrentRunIsRefusedWithItsPID() throws {
        _ = try RollupProcess.require()
        let folder = try DataFolder([:])
        XCTAssertEqual(
            RollupCommandLine.run(
                ["generate", "--periods", "2016,2017,2018,2019,2020,2021,2022,2023,2024,2025", folder.file("d")],
                console: RecordingConsole()),
            .success)
        var first = try RollupProcess(["run", folder.file("d"), "--out", folder.file("r"), "-q"])
        // Wait until the first run holds the lock (its PID in the lock file).
        let deadline = Date().addingTimeInterval(10)
        while folder.read(".r.lock") != "\(first.pid)\n" && Date() < deadline { Thread.sleep(forTimeInterval: 0.002) }
        let second = try RollupProcess.run(["run", folder.file("d"), "--out", folder.file("r"), "-q"])
        let finished = first.finish()
        XCTAssertEqual(finished.status, 0, finished.errors)
        XCTAssertEqual(second.status, 75, second.errors)
        XCTAssertTrue(second.errors.contains("process \(first.pid)"), second.errors)
    }

    // MARK: manifest and verify

    func testManifestRecordsInputsOutputsAndVerifyDetectsChanges() throws {
        let data = try data(values: "unit,indicator,period,value\nW1,BEDS,2024,4\nW2,BEDS,2024,6\n")
        let out = try DataFolder([:])
        XCTAssertEqual(run(["run", data.path, "--out", out.file("r"), "-j", "1"]).0, .success)
        let manifest = try JSONDecoder().decode(Manifest.self, from: Data(XCTUnwrap(out.read("r/manifest.json")).utf8))
        XCTAssertEqual(manifest.format, "rollup-manifest/1")
        XCTAssertEqual(manifest.version, RollupCommandLine.version)
        XCTAssertEqual(manifest.command, ["rollup", "run", data.path, "--out", out.file("r"), "--threads", "1"])
        XCTAssertEqual(manifest.inputs.map(\.file), ["units.csv", "indicators.csv", "values.csv"])
        let values = try XCTUnwrap(manifest.inputs.last)
        XCTAssertEqual(values.bytes, Data(try XCTUnwrap(data.read("values.csv")).utf8).count)
        XCTAssertEqual(values.sha256, SHA256.hex(Array(try XCTUnwrap(data.read("values.csv")).utf8)))
        let outputs = Dictionary(uniqueKeysWithValues: manifest.outputs.map { ($0.file, $0) })
        XCTAssertEqual(outputs["rollups.csv"]?.rows, 3)
        XCTAssertEqual(outputs["rollups.csv"]?.sha256, SHA256.hex(Array(try XCTUnwrap(out.read("r/rollups.csv")).utf8)))
        XCTAssertNotNil(outputs["findings.csv"])
        for file in ["findings.csv", "progress.csv"] {
            // The rows given by the report are the file's lines after its header (no message here
            // has a line break).
            let lines = try XCTUnwrap(out.read("r/" + file)).split(separator: "\n")
            XCTAssertEqual(outputs[file]?.rows, lines.count - 1, file)
        }
        XCTAssertNil(outputs["rejected.csv"])
        XCTAssertEqual(manifest.rejectedRows, 0)
        XCTAssertEqual(manifest.exitStatus, 0)
        XCTAssertEqual(manifest.timings.map(\.stage).prefix(2), ["lock", "load"])
        // Everything matches.
        let (verified, console) = run(["verify", out.file("r"), data.path])
        XCTAssertEqual(verified, .success, "\(console.output) \(console.errors)")
        XCTAssertTrue(console.output.first?.contains("3 input files and") == true, "\(console.output)")
        // A changed input, an added one, a changed result.
        try Data("unit,indicator,period,value\nW1,BEDS,2024,5\nW2,BEDS,2024,6\n".utf8).write(
            to: URL(fileURLWithPath: data.file("values.csv")))
        try Data("unit,indicator,year,target\n".utf8).write(to: URL(fileURLWithPath: data.file("targets.csv")))
        try Data("tampered\n".utf8).write(to: URL(fileURLWithPath: out.file("r/rollups.csv")))
        let (changed, report) = run(["verify", out.file("r"), data.path])
        XCTAssertEqual(changed, .findings)
        XCTAssertEqual(changed.rawValue, 1)
        XCTAssertTrue(report.output.contains { $0.hasPrefix("changed input: \(data.file("values.csv"))") }, "\(report.output)")
        XCTAssertTrue(report.output.contains { $0.hasPrefix("added input: \(data.file("targets.csv"))") }, "\(report.output)")
        XCTAssertTrue(report.output.contains { $0.hasPrefix("changed result: \(out.file("r/rollups.csv"))") }, "\(report.output)")
        XCTAssertEqual(report.output.count, 3, "\(report.output)")
        // A missing input.
        try FileManager.default.removeItem(atPath: data.file("units.csv"))
        XCTAssertTrue(
            run(["verify", out.file("r"), data.path]).1.output.contains { $0.hasPrefix("missing input: \(data.file("units.csv"))") })
        // No manifest at all.
        let (none, noneConsole) = run(["verify", data.path, data.path])
        XCTAssertEqual(none, .inputError)
        XCTAssertTrue(noneConsole.errors.first?.contains("found no manifest.json") == true, "\(noneConsole.errors)")
    }

    func testManifestListsEveryOtherFileOfTheResultsFolder() throws {
        let data = try data(values: "unit,indicator,period,value\nW1,BEDS,2024,4\nW2,BEDS,2024,x\n")
        let out = try DataFolder([:])
        let (status, console) = run(["run", data.path, "--out", out.file("r"), "--skip-invalid", "--report", "--excel", "-q"])
        XCTAssertEqual(status, .rejectedRows, "\(console.errors)")
        let manifest = try JSONDecoder().decode(Manifest.self, from: Data(XCTUnwrap(out.read("r/manifest.json")).utf8))
        let files = try FileManager.default.contentsOfDirectory(atPath: out.file("r")).filter { $0 != "manifest.json" }.sorted()
        XCTAssertEqual(manifest.outputs.map(\.file).sorted(), files)
        XCTAssertTrue(files.contains("report.html") && files.contains("rejected.csv"), "\(files)")
        XCTAssertEqual(run(["verify", out.file("r"), data.path]).0, .success)
    }

    // MARK: --skip-invalid

    func testSkipInvalidSetsAsideExactlyTheThreeBadRowsAndRollsUpTheRest() throws {
        let data = try data(
            values: """
                unit,indicator,period,value
                W1,BEDS,2024,40
                W9,BEDS,2024,1
                W2,BEDS,2024,4O
                W3,BEDS,2024,20
                W1,BHYT,2024,90,extra
                W2,BHYT,2024,"80"

                """)
        let out = try DataFolder([:])
        let (failed, failure) = run(["run", data.path, "--out", out.file("r")])
        XCTAssertEqual(failed, .inputError)
        XCTAssertEqual(failure.errors.filter { $0.hasPrefix(data.path) }.count, 3, "\(failure.errors)")
        let (status, console) = run(["run", data.path, "--out", out.file("r"), "--skip-invalid"])
        XCTAssertEqual(status, .rejectedRows)
        XCTAssertEqual(status.rawValue, 2)
        XCTAssertTrue(console.errors.contains { $0.contains("3 rows rejected") && $0.contains("rejected.csv") }, "\(console.errors)")
        XCTAssertEqual(
            out.read("r/rejected.csv"),
            """
            file,line,column,reason,row
            values.csv,3,1,"found the unit 'W9', expected the code of a unit in units.csv","W9,BEDS,2024,1"
            values.csv,4,14,"found '4O', expected a number, a bound such as <3 or ≥ 97, a range such as 28-30, or -","W2,BEDS,2024,4O"
            values.csv,6,17,"found 5 fields, expected 4 as in the header","W1,BHYT,2024,90,extra"

            """)
        let rollups = try XCTUnwrap(out.read("r/rollups.csv"))
        XCTAssertTrue(rollups.contains("D,BEDS,2024,60,"), rollups)
        XCTAssertTrue(rollups.contains("W2,BHYT,2024,80,"), rollups)
        XCTAssertFalse(rollups.contains("W2,BEDS"), rollups)
        let manifest = try JSONDecoder().decode(Manifest.self, from: Data(XCTUnwrap(out.read("r/manifest.json")).utf8))
        XCTAssertEqual(manifest.rejectedRows, 3)
        XCTAssertEqual(manifest.exitStatus, 2)
        XCTAssertEqual(manifest.outputs.first { $0.file == "rejected.csv" }?.rows, 3)
    }

    func testSkipInvalidSetsAsideBadTargetsAndDuplicatesButKeepsTheFirst() throws {
        let data = try data(
            values: "unit,indicator,period,value\nW1,BEDS,2024,4\nW1,BEDS,2024,5\n",
            targets: "unit,indicator,year,target\nD,BHYT,2030,≥ 95\nD,BHYT,20x0,90\nD,NOPE,2030,1\n")
        let out = try DataFolder([:])
        let (status, console) = run(["run", data.path, "--out", out.file("r"), "--skip-invalid"])
        XCTAssertEqual(status, .rejectedRows, "\(console.errors)")
        let rejected = try XCTUnwrap(out.read("r/rejected.csv")).split(separator: "\n").map(String.init)
        XCTAssertEqual(rejected.count, 4, "\(rejected)")
        XCTAssertTrue(rejected[1].hasPrefix("targets.csv,3,"), rejected[1])
        XCTAssertTrue(rejected[2].hasPrefix("targets.csv,4,"), rejected[2])
        XCTAssertTrue(rejected[3].hasPrefix("values.csv,3,1,\"found a second value"), rejected[3])
        XCTAssertTrue(rejected[3].contains("(first on line 2)"), rejected[3])
        XCTAssertTrue(try XCTUnwrap(out.read("r/rollups.csv")).contains("W1,BEDS,2024,4,"))
    }

    func testSkipInvalidStillFailsOnStructuralErrors() throws {
        let cases: [(String, [String: String])] = [
            ("a cycle", ["units.csv": "code,name,parent\nA,A,B\nB,B,A\n", "indicators.csv": indicators]),
            ("a duplicate unit", ["units.csv": units + "W1,Again,D\n", "indicators.csv": indicators]),
            ("a missing file", ["units.csv": units]),
            ("a missing column", ["units.csv": units, "indicators.csv": indicators, "values.csv": "unit,indicator,value\nW1,BEDS,4\n"]),
            (
                "an unclosed quote",
                [
                    "units.csv": units, "indicators.csv": indicators,
                    "values.csv": "unit,indicator,period,value\nW1,BEDS,2024,\"4\nW2,BEDS,2024,5\n",
                ]
            ),
            ("an indicator error", ["units.csv": units, "indicators.csv": "code,name,unit,aggregation\nX,X,x,median\n"]),
        ]
        for (what, files) in cases {
            let data = try DataFolder(files)
            let out = try DataFolder([:])
            let (status, console) = run(["run", data.path, "--out", out.file("r"), "--skip-invalid"])
            XCTAssertEqual(status, .inputError, "\(what): \(console.errors)")
            XCTAssertNil(out.read("r/rollups.csv"), what)
        }
    }

    // MARK: exit statuses and logs

    func testLogNamesEveryStageInOrderWithSecondsAndProcessorTime() throws {
        let good = try data(values: "unit,indicator,period,value\nW1,BEDS,2024,4\n")
        let out = try DataFolder([:])
        let (status, console) = run(["run", good.path, "--out", out.file("r"), "--log"])
        XCTAssertEqual(status, .success)
        let stageLines = console.errors.filter { $0.contains(" rollup stage=") && !$0.contains("stage=end") }
        let names = stageLines.compactMap { line in
            line.split(separator: " ").first { $0.hasPrefix("stage=") }.map { String($0.dropFirst("stage=".count)) }
        }
        XCTAssertEqual(names, ["lock", "load", "rollup", "findings", "format", "rollups", "manifest", "write"])
        for line in stageLines {
            XCTAssertNotNil(line.range(of: #" stage=[a-z]+ seconds=\d+\.\d{3} cpu=\d+\.\d{3}( |$)"#, options: .regularExpression), line)
        }
    }

    func testEveryExitStatusAndTheLogsLastLine() throws {
        let good = try data(values: "unit,indicator,period,value\nW1,BEDS,2024,4\n")
        let bad = try data(values: "unit,indicator,period,value\nW1,BEDS,2024,x\n")
        let out = try DataFolder(["file": "not a folder"])
        XCTAssertEqual(ExitStatus.allCases.map(\.rawValue).sorted(), [0, 1, 2, 64, 65, 70, 73, 75])
        let (ok, okConsole) = run(["run", good.path, "--out", out.file("r"), "--log"])
        XCTAssertEqual(ok, .success)
        XCTAssertTrue(okConsole.errors.last?.contains(" rollup stage=end status=0 seconds=") == true, "\(okConsole.errors)")
        let (input, inputConsole) = run(["run", bad.path, "--out", out.file("r"), "--log"])
        XCTAssertEqual(input.rawValue, 65)
        let last = try XCTUnwrap(inputConsole.errors.last)
        XCTAssertNotNil(
            last.range(
                of: #"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ rollup stage=end status=65 seconds=\d+\.\d{3}$"#, options: .regularExpression), last)
        XCTAssertEqual(run(["run", bad.path, "--out", out.file("r"), "--skip-invalid"]).0.rawValue, 2)
        XCTAssertEqual(run(["run", good.path]).0.rawValue, 64)
        let (cannot, cannotConsole) = run(["run", good.path, "--out", out.file("file"), "--log"])
        XCTAssertEqual(cannot.rawValue, 73)
        XCTAssertTrue(cannotConsole.errors.last?.contains("stage=end status=73") == true, "\(cannotConsole.errors)")
        XCTAssertEqual(run(["run", good.path, "--out", "/nonexistent-rollup/r"]).0.rawValue, 73)
    }

    func testBinaryExitStatusesAsASchedulerSeesThem() throws {
        _ = try RollupProcess.require()
        let good = try data(values: "unit,indicator,period,value\nW1,BEDS,2024,4\n")
        let bad = try data(values: "unit,indicator,period,value\nW1,BEDS,2024,x\n")
        let out = try DataFolder([:])
        XCTAssertEqual(try RollupProcess.run(["run", good.path, "--out", out.file("r")]).status, 0)
        XCTAssertEqual(try RollupProcess.run(["run", bad.path, "--out", out.file("r")]).status, 65)
        XCTAssertEqual(try RollupProcess.run(["run", bad.path, "--out", out.file("r"), "--skip-invalid"]).status, 2)
        XCTAssertEqual(try RollupProcess.run(["run", "--bogus"]).status, 64)
        XCTAssertEqual(try RollupProcess.run(["verify", out.file("r"), bad.path]).status, 0)
        XCTAssertEqual(try RollupProcess.run(["verify", out.file("r"), good.path]).status, 1)
    }

    // MARK: limits

    func testInputLargerThanMemoryAllowsFailsEarly() throws {
        _ = try RollupProcess.require()
        let data = try data(values: "unit,indicator,period,value\nW1,BEDS,2024,4\n")
        let out = try DataFolder([:])
        let process = Process()
        process.executableURL = URL(fileURLWithPath: try RollupProcess.require())
        process.arguments = ["run", data.path, "--out", out.file("r")]
        process.environment = ["ROLLUP_MEMORY_AVAILABLE": "1000000"]
        let errors = Pipe()
        process.standardError = errors
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        let text = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        XCTAssertEqual(process.terminationStatus, 65)
        XCTAssertTrue(text.contains("a run needs about 128 MiB of memory (3.5 × the input + 128 MiB)"), text)
        XCTAssertTrue(text.contains("found 272 bytes of input, expected input that fits in memory"), text)
        XCTAssertTrue(text.contains("976 KiB is available (ROLLUP_MEMORY_AVAILABLE)"), text)
        XCTAssertNil(out.read("r/rollups.csv"))
    }
}
